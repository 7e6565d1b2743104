import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import type { components } from "../../api/client";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { countByStage, PrioritySchoolsSection } from "./PrioritySchools";
import {
  dashboardCharts,
  departmentsChart,
  genderBySectorChart,
  gendersChart,
  publicPrivateChart,
  sectorGenderSplit,
  sectorsChart,
  weeksChart,
} from "./charts/chartData";

// Chart.js draws on a canvas, which the test DOM has not: a stand-in records what it was asked.
const drawn: { type: string; labels: string[] }[] = [];
vi.mock("chart.js", () => {
  class Chart {
    static register() {}
    static defaults = { font: {}, color: "" };
    canvas: HTMLCanvasElement;
    constructor(canvas: HTMLCanvasElement, config: { type: string; data: { labels: string[] } }) {
      this.canvas = canvas;
      drawn.push({ type: config.type, labels: config.data.labels });
    }
    destroy() {}
  }
  const part = {};
  return {
    Chart,
    ArcElement: part,
    BarController: part,
    BarElement: part,
    CategoryScale: part,
    DoughnutController: part,
    Legend: part,
    LinearScale: part,
    Tooltip: part,
  };
});

type PrioritySchool = components["schemas"]["PrioritySchool"];
const school = (uai: string, name: string, stage: PrioritySchool["stage"], extra: Partial<PrioritySchool> = {}): PrioritySchool => ({
  uai,
  name,
  city: "Paris",
  department_code: "75",
  priority_education: "REP",
  stage,
  pupils: 0,
  placed: 0,
  principal_email: null,
  directory_url: `https://annuaire.example/${uai}`,
  ...extra,
});

const schools = [
  school("0750001A", "Collège Aulnay", "not_registered", { priority_education: "REP+" }),
  school("0750002B", "Collège Belleville", "not_registered"),
  school("0750003C", "Collège Clignancourt", "no_weeks", { principal_email: "principal.clignancourt@ac-paris.fr" }),
  school("0750004D", "Collège Daumesnil", "no_placement", { pupils: 48, principal_email: "ce.0750004d@ac-paris.fr" }),
];

describe("PrioritySchoolsSection", () => {
  it("lists the schools behind with their stage in words, counts them per stage and filters by stage", async () => {
    const asked: string[] = [];
    server.use(
      http.get("*/api/v1/stats/priority-schools", ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(schools);
      }),
    );
    renderAt("/", <PrioritySchoolsSection year="2026-2027" department="75" territory="Paris (département 75)" />);
    // Both the table (wide screens) and the cards (phones) are in the page; CSS shows one.
    const table = await screen.findByRole("table", { name: "Collèges REP et REP+ à relancer" });
    expect(asked).toEqual(["?school_year=2026-2027&department=75"]);
    const counts = screen.getByRole("list", { name: "Établissements par étape" });
    expect(
      within(counts)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      expect.stringMatching(/^2Pas inscrit/),
      expect.stringMatching(/^1Inscrit sans semaines/),
      expect.stringMatching(/^0Aucun élève inscrit/),
      expect.stringMatching(/^1Aucun élève placé/),
    ]);
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => within(r).getAllByRole("cell")[1].textContent)).toEqual([
      "Pas inscrit",
      "Pas inscrit",
      "Inscrit sans semaines",
      "Aucun élève placé",
    ]);
    expect(within(rows[3]).getByText(/48 élèves inscrits, 0 placé/)).toBeInTheDocument();
    expect(within(rows[2]).getByRole("link", { name: "principal.clignancourt@ac-paris.fr" })).toHaveAttribute(
      "href",
      "mailto:principal.clignancourt@ac-paris.fr",
    );
    expect(within(rows[0]).queryByRole("link", { name: /@/ })).toBeNull();
    const directory = within(rows[0]).getByRole("link", { name: "Fiche dans l'annuaire de Collège Aulnay (nouvelle fenêtre)" });
    expect(directory).toHaveAttribute("href", "https://annuaire.example/0750001A");
    expect(directory).toHaveAttribute("target", "_blank");
    // The cards say the same.
    const cards = screen.getByRole("list", { name: "Collèges REP et REP+ à relancer" });
    expect(
      within(cards)
        .getAllByRole("heading", { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(["Collège Aulnay", "Collège Belleville", "Collège Clignancourt", "Collège Daumesnil"]);

    await userEvent.selectOptions(screen.getByLabelText(/Étape/), "Inscrit sans semaines (1)");
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    expect(within(table).getByText("Collège Clignancourt")).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("1 établissement.");
  });

  it("says so when every school has started, and tells a refusal", async () => {
    server.use(http.get("*/api/v1/stats/priority-schools", () => HttpResponse.json([])));
    const { unmount } = renderAt("/", <PrioritySchoolsSection year="2026-2027" department="" />);
    expect(await screen.findByText("Tous les collèges REP et REP+ de ce périmètre ont au moins un élève placé.")).toBeInTheDocument();
    unmount();
    server.use(
      http.get("*/api/v1/stats/priority-schools", () =>
        HttpResponse.json({ code: "OUT_OF_SCOPE", message: "Ce département n'est pas dans votre périmètre." }, { status: 403 }),
      ),
    );
    renderAt("/", <PrioritySchoolsSection year="2026-2027" department="13" />);
    expect(await screen.findByRole("alert")).toHaveTextContent("Ce département n'est pas dans votre périmètre.");
  });

  it("counts per stage", () => {
    expect(countByStage(schools)).toEqual({ not_registered: 2, no_weeks: 1, no_pupils: 0, no_placement: 1 });
  });
});

