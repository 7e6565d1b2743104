// What the referents' map of departments says (issue 27), apart from the drawing: each
// department's rate (offers against the target, or pupils with an internship against pupils
// enrolled), its
// class on the colour scale, its accessible name and the legend. Tested without a DOM.
import type { components } from "../../../api/client";
import { formatNumber as fmt, formatPct, plural } from "../../../i18n";
import { metropolitanBoxes } from "./departmentShapes";

type TerritoryRow = components["schemas"]["TerritoryRow"];

/** "offers": offers published against the department's target (reached_pct); "coverage": pupils
 *  with an internship, found on the platform or elsewhere, against the pupils enrolled in the
 *  department's schools (coverage_pct). */
export type RateKind = "offers" | "coverage";

export const rateLabels: Record<RateKind, string> = {
  offers: "Offres par rapport à l'objectif",
  coverage: "Élèves ayant un stage (sur Passerelle ou ailleurs)",
};

/** A department's rate in per cent to one decimal (as the table "Par département" writes it), or
 *  why there is none. */
export type Rate = { pct: number; missing?: undefined } | { pct: null; missing: "no_target" | "no_pupils" };

const tenth = (x: number) => Math.round(x * 10) / 10;

export function departmentRate(row: TerritoryRow, kind: RateKind): Rate {
  if (kind === "offers") {
    if (row.target_total == null || row.target_total <= 0) return { pct: null, missing: "no_target" };
    return { pct: row.reached_pct ?? tenth((100 * row.offers) / row.target_total) };
  }
  if (row.pupils <= 0) return { pct: null, missing: "no_pupils" };
  return { pct: row.coverage_pct ?? tenth((100 * (row.pupils_placed + row.pupils_placed_elsewhere)) / row.pupils) };
}

/** The sequential scale: "0 %" apart (no offer at all: the gaps a referent looks for), then
 *  classes of 25 points, the last one "objective reached" (100 % and more). Shades of the DSFR's
 *  blue France, light to dark; the figure is always written beside (accessible name, the panel
 *  beside the map, the table "Par département"): colour is not alone. */
/** `max`: the class's upper bound, excluded (the first class is 0 alone, the last has none). */
export const rateClasses: { max: number | null; fill: string; label: string }[] = [
  { max: 0, fill: "#ECECFE", label: "0 %" },
  { max: 25, fill: "#C1C1FB", label: "0,1 à 24,9 %" },
  { max: 50, fill: "#9A9AF8", label: "25 à 49,9 %" },
  { max: 75, fill: "#6A6AF4", label: "50 à 74,9 %" },
  { max: 100, fill: "#3A3AD0", label: "75 à 99,9 %" },
  { max: null, fill: "#000091", label: "100 % et plus" },
];

/** The class of a rate on the scale (its index in rateClasses), or null without a rate: 0 alone,
 *  then from each class's min (included) to its max (excluded). */
export function rateClass(pct: number | null): number | null {
  if (pct == null) return null;
  if (pct <= 0) return 0;
  return rateClasses.findIndex((c, i) => i > 0 && (c.max == null || pct < c.max));
}

/** A dark shade takes a light outline to keep the border between two departments visible. */
export const isDark = (cls: number | null) => cls != null && cls >= 4;

/** "45 % de l'objectif", "12 % des élèves inscrits ont un stage", "pas d'objectif"… */
export function rateText(rate: Rate, kind: RateKind): string {
  if (rate.pct == null) return rate.missing === "no_target" ? "pas d'objectif" : "pas d'élève inscrit";
  return kind === "offers" ? `${formatPct(rate.pct)} de l'objectif` : `${formatPct(rate.pct)} des élèves inscrits ont un stage`;
}

/** The name a screen reader reads on the map: "Paris : 45 % de l'objectif, cliquer pour voir le détail". */
export function accessibleName(row: Pick<TerritoryRow, "name">, rate: Rate, kind: RateKind): string {
  return `${row.name} : ${rateText(rate, kind)}, cliquer pour voir le détail`;
}

/** The figures behind the rate, for the information panel: "90 offres pour un objectif de 200",
 *  "35 élèves avec un stage (30 sur Passerelle, 5 ailleurs) sur 400 élèves inscrits". */
export function rateDetail(row: TerritoryRow, kind: RateKind): string {
  if (kind === "offers") {
    const offers = plural(row.offers, "offre publiée", "offres publiées");
    return row.target_total == null ? `${offers}, sans objectif fixé` : `${offers} pour un objectif de ${fmt(row.target_total)}`;
  }
  const withInternship = plural(row.pupils_placed + row.pupils_placed_elsewhere, "élève avec un stage", "élèves avec un stage");
  const where = `${fmt(row.pupils_placed)} sur Passerelle, ${fmt(row.pupils_placed_elsewhere)} ailleurs`;
  return `${withInternship} (${where}) sur ${plural(row.pupils, "élève inscrit", "élèves inscrits")}`;
}

/** How many departments of the view fall in each class, and without a rate: the legend's counts. */
export function classCounts(rows: TerritoryRow[], kind: RateKind): { byClass: number[]; missing: number } {
  const byClass = rateClasses.map(() => 0);
  let missing = 0;
  for (const r of rows) {
    const cls = rateClass(departmentRate(r, kind).pct);
    if (cls == null) missing += 1;
    else byClass[cls] += 1;
  }
  return { byClass, missing };
}

/** Whether the second rate says anything: some department of the view has pupils enrolled. */
export const coverageRateMakesSense = (rows: TerritoryRow[]) => rows.some((r) => r.pupils > 0);

/** The departments of Paris and its inner ring: too small on the whole map, drawn again larger. */
export const PARIS_AREA = ["75", "92", "93", "94"];

/** The part of the metropolitan drawing that frames these departments, with a margin: the whole of
 *  France for a national referent, their région or académie for the others. Null when none is drawn. */
export function frame(codes: string[], margin = 0.06): string | null {
  const boxes = codes.map((c) => metropolitanBoxes[c]).filter((b) => b != null);
  if (boxes.length === 0) return null;
  const x0 = Math.min(...boxes.map((b) => b[0]));
  const y0 = Math.min(...boxes.map((b) => b[1]));
  const x1 = Math.max(...boxes.map((b) => b[2]));
  const y1 = Math.max(...boxes.map((b) => b[3]));
  const pad = Math.round(Math.max(x1 - x0, y1 - y0) * margin) + 2;
  return `${x0 - pad} ${y0 - pad} ${x1 - x0 + 2 * pad} ${y1 - y0 + 2 * pad}`;
}

/** The frame of a department referent's map: their department in the middle with enough of its
 *  neighbours around to place it (a third of its size on each side, and at least `minSize` units
 *  wide and high, so that Paris shows its inner ring). Null without a metropolitan outline. */
export function frameAround(code: string, minSize = 60): string | null {
  const b = metropolitanBoxes[code];
  if (!b) return null;
  const [x0, y0, x1, y1] = b;
  const side = Math.max(x1 - x0, y1 - y0);
  const pad = (extent: number) => Math.max(Math.round(side * 0.35), Math.ceil((minSize - extent) / 2));
  const px = pad(x1 - x0);
  const py = pad(y1 - y0);
  return `${x0 - px} ${y0 - py} ${x1 - x0 + 2 * px} ${y1 - y0 + 2 * py}`;
}

/** "12 départements" beside the legend's class. */
export const departmentsCount = (n: number) => plural(n, "département", "départements");
