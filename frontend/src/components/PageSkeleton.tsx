import { fr } from "@codegouvfr/react-dsfr";

const bar = (width: string, height: string) => ({
  width,
  height,
  borderRadius: "0.25rem",
  background: "var(--background-contrast-grey)",
});

/** What shows while a screen's code or data comes: the shape of a DSFR page (a title, a lead,
 *  a few lines, a block), in the design system's neutral grey, read as "Chargement…" by screen
 *  readers. It keeps the page's height, so that the footer does not jump when the page arrives. */
export function PageSkeleton({ lines = 3 }: { lines?: number }) {
  return (
    <div aria-busy="true" role="status" style={{ minHeight: "60vh" }}>
      <span className={fr.cx("fr-sr-only")}>Chargement…</span>
      <div aria-hidden="true">
        <div className={fr.cx("fr-mb-4w")} style={bar("min(32rem, 80%)", "2.5rem")} />
        <div className={fr.cx("fr-mb-3w")} style={bar("min(44rem, 100%)", "1.5rem")} />
        {Array.from({ length: lines }, (_, i) => (
          <div key={i} className={fr.cx("fr-mb-2w")} style={bar(i % 2 ? "85%" : "95%", "1rem")} />
        ))}
        <div className={fr.cx("fr-mt-4w")} style={bar("100%", "8rem")} />
      </div>
    </div>
  );
}
