// What each chart of the referent's dashboard draws, read from the figures the dashboard already
// has (GET /stats): its title, a one-sentence summary (the chart's description), its series and
// the table that says the same in figures (RGAA: every chart has a text alternative). No drawing
// here, so that it is tested without a canvas.
import type { components } from "../../../api/client";
import { formatNumber as fmt, formatPct, genderLabels, plural } from "../../../i18n";

type Stats = components["schemas"]["StatsDashboard"];
type TerritoryRow = components["schemas"]["TerritoryRow"];
type DayFigures = components["schemas"]["DayFigures"];
type SectorRow = components["schemas"]["SectorRow"];

export type Series = {
  label: string;
  values: (number | null)[];
  /** Its colour in the chart palette (an index), when it is not the series' rank. */
  colour?: number;
};

export type ChartSpec = {
  /** Also the export's file name: "graphique-departements-2026-2027.png". */
  id: string;
  title: string;
  summary: string;
  kind: "bar" | "doughnut";
  labels: string[];
  series: Series[];
  table: { headers: string[]; rows: string[][] };
  /** Shares of a whole: the bars are stacked on a scale of 0 to 100 %. */
  stacked?: boolean;
  /** Which rows the chart draws when it draws fewer than its table has (shown under the title). */
  note?: string;
};

/** A share in whole per cent, "—" when there is nothing to share. */
export function share(part: number, total: number): string {
  return total > 0 ? formatPct(Math.round((100 * part) / total)) : "—";
}

/** Offers still missing to reach a department's target, null without a target. */
const missingOffers = (r: TerritoryRow) => (r.target_total == null ? null : Math.max(0, r.target_total - r.offers));

/** The departments a chart of `max` bars draws: those furthest from their target of offers (the
 *  most offers missing), then, when fewer than `max` are short of it, those with the most pupils.
 *  Ties go by code, so that the choice does not depend on the rows' order. */
export function departmentsToDraw(rows: TerritoryRow[], max: number): { drawn: TerritoryRow[]; short: number } {
  const gap = (r: TerritoryRow) => missingOffers(r) ?? 0;
  const drawn = [...rows].sort((a, b) => gap(b) - gap(a) || b.pupils - a.pupils || a.code.localeCompare(b.code)).slice(0, max);
  return { drawn, short: drawn.filter((r) => gap(r) > 0).length };
}

/** What the note under the title says of the departments drawn. */
function drawnNote(drawn: number, short: number): string {
  const which =
    short === drawn
      ? `les ${fmt(drawn)} départements les plus éloignés de leur objectif d'offres`
      : short === 0
        ? `les ${fmt(drawn)} départements qui comptent le plus d'élèves`
        : `${short > 1 ? `les ${fmt(short)} départements les plus éloignés` : "le seul département éloigné"} de leur objectif d'offres, puis ${
            drawn - short > 1 ? `les ${fmt(drawn - short)} qui comptent` : "celui qui compte"
          } le plus d'élèves`;
  return `Le graphique montre ${which} ; « Voir les données » les donne tous.`;
}

/** Offers against the target, and placements, per department of the view. At most `max`
 *  departments drawn (a national view has 109 departments: a chart of them all is some 9,000 px tall); the
 *  table keeps every department. */
