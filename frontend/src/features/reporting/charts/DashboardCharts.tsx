// The dashboard's key figures as charts (a lazy chunk with Chart.js: only the referents' and
// admins' dashboard loads it).
import { fr } from "@codegouvfr/react-dsfr";
import { useState } from "react";
import type { components } from "../../../api/client";
import { ChartFigure } from "./ChartFigure";
import { dashboardCharts } from "./chartData";

type Props = {
  stats: components["schemas"]["StatsDashboard"];
  departmentRows: components["schemas"]["TerritoryRow"][];
  sectorName?: string;
  /** "Paris (département 75)": written under an exported image. */
  territory?: string;
  /** The campaign day by day (the weekly chart). */
  days?: components["schemas"]["DayFigures"][];
};

export default function DashboardCharts({ stats, departmentRows, sectorName, territory, days }: Props) {
  const charts = useSameValue(dashboardCharts(stats, departmentRows, sectorName, days));
  const source = `Source : Passerelle · ${territory ?? stats.scope} · ${stats.school_year}${sectorName ? ` · ${sectorName}` : ""}`;
  if (charts.length === 0) return <p>Pas encore de chiffre à représenter pour ce périmètre.</p>;
  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-4w")}>
      {charts.map((spec) => (
        <div key={spec.id} className={fr.cx("fr-col-12", spec.labels.length > 6 ? "fr-col-lg-12" : "fr-col-lg-6")}>
          <ChartFigure spec={spec} source={source} filename={`graphique-${spec.id}-${stats.school_year}.png`} />
        </div>
      ))}
    </div>
  );
}

/** The value of the last render while it says the same: a chart is drawn again only when its
 *  figures change (the dashboard builds its rows anew at each render). */
function useSameValue<T>(value: T): T {
  const [kept, setKept] = useState(value);
  if (JSON.stringify(kept) !== JSON.stringify(value)) {
    setKept(value);
    return value;
  }
  return kept;
}