const territory = (code: string, name: string, offers: number, target: number | null, placements: number) => ({
  code,
  name,
  offers,
  places: offers,
  applications: 0,
  placements,
  agreements_signed: 0,
  internships_done: 0,
  pupils: 0,
  pupils_placed: 0,
  pupils_placed_elsewhere: 0,
  target_total: target,
  reached_pct: target ? Math.round((100 * offers) / target) : null,
});
type SectorRow = components["schemas"]["SectorRow"];
const sector = (id: string, name: string, offers: number, extra: Partial<SectorRow> = {}): SectorRow => ({
  sector_id: id,
  name,
  offers,
  places: offers * 2,
  applications: 0,
  placements: 1,
  agreements_signed: 0,
  internships_done: 0,
  female_applications: 0,
  male_applications: 0,
  female_placements: 0,
  male_placements: 0,
  ...extra,
});
const gender = (g: string, applications: number, placements: number) => ({
  gender: g,
  applications,
  pupils_applied: applications,
  placements,
  agreements_signed: 0,
  internships_done: 0,
});
const stats = {
  school_year: "2026-2027",
  scope: "Paris",
  offers: 30,
  offers_public: 10,
  offers_private: 20,
  places: 60,
  targets: { total: 40, public: 20, private: 20, reached_pct: 75, reached_public_pct: 50, reached_private_pct: 100 },
  applications: 40,
  pupils_applied: 30,
  placements: 8,
  agreements_signed: 0,
  internships_done: 0,
  pupils: 100,
  consents: 0,
  pupils_placed: 8,
  pupils_placed_elsewhere: 0,
  pupils_without_placement: 92,
  pupils_without_application: 70,
  by_sector: [
    sector("s1", "Commerce", 6, { applications: 12, female_applications: 3, male_applications: 8, placements: 4, female_placements: 1, male_placements: 3 }),
    sector("s2", "Santé", 24, { applications: 20, female_applications: 15, male_applications: 4, placements: 0 }),
    sector("s3", "Agriculture", 0),
  ],
  by_ministry: [],
  by_group: [],
  by_operator: [],
  by_priority: [],
  by_region: [],
  by_academie: [],
  by_school: [],
  schools_total: 0,
  by_gender: [gender("female", 30, 6), gender("male", 10, 2)],
  by_department: [territory("75", "Paris", 30, 40, 8)],
} satisfies components["schemas"]["StatsDashboard"];