export function departmentsChart(rows: TerritoryRow[], max = 15): ChartSpec | null {
  if (rows.length === 0) return null;
  const withTarget = rows.filter((r) => r.target_total != null);
  const reached = withTarget.filter((r) => (r.reached_pct ?? 0) >= 100).length;
  const summary =
    rows.length === 1
      ? `${rows[0].name} : ${plural(rows[0].offers, "offre publiée", "offres publiées")}${
          rows[0].target_total != null ? ` pour un objectif de ${fmt(rows[0].target_total)} (${formatPct(rows[0].reached_pct)})` : ", sans objectif fixé"
        }, ${plural(rows[0].placements, "stage confirmé", "stages confirmés")}.`
      : `${plural(rows.length, "département", "départements")} ; objectif d'offres atteint dans ${fmt(reached)} sur ${fmt(withTarget.length)} ${
          withTarget.length > 1 ? "qui en ont un" : "qui en a un"
        }.`;
  const { drawn, short } = rows.length > max ? departmentsToDraw(rows, max) : { drawn: rows, short: 0 };
  return {
    id: "departements",
    title: "Offres publiées et objectif, stages confirmés, par département",
    summary,
    note: drawn.length < rows.length ? drawnNote(drawn.length, short) : undefined,
    kind: "bar",
    labels: drawn.map((r) => `${r.code} ${r.name}`),
    series: [
      { label: "Offres publiées", values: drawn.map((r) => r.offers) },
      { label: "Objectif d'offres", values: drawn.map((r) => r.target_total ?? null) },
      { label: "Stages confirmés", values: drawn.map((r) => r.placements) },
    ],
    table: {
      headers: ["Département", "Offres publiées", "Objectif d'offres", "% atteint", "Stages confirmés"],
      rows: rows.map((r) => [
        `${r.code} ${r.name}`,
        fmt(r.offers),
        r.target_total == null ? "—" : fmt(r.target_total),
        formatPct(r.reached_pct),
        fmt(r.placements),
      ]),
    },
  };
}

/** Offers per sector, the largest first (sectors without any offer are in the table only). */
export function sectorsChart(stats: Pick<Stats, "by_sector" | "offers">): ChartSpec | null {
  const sorted = [...stats.by_sector].sort((a, b) => b.offers - a.offers || a.name.localeCompare(b.name, "fr"));
  const drawn = sorted.filter((s) => s.offers > 0);
  if (drawn.length === 0) return null;
  const total = sorted.reduce((n, s) => n + s.offers, 0);
  const first = drawn[0];
  return {
    id: "secteurs",
    title: "Offres publiées par secteur",
    summary:
      drawn.length === 1
        ? `Un seul secteur a des offres : ${first.name}, ${plural(first.offers, "offre", "offres")}.`
        : `${fmt(drawn.length)} secteurs ont des offres ; le premier : ${first.name}, ${plural(first.offers, "offre", "offres")} (${share(first.offers, total)}).`,
    kind: "bar",
    labels: drawn.map((s) => s.name),
    series: [{ label: "Offres publiées", values: drawn.map((s) => s.offers) }],
    table: {
      headers: ["Secteur", "Offres publiées", "Part", "Places", "Stages confirmés"],
      rows: sorted.map((s) => [s.name, fmt(s.offers), share(s.offers, total), fmt(s.places), fmt(s.placements)]),
    },
  };
}

/** Applications and placements per gender (of the sector filtered, when there is one). */
export function gendersChart(stats: Pick<Stats, "by_gender">, sectorName?: string): ChartSpec | null {
  const rows = stats.by_gender;
  const applications = rows.reduce((n, g) => n + g.applications, 0);
  const placements = rows.reduce((n, g) => n + g.placements, 0);
  if (applications === 0 && placements === 0) return null;
  const label = (g: string) => genderLabels[g] ?? g;
  const girls = rows.find((g) => g.gender === "female");
  return {
    id: "genres",
    title: `Candidatures et stages confirmés par genre${sectorName ? ` — ${sectorName}` : ""}`,
    summary: girls
      ? `Les filles : ${share(girls.applications, applications)} des candidatures, ${share(girls.placements, placements)} des stages confirmés.`
      : `${plural(applications, "candidature", "candidatures")}, ${plural(placements, "stage confirmé", "stages confirmés")}.`,
    kind: "bar",
    labels: rows.map((g) => label(g.gender)),
    series: [
      { label: "Candidatures", values: rows.map((g) => g.applications) },
      { label: "Élèves ayant candidaté", values: rows.map((g) => g.pupils_applied) },
      { label: "Stages confirmés", values: rows.map((g) => g.placements) },
    ],
    table: {
      headers: ["Genre", "Candidatures", "Part des candidatures", "Élèves ayant candidaté", "Stages confirmés", "Part des stages"],
      rows: rows.map((g) => [
        label(g.gender),
        fmt(g.applications),
        share(g.applications, applications),
        fmt(g.pupils_applied),
        fmt(g.placements),
        share(g.placements, placements),
      ]),
    },
  };
}

