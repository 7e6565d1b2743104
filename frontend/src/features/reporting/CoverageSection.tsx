// Coverage: how many pupils have their internship, through Passerelle or found elsewhere (family,
// network, validated by their school), against the pupils enrolled. A block of the referents'
// dashboard, and the columns its territory and school tables gain.
import { fr } from "@codegouvfr/react-dsfr";
import type { components } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { formatNumber as fmt, formatPct } from "../../i18n";
import { Defined } from "./Glossary";

type Stats = Pick<
  components["schemas"]["StatsDashboard"],
  "pupils" | "pupils_placed" | "pupils_placed_elsewhere" | "pupils_without_placement" | "coverage_pct"
>;
type TerritoryRow = components["schemas"]["TerritoryRow"];
type SchoolRow = components["schemas"]["SchoolRow"];
type PriorityRow = components["schemas"]["PriorityRow"];

/** A share of the pupils enrolled, in %, one decimal (no figure without pupils). */
export const share = (n: number, of: number) => (of > 0 ? Math.round((n * 1000) / of) / 10 : null);

const legend: Record<string, string> = { platform: "Via Passerelle", elsewhere: "Trouvé ailleurs", without: "Sans stage" };

/** The coverage block: pupils with an internship via Passerelle, found elsewhere, without one. */
export function CoverageSection({ stats }: { stats: Stats }) {
  const pct = Math.min(100, stats.coverage_pct ?? 0);
  const parts = [
    { key: "platform", n: stats.pupils_placed, colour: "var(--background-action-high-blue-france)" },
    { key: "elsewhere", n: stats.pupils_placed_elsewhere, colour: "var(--background-action-high-green-emeraude)" },
  ];
  return (
    <section aria-labelledby="couverture" className={fr.cx("fr-mt-4w")}>
      <h3 id="couverture" className={fr.cx("fr-h5")}>
        Couverture des élèves
      </h3>
      <p>
        <Defined term="Taux de couverture" /> : <strong>{formatPct(stats.coverage_pct)}</strong> des élèves inscrits ont leur stage, trouvé sur Passerelle ou
        ailleurs.
      </p>
      <div
        role="img"
        aria-label={`${formatPct(share(stats.pupils_placed, stats.pupils))} des élèves avec un stage via Passerelle, ${formatPct(share(stats.pupils_placed_elsewhere, stats.pupils))} avec un stage trouvé ailleurs`}
        className={fr.cx("fr-mb-1w")}
        style={{ display: "flex", background: "var(--background-contrast-grey)", height: "1rem", maxWidth: "40rem" }}
      >
        {pct > 0 && parts.map((p) => <div key={p.key} style={{ width: `${share(p.n, stats.pupils) ?? 0}%`, height: "100%", background: p.colour }} />)}
      </div>
      {/* The bar's key, for the eyes (the bar's label and the table below say the same). */}
      <ul className={fr.cx("fr-raw-list", "fr-text--sm", "fr-mb-2w")} aria-hidden="true" style={{ display: "flex", flexWrap: "wrap", columnGap: "1.5rem" }}>
        {[...parts, { key: "without", n: 0, colour: "var(--background-contrast-grey)" }].map((p) => (
          <li key={p.key}>
            <span
              style={{
                display: "inline-block",
                width: "0.75rem",
                height: "0.75rem",
                marginRight: "0.5rem",
                verticalAlign: "middle",
                background: p.colour,
                border: "1px solid var(--border-default-grey)",
              }}
            />
            {legend[p.key]}
          </li>
        ))}
      </ul>
      <DataTable
        caption="Élèves et leur stage"
        headers={["Élèves", "Nombre", "Part des inscrits"]}
        rows={[
          [
            <Defined key="pp" term="Élèves ayant trouvé leur stage" label="Avec un stage via Passerelle" />,
            fmt(stats.pupils_placed),
            formatPct(share(stats.pupils_placed, stats.pupils)),
          ],
          [
            <Defined key="pe" term="Stage trouvé ailleurs" label="Avec un stage trouvé ailleurs" />,
            fmt(stats.pupils_placed_elsewhere),
            formatPct(share(stats.pupils_placed_elsewhere, stats.pupils)),
          ],
          [
            <Defined key="ps" term="Élèves ayant trouvé leur stage" label="Sans stage" />,
            fmt(stats.pupils_without_placement),
            formatPct(share(stats.pupils_without_placement, stats.pupils)),
          ],
          [<Defined key="pi" term="Élèves inscrits" />, fmt(stats.pupils), stats.pupils > 0 ? "100 %" : "—"],
        ]}
      />
    </section>
  );
}

/** The columns the territory tables (departments) gain. */
export const territoryCoverageHeaders = ["Stage trouvé ailleurs", "Taux de couverture"];
export const territoryCoverageCells = (d: Pick<TerritoryRow, "pupils_placed_elsewhere" | "coverage_pct">) => [
  fmt(d.pupils_placed_elsewhere),
  formatPct(d.coverage_pct),
];

/** The columns the schools' table gains (the rate out of the school's own figures). */
export const schoolCoverageHeaders = ["Stage trouvé ailleurs", "Taux de couverture"];
export const schoolCoverageCells = (s: Pick<SchoolRow, "pupils" | "placed" | "placed_elsewhere">) => [
  fmt(s.placed_elsewhere),
  formatPct(share(s.placed + s.placed_elsewhere, s.pupils)),
];

/** The column the priority-education table gains. */
export const priorityCoverageHeaders = ["Stage trouvé ailleurs"];
export const priorityCoverageCells = (p: Pick<PriorityRow, "placed_elsewhere">) => [fmt(p.placed_elsewhere)];