describe("the dashboard's charts", () => {
  it("compare offers with the target per department, and say it in a sentence", () => {
    const one = departmentsChart(stats.by_department)!;
    expect(one.summary).toBe("Paris : 30 offres publiées pour un objectif de 40 (75 %), 8 stages confirmés.");
    expect(one.series.map((s) => s.values)).toEqual([[30], [40], [8]]);
    expect(one.table.rows).toEqual([["75 Paris", "30", "40", "75 %", "8"]]);
    const many = departmentsChart([
      territory("75", "Paris", 50, 40, 8),
      territory("93", "Seine-Saint-Denis", 2, 30, 0),
      territory("94", "Val-de-Marne", 1, null, 0),
    ])!;
    expect(many.summary).toBe("3 départements ; objectif d'offres atteint dans 1 sur 2 qui en ont un.");
    expect(many.series[1].values).toEqual([40, 30, null]);
    expect(departmentsChart([])).toBeNull();
  });

  // The national view: 109 departments, as the tester saw.
  const nation = Array.from({ length: 109 }, (_, i) => ({
    ...territory(String(i + 1).padStart(3, "0"), `Département ${i + 1}`, 10, i < 20 ? 10 + i : null, 1),
    pupils: 1000 + i,
  }));

  it("draw at most 15 departments, the furthest from their target, and keep them all in the table", () => {
    const chart = departmentsChart(nation)!;
    expect(chart.labels).toHaveLength(15);
    for (const s of chart.series) expect(s.values).toHaveLength(15);
    expect(chart.table.rows).toHaveLength(109);
    // Departments 2 to 20 lack 1 to 19 offers: the 15 that lack the most, the furthest first.
    expect(chart.labels[0]).toBe("020 Département 20");
    expect(chart.labels[14]).toBe("006 Département 6");
    expect(chart.note).toBe("Le graphique montre les 15 départements les plus éloignés de leur objectif d'offres ; « Voir les données » les donne tous.");
    // The summary still speaks of every department.
    expect(chart.summary).toBe("109 départements ; objectif d'offres atteint dans 1 sur 20 qui en ont un.");
  });

  it("fill the 15 bars with the departments that count the most pupils when few are short of their target", () => {
    const few = nation.map((r, i) => (i < 3 ? r : { ...r, target_total: null, reached_pct: null }));
    const chart = departmentsChart(few)!;
    expect(chart.labels.slice(0, 3)).toEqual(["003 Département 3", "002 Département 2", "109 Département 109"]);
    expect(chart.note).toBe(
      "Le graphique montre les 2 départements les plus éloignés de leur objectif d'offres, puis les 13 qui comptent le plus d'élèves ; « Voir les données » les donne tous.",
    );
    const none = departmentsChart(nation.map((r) => ({ ...r, target_total: null, reached_pct: null })))!;
    expect(none.labels[0]).toBe("109 Département 109");
    expect(none.note).toBe("Le graphique montre les 15 départements qui comptent le plus d'élèves ; « Voir les données » les donne tous.");
    // Up to 15 departments (a department's or a region's referent), all of them, no note.
    const region = departmentsChart(nation.slice(0, 15))!;
    expect(region.labels).toHaveLength(15);
    expect(region.note).toBeUndefined();
  });

  it("on screen, draw 15 departments and show the 109 in the table, saying so", async () => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({} as CanvasRenderingContext2D);
    drawn.length = 0;
    const { default: DashboardCharts } = await import("./charts/DashboardCharts");
    render(<DashboardCharts stats={stats} departmentRows={nation} territory="France" />);
    expect(drawn[0].labels).toHaveLength(15);
    const table = screen.getByRole("table", { name: "Offres publiées et objectif, stages confirmés, par département" });
    expect(within(table).getAllByRole("row")).toHaveLength(110);
    expect(screen.getByRole("img", { name: "Graphique : Offres publiées et objectif, stages confirmés, par département" })).toHaveAccessibleDescription(
      "109 départements ; objectif d'offres atteint dans 1 sur 20 qui en ont un. Le graphique montre les 15 départements les plus éloignés de leur objectif d'offres ; « Voir les données » les donne tous.",
    );
  });

  it("draw sectors largest first, leave those without offers to the table, and share offers, genders and public/private", () => {
    const sectors = sectorsChart(stats)!;
    expect(sectors.labels).toEqual(["Santé", "Commerce"]);
    expect(sectors.table.rows.map((r) => [r[0], r[2]])).toEqual([
      ["Santé", "80 %"],
      ["Commerce", "20 %"],
      ["Agriculture", "0 %"],
    ]);
    expect(sectors.summary).toBe("2 secteurs ont des offres ; le premier : Santé, 24 offres (80 %).");
    const genders = gendersChart(stats, "Santé")!;
    expect(genders.title).toBe("Candidatures et stages confirmés par genre — Santé");
    expect(genders.labels).toEqual(["Filles", "Garçons"]);
    expect(genders.summary).toBe("Les filles : 75 % des candidatures, 75 % des stages confirmés.");
    const split = publicPrivateChart(stats)!;
    expect(split.kind).toBe("doughnut");
    expect(split.table.rows).toEqual([
      ["Publiques", "10", "33 %", "20", "50 %"],
      ["Privées", "20", "67 %", "20", "100 %"],
    ]);
    expect(publicPrivateChart({ ...stats, offers_public: 0, offers_private: 0 })).toBeNull();
    expect(dashboardCharts(stats, stats.by_department).map((c) => c.id)).toEqual(["departements", "public-prive", "secteurs", "genres-secteurs", "genres"]);
    // A sector chosen: its own split only.
    expect(dashboardCharts(stats, stats.by_department, "Santé").map((c) => c.id)).toEqual(["departements", "public-prive", "secteurs", "genres"]);
  });

  it("each have an accessible name and description, their figures in a table and an export, drawn once", async () => {
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue({} as CanvasRenderingContext2D);
    drawn.length = 0;
    const { default: DashboardCharts } = await import("./charts/DashboardCharts");
    const { rerender } = render(<DashboardCharts stats={stats} departmentRows={[...stats.by_department]} territory="Paris (département 75)" />);
    const images = screen.getAllByRole("img");
    expect(images.map((i) => i.getAttribute("aria-label"))).toEqual([
      "Graphique : Offres publiées et objectif, stages confirmés, par département",
      "Graphique : Offres publiques et privées",
      "Graphique : Offres publiées par secteur",
      "Graphique : Filles et garçons par secteur",
      "Graphique : Candidatures et stages confirmés par genre",
    ]);
    expect(images[1]).toHaveAccessibleDescription("10 offres publiques (33 %) et 20 offres privées (67 %).");
    expect(images[3]).toHaveAccessibleDescription(
      "Parmi les 2 secteurs qui reçoivent le plus de candidatures, les filles sont les moins représentées dans le secteur « Commerce » (25 % des stages confirmés) et les plus dans le secteur « Santé » (75 %).",
    );
    expect(screen.getAllByRole("button", { name: /^Exporter en image \(PNG\)/ })).toHaveLength(5);
    expect(screen.getByRole("button", { name: "Exporter en image (PNG) : Filles et garçons par secteur" })).toBeInTheDocument();
    const split = screen.getByRole("table", { name: "Filles et garçons par secteur" });
    expect(within(split).getByRole("row", { name: /^Santé 20 candidatures \(pas encore de stage confirmé\)/ })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Voir les données : Offres publiées par secteur" })).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Offres publiées par secteur" });
    expect(within(table).getAllByRole("row")).toHaveLength(4);
    expect(drawn.map((d) => d.type)).toEqual(["bar", "doughnut", "bar", "bar", "bar"]);
    // The dashboard builds its rows anew at each render: same figures, no new drawing.
    rerender(<DashboardCharts stats={{ ...stats }} departmentRows={[...stats.by_department]} territory="Paris (département 75)" />);
    expect(drawn).toHaveLength(5);
  });
});