/** One decimal: the stacked shares of a bar add up to 100 (near enough), each rounded in words. */
const pctOf = (part: number, total: number) => (total > 0 ? Math.round((1000 * part) / total) / 10 : 0);

/** A sector's split by gender: among its confirmed placements, or its applications while it has
 *  none (`basis`). "Non renseigné": the pupils whose gender is not known. */
export function sectorGenderSplit(s: SectorRow) {
  const basis: "placements" | "applications" = s.placements > 0 ? "placements" : "applications";
  const total = basis === "placements" ? s.placements : s.applications;
  const female = basis === "placements" ? s.female_placements : s.female_applications;
  const male = basis === "placements" ? s.male_placements : s.male_applications;
  const unknown = Math.max(0, total - female - male);
  return { basis, total, female, male, unknown, femalePct: pctOf(female, total), malePct: pctOf(male, total), unknownPct: pctOf(unknown, total) };
}

/** The share of girls and boys per sector (issue 27's indicator of gender balance), for the sectors
 *  that receive the most applications (ten at most): among the confirmed placements, or the
 *  applications while a sector has no placement yet (the table says which). */
export function genderBySectorChart(stats: Pick<Stats, "by_sector">, max = 10): ChartSpec | null {
  const drawn = stats.by_sector
    .filter((s) => s.applications > 0)
    .sort((a, b) => b.applications - a.applications || a.name.localeCompare(b.name, "fr"))
    .slice(0, max)
    .map((s) => ({ s, split: sectorGenderSplit(s) }));
  if (drawn.length === 0) return null;
  const basisWords = { placements: "des stages confirmés", applications: "des candidatures" };
  const label = ({ s, split }: (typeof drawn)[number]) => (split.basis === "applications" ? `${s.name} (candidatures)` : s.name);
  const pct = (x: number) => formatPct(Math.round(x));
  const byGirls = [...drawn].sort((a, b) => a.split.femalePct - b.split.femalePct);
  const least = byGirls[0];
  const most = byGirls[byGirls.length - 1];
  const among =
    drawn.length === 1
      ? `Dans le secteur « ${least.s.name} », le seul qui a des candidatures`
      : `Parmi les ${fmt(drawn.length)} secteurs qui reçoivent le plus de candidatures`;
  const summary =
    drawn.length === 1
      ? `${among}, les filles font ${pct(least.split.femalePct)} ${basisWords[least.split.basis]} et les garçons ${pct(least.split.malePct)}.`
      : least.split.femalePct === most.split.femalePct
        ? `${among}, les filles font partout ${pct(least.split.femalePct)} des élèves.`
        : `${among}, les filles sont les moins représentées dans le secteur « ${least.s.name} » (${pct(least.split.femalePct)} ${
            basisWords[least.split.basis]
          }) et les plus dans le secteur « ${most.s.name} » (${pct(most.split.femalePct)}).`;
  const series: Series[] = [
    { label: "Filles", values: drawn.map((d) => d.split.femalePct), colour: 0 },
    { label: "Garçons", values: drawn.map((d) => d.split.malePct), colour: 2 },
  ];
  if (drawn.some((d) => d.split.unknown > 0)) series.push({ label: "Non renseigné", values: drawn.map((d) => d.split.unknownPct), colour: 1 });
  const cell = (n: number, p: number) => `${fmt(n)} (${pct(p)})`;
  return {
    id: "genres-secteurs",
    title: "Filles et garçons par secteur",
    summary,
    kind: "bar",
    stacked: true,
    labels: drawn.map(label),
    series,
    table: {
      headers: ["Secteur", "Compté sur", "Filles", "Garçons", "Non renseigné"],
      rows: drawn.map(({ s, split }) => [
        s.name,
        split.basis === "placements"
          ? plural(split.total, "stage confirmé", "stages confirmés")
          : `${plural(split.total, "candidature", "candidatures")} (pas encore de stage confirmé)`,
        cell(split.female, split.femalePct),
        cell(split.male, split.malePct),
        cell(split.unknown, split.unknownPct),
      ]),
    },
  };
}

