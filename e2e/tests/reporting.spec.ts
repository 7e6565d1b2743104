import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { freshTotp } from "../fixtures/totp";

const shots = process.env.SHOTS_DIR ?? "test-results";

/** The Paris referent of the demo data, signed in with their password and a TOTP code. */
async function signInParisReferent(page: Page) {
  const referent = demoAccounts(dataDir).find((a) => a.email === "referent.paris@demo.passerelle.fr")!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Indicateurs de mon périmètre" })).toBeVisible();
}

test("a department referent opens the dashboard, filters a sector and downloads the CSV", { tag: "@desktop" }, async ({ page }) => {
  await signInParisReferent(page);
  // Paris, with the demo host's offer (and those other specs published before) and the 2019 target.
  await expect(page.getByText("Votre périmètre : Paris (département 75).")).toBeVisible();
  await expect(page.getByRole("row", { name: /Offres publiées/ })).toContainText(/Offres publiées\s*[1-9]\d*/);
  await expect(page.getByText(/^Offres : [1-9]\d* \//)).toBeVisible();
  await expectAccessible(page, "tableau de bord du référent");
  // The figures of this minute on demand: the counters are rebuilt and read again.
  await page.getByRole("button", { name: "Actualiser les chiffres" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Chiffres actualisés." })).toBeVisible();
  await expect(page.getByText(/chiffres du \d{1,2} \S+ \d{4} à \d{2}:\d{2}/)).toBeVisible();
  await page.screenshot({ path: `${process.env.SHOTS_DIR ?? "test-results"}/referent-refresh-${test.info().project.name}.png`, fullPage: false });

  await page.getByLabel("Secteur", { exact: true }).selectOption({ label: "Bâtiment et travaux publics (BTP)" });
  const sectors = page.getByRole("table", { name: "Par secteur" });
  await expect(sectors.getByRole("row", { name: /Bâtiment et travaux publics/ })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le tableau par secteur (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^statistiques-secteurs-\d{4}-\d{4}\.csv$/);
  const file = await (await download).path();
  const csv = fs.readFileSync(file, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain("secteur;offres;places;candidatures;stages confirmés");
  expect(csv).toMatch(/Bâtiment et travaux publics \(BTP\);[1-9]\d*;[1-9]\d*;/);
});

test("a department referent reads the charts with their figures and the priority schools to call", { tag: "@desktop" }, async ({ page }) => {
  const project = test.info().project.name;
  await signInParisReferent(page);

  // The key figures as charts (a lazy chunk), each with a name, a sentence and its table.
  const departments = page.getByRole("img", { name: "Graphique : Offres publiées et objectif, stages confirmés, par département" });
  await expect(departments).toBeVisible();
  await expect(page.getByText(/^Paris : [1-9]\d* offres? publiées? pour un objectif de \d+/)).toBeVisible();
  await expect(page.getByRole("img", { name: "Graphique : Offres publiées par secteur" })).toBeVisible();
  await expect(page.getByRole("img", { name: "Graphique : Offres publiques et privées" })).toBeVisible();
  await page.getByRole("button", { name: "Voir les données : Offres publiées par secteur" }).click();
  const sectorFigures = page.getByRole("table", { name: "Offres publiées par secteur" });
  await expect(sectorFigures).toBeVisible();
  await expect(sectorFigures.getByRole("columnheader", { name: "Part" })).toBeVisible();
  await page.getByRole("button", { name: "Voir les données : Offres publiées et objectif, stages confirmés, par département" }).click();
  await expect(
    page.getByRole("table", { name: "Offres publiées et objectif, stages confirmés, par département" }).getByRole("row", { name: /75 Paris/ }),
  ).toBeVisible();
  // The export is a PNG image, named after the chart and the year.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporter en image (PNG) : Offres publiées par secteur" }).click();
  expect((await download).suggestedFilename()).toMatch(/^graphique-secteurs-\d{4}-\d{4}\.png$/);
  const png = fs.readFileSync((await (await download).path())!);
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await (await download).saveAs(`${shots}/referent-export-sectors-${project}.png`);
  await expectAccessible(page, "graphiques du tableau de bord");
  await departments.scrollIntoViewIfNeeded();
  await page.getByRole("heading", { name: "En graphiques" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/referent-charts-${project}.png`, fullPage: false });
  await page
    .locator("figure")
    .filter({ has: page.getByRole("img", { name: "Graphique : Offres publiées par secteur" }) })
    .screenshot({ path: `${shots}/referent-chart-sectors-${project}.png` });

  // The REP and REP+ collèges of Paris that have not started, the furthest behind first.
  const priority = page.getByRole("region", { name: "Établissements prioritaires à relancer" });
  await priority.scrollIntoViewIfNeeded();
  const counts = priority.getByRole("list", { name: "Établissements par étape" });
  await expect(counts.getByRole("listitem")).toHaveCount(4);
  await expect(counts).toContainText("Pas inscrit");
  // A table on a wide screen, one card per school on a phone.
  const list =
    project === "desktop"
      ? priority.getByRole("table", { name: "Collèges REP et REP+ à relancer" })
      : priority.getByRole("list", { name: "Collèges REP et REP+ à relancer" });
  await expect(list).toBeVisible();
  const directory = list.getByRole("link", { name: /^Fiche dans l'annuaire de / }).first();
  await expect(directory).toHaveAttribute("href", /^https:\/\/data\.education\.gouv\.fr\/.*q=\d{7}[A-Z]$/);
  await expect(directory).toHaveAttribute("target", "_blank");
  await expect(list).toContainText("(75)");
  await expect(list).toContainText(/Pas inscrit|Inscrit sans semaines|Aucun élève inscrit|Aucun élève placé/);
  await expectAccessible(page, "établissements prioritaires");
  // As the referent sees it: the top of the list, then a few rows (or cards) further.
  await page.evaluate(() => document.getElementById("etablissements-prioritaires")?.scrollIntoView());
  await page.screenshot({ path: `${shots}/referent-priority-schools-${project}.png` });
  await list
    .getByRole("link", { name: /^Fiche dans l'annuaire de / })
    .nth(2)
    .scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/referent-priority-schools-rows-${project}.png` });
  // Filtered by stage: only schools not registered remain.
  await priority.getByLabel(/^Étape/).selectOption({ index: 1 });
  await expect(priority.getByRole("status")).toContainText(/^\d+ établissements?/);
  const stages = project === "desktop" ? list.locator("tbody tr td:nth-child(3)") : list.locator("li .fr-badge");
  for (const stage of await stages.allTextContents()) expect(stage).toBe("Pas inscrit");
});

test("the chart of girls and boys per sector, with its sentence and its table", async ({ page }) => {
  // Until the API serves each sector's counts by gender, they are added to its figures on their
  // way: girls from 10 to 85 % of the applications and placements, a few pupils without a gender.
  await page.route(/\/api\/v1\/stats\?/, async (route) => {
    const response = await route.fetch();
    const stats = await response.json();
    type Row = { applications: number; placements: number; [k: string]: number | string };
    // The demo's few sectors with figures, and more for a full chart (the dozen most asked for).
    const more = [
      "Santé",
      "Commerce",
      "Informatique et numérique",
      "Agriculture",
      "Administration",
      "Culture",
      "Hôtellerie",
      "Industrie",
      "Sport",
      "Transports",
      "Banque",
    ];
    more.forEach((name, i) => {
      if (stats.by_sector.length >= 12 || stats.by_sector.some((s: Row) => s.name === name)) return;
      stats.by_sector.push({ ...stats.by_sector[0], sector_id: `fictif-${i}`, name, applications: 0, placements: i % 4 === 0 ? 0 : 2 + i });
    });
    stats.by_sector.forEach((s: Row, i: number) => {
      if (i < 12) s.applications = Math.max(s.applications, 6 + ((i * 7) % 25));
      const girls = (10 + ((i * 23) % 76)) / 100;
      const known = i % 3 === 0 ? 0.9 : 1;
      s.female_applications = Math.round(s.applications * girls * known);
      s.male_applications = Math.round(s.applications * known) - s.female_applications;
      s.female_placements = Math.round(s.placements * girls);
      s.male_placements = s.placements - s.female_placements;
    });
    await route.fulfill({ response, json: stats });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInParisReferent(page);
  const chart = page.getByRole("img", { name: "Graphique : Filles et garçons par secteur" });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleDescription(
    /^Parmi les 10 secteurs qui reçoivent le plus de candidatures, les filles sont les moins représentées dans le secteur « .+ » \(\d+ % des (stages confirmés|candidatures)\) et les plus dans le secteur « .+ » \(\d+ %\)\.$/,
  );
  await page.getByRole("button", { name: "Voir les données : Filles et garçons par secteur" }).click();
  const table = page.getByRole("table", { name: "Filles et garçons par secteur" });
  await expect(table.getByRole("row")).toHaveCount(11);
  await expect(table.getByRole("columnheader", { name: "Compté sur" })).toBeVisible();
  await expectAccessible(page, "graphique filles et garçons par secteur");
  const figure = page.locator("figure").filter({ has: chart });
  await figure.screenshot({ path: `${shots}/referent-chart-gender-sectors-desktop.png` });
  await page.setViewportSize({ width: 375, height: 812 });
  await figure.screenshot({ path: `${shots}/referent-chart-gender-sectors-phone.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // A sector chosen: this chart gives way to the sector's own split by gender (when it has figures).
  const sectorSelect = page.getByRole("region", { name: "Indicateurs de mon périmètre" }).getByLabel("Secteur", { exact: true });
  await sectorSelect.selectOption({ index: 1 });
  await expect(sectorSelect).not.toHaveValue("");
  await expect(chart).toHaveCount(0);
  await page.unrouteAll({ behavior: "ignoreErrors" });
});