describe("the referent's tables", () => {
  function answer(byGender: (typeof stats)["by_gender"]) {
    // No canvas: the charts leave their figures to their tables.
    vi.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
    server.use(
      http.get("*/api/v1/stats/priority-schools", () => HttpResponse.json([])),
      http.get("*/api/v1/stats", () => HttpResponse.json({ ...stats, by_gender: byGender })),
      http.get("*/api/v1/stats/series", () => HttpResponse.json([])),
      http.get("*/api/v1/reference/departments", () => HttpResponse.json([])),
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json([])),
      http.get("*/api/v1/ministries", () => HttpResponse.json([])),
    );
  }

  it("say there is nothing by gender yet rather than show headers over no row, nor a download of it", async () => {
    answer([]);
    const { StatsDashboardSection } = await import("./StatsPages");
    renderAt("/", <StatsDashboardSection />);
    expect(await screen.findByText("Aucune donnée pour l'instant : ce tableau se remplit avec les candidatures des élèves.")).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "Par genre" })).not.toBeInTheDocument();
    expect(screen.getByText("Par genre")).toBeInTheDocument();
    // No row, no file to download; the other tables keep theirs.
    expect(screen.queryByRole("button", { name: /^Télécharger le tableau par genre/ })).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Télécharger le tableau par secteur (CSV)" })).toBeInTheDocument();
  });

  it("show the table by gender once there are applications", async () => {
    answer([gender("female", 3, 1)]);
    const { StatsDashboardSection } = await import("./StatsPages");
    renderAt("/", <StatsDashboardSection />);
    const table = await screen.findByRole("table", { name: "Par genre" });
    expect(within(table).getByRole("row", { name: /^Filles 3 3 1/ })).toBeInTheDocument();
    expect(screen.queryByText(/^Aucune donnée pour l'instant/)).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Télécharger le tableau par genre (CSV)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Télécharger le tableau par genre (XLSX)" })).toBeInTheDocument();
  });
});

