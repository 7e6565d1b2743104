import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useEffect, type ReactNode } from "react";

/** Sets the document title: each page says where you are (RGAA 8.6). */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} – Passerelle`;
  }, [title]);
}

/** The outcome of an action, read out by screen readers (status for success, alert for errors). */
export type Notice = { ok: boolean; text: string } | null;

export function NoticeAlert({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return (
    <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mb-2w")} role={notice.ok ? "status" : "alert"} />
  );
}

/** A titled section of a page, labelled by its heading. */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={fr.cx("fr-mt-6w")}>
      <h2 id={id} className={fr.cx("fr-h3")}>
        {title}
      </h2>
      {children}
    </section>
  );
}