/** Public and private offers: the split, and each against its target when one is set. */
export function publicPrivateChart(stats: Pick<Stats, "offers_public" | "offers_private" | "targets">): ChartSpec | null {
  const total = stats.offers_public + stats.offers_private;
  if (total === 0) return null;
  const t = stats.targets;
  return {
    id: "public-prive",
    title: "Offres publiques et privées",
    summary: `${plural(stats.offers_public, "offre publique", "offres publiques")} (${share(stats.offers_public, total)}) et ${plural(
      stats.offers_private,
      "offre privée",
      "offres privées",
    )} (${share(stats.offers_private, total)}).`,
    kind: "doughnut",
    labels: ["Offres publiques", "Offres privées"],
    series: [{ label: "Offres publiées", values: [stats.offers_public, stats.offers_private] }],
    table: {
      headers: ["Offres", "Publiées", "Part", "Objectif", "% atteint"],
      rows: [
        ["Publiques", fmt(stats.offers_public), share(stats.offers_public, total), t ? fmt(t.public) : "—", formatPct(t?.reached_public_pct)],
        ["Privées", fmt(stats.offers_private), share(stats.offers_private, total), t ? fmt(t.private) : "—", formatPct(t?.reached_private_pct)],
      ],
    },
  };
}

/** The dashboard's charts, in reading order; those without anything to draw are left out. */
/** The Monday (UTC) of a day's ISO week, "YYYY-MM-DD". */
function mondayKey(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** New applications and placements week by week, from the figures kept at the end of each day
 *  (a week's figure: its last day's total less the previous week's). */
export function weeksChart(days: DayFigures[]): ChartSpec | null {
  const lastOfWeek = new Map<string, DayFigures>();
  for (const d of [...days].sort((a, b) => a.day.localeCompare(b.day))) lastOfWeek.set(mondayKey(d.day), d);
  const weeks = [...lastOfWeek.entries()];
  if (weeks.length < 2) return null;
  const rows = weeks.slice(1).map(([monday, d], i) => {
    const before = weeks[i][1];
    return { monday, applications: Math.max(0, d.applications - before.applications), placements: Math.max(0, d.placements - before.placements), d };
  });
  const label = (monday: string) => `sem. du ${monday.slice(8, 10)}/${monday.slice(5, 7)}`;
  const last = rows[rows.length - 1];
  return {
    id: "semaines",
    title: "Candidatures et stages confirmés, semaine par semaine",
    summary: `Semaine du ${last.monday.slice(8, 10)}/${last.monday.slice(5, 7)} : ${plural(last.applications, "nouvelle candidature", "nouvelles candidatures")}, ${plural(
      last.placements,
      "nouveau stage confirmé",
      "nouveaux stages confirmés",
    )}.`,
    kind: "bar",
    labels: rows.map((r) => label(r.monday)),
    series: [
      { label: "Nouvelles candidatures", values: rows.map((r) => r.applications) },
      { label: "Nouveaux stages confirmés", values: rows.map((r) => r.placements) },
    ],
    table: {
      headers: ["Semaine", "Nouvelles candidatures", "Nouveaux stages confirmés", "Candidatures (total)", "Stages confirmés (total)"],
      rows: rows.map((r) => [label(r.monday), fmt(r.applications), fmt(r.placements), fmt(r.d.applications), fmt(r.d.placements)]),
    },
  };
}

export function dashboardCharts(stats: Stats, departmentRows: TerritoryRow[], sectorName?: string, days: DayFigures[] = []): ChartSpec[] {
  return [
    weeksChart(days),
    departmentsChart(departmentRows),
    publicPrivateChart(stats),
    sectorsChart(stats),
    // Across sectors when none is chosen; the chosen sector's split is the next chart.
    sectorName ? null : genderBySectorChart(stats),
    gendersChart(stats, sectorName),
  ].filter((c): c is ChartSpec => c !== null);
}