describe("the chart of girls and boys per sector", () => {
  it("shares placements by gender, or applications while a sector has none, the rest not known", () => {
    const chart = genderBySectorChart(stats)!;
    expect(chart.stacked).toBe(true);
    // The most applications first; Agriculture has none: left out.
    expect(chart.labels).toEqual(["Santé (candidatures)", "Commerce"]);
    expect(chart.series.map((s) => [s.label, s.values])).toEqual([
      ["Filles", [75, 25]],
      ["Garçons", [20, 75]],
      ["Non renseigné", [5, 0]],
    ]);
    expect(chart.table.headers).toEqual(["Secteur", "Compté sur", "Filles", "Garçons", "Non renseigné"]);
    expect(chart.table.rows).toEqual([
      ["Santé", "20 candidatures (pas encore de stage confirmé)", "15 (75 %)", "4 (20 %)", "1 (5 %)"],
      ["Commerce", "4 stages confirmés", "1 (25 %)", "3 (75 %)", "0 (0 %)"],
    ]);
    expect(chart.summary).toBe(
      "Parmi les 2 secteurs qui reçoivent le plus de candidatures, les filles sont les moins représentées dans le secteur « Commerce » (25 % des stages confirmés) et les plus dans le secteur « Santé » (75 %).",
    );
  });

  it("keeps the ten sectors with the most applications, drops the unknown series when every gender is known", () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      sector(`s${i}`, `Secteur ${String(i).padStart(2, "0")}`, 1, { applications: 10 + i, female_applications: 5, male_applications: 5 + i, placements: 0 }),
    );
    const chart = genderBySectorChart({ by_sector: many })!;
    expect(chart.labels).toHaveLength(10);
    expect(chart.labels[0]).toBe("Secteur 11 (candidatures)");
    expect(chart.series.map((s) => s.label)).toEqual(["Filles", "Garçons"]);
    // Shares to one decimal: a bar adds up to 100.
    expect(chart.series[0].values[0]! + chart.series[1].values[0]!).toBeCloseTo(100, 0);
  });

  it("says one sector's split in a sentence, and nothing without applications", () => {
    const one = genderBySectorChart({
      by_sector: [sector("s1", "Commerce", 2, { applications: 3, placements: 2, female_placements: 1, male_placements: 1 })],
    })!;
    expect(one.summary).toBe("Dans le secteur « Commerce », le seul qui a des candidatures, les filles font 50 % des stages confirmés et les garçons 50 %.");
    expect(genderBySectorChart({ by_sector: [sector("s1", "Commerce", 2)] })).toBeNull();
    expect(sectorGenderSplit(sector("s1", "Commerce", 2, { applications: 2, placements: 0 }))).toMatchObject({
      basis: "applications",
      unknown: 2,
      unknownPct: 100,
    });
  });
});

describe("wrapLabel", () => {
  it("puts a long axis label on lines of about twenty characters", async () => {
    const { wrapLabel } = await import("./charts/ChartFigure");
    expect(wrapLabel("Santé")).toBe("Santé");
    expect(wrapLabel("Bâtiment et travaux publics (BTP)")).toEqual(["Bâtiment et travaux", "publics (BTP)"]);
  });
});

describe("textOn", () => {
  it("writes a share in white on the palette's blue and green, in black on its grey", async () => {
    const { textOn } = await import("./charts/ChartFigure");
    expect(textOn("#5C68E5")).toBe("#FFFFFF");
    expect(textOn("#298641")).toBe("#FFFFFF");
    expect(textOn("#808080")).toBe("#161616");
    expect(textOn("#A4A4A4")).toBe("#161616");
  });
});

describe("the weekly chart", () => {
  const day = (d: string, applications: number, placements: number) => ({
    day: d,
    offers: 0,
    applications,
    placements,
    pupils: 0,
    pupils_placed_elsewhere: 0,
    pupils_placed: 0,
    agreements_signed: 0,
  });

  it("draws each week's new applications and placements from the last day of each week", () => {
    // Monday 30 Nov and Friday 4 Dec (one week), Wednesday 9 Dec and Sunday 13 Dec (the next), Monday 14 Dec.
    const spec = weeksChart([
      day("2026-12-04", 40, 5),
      day("2026-11-30", 10, 1),
      day("2026-12-09", 50, 6),
      day("2026-12-13", 70, 9),
      day("2026-12-14", 71, 12),
    ]);
    expect(spec?.labels).toEqual(["sem. du 07/12", "sem. du 14/12"]);
    expect(spec?.series.map((s) => s.values)).toEqual([
      [30, 1],
      [4, 3],
    ]);
    expect(spec?.table.rows[0]).toEqual(["sem. du 07/12", "30", "4", "70", "9"]);
  });

  it("needs two weeks to say anything", () => {
    expect(weeksChart([day("2026-12-07", 3, 0), day("2026-12-08", 5, 1)])).toBeNull();
    expect(weeksChart([])).toBeNull();
  });
});
