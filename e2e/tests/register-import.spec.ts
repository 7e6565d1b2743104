import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { dataDir } from "../fixtures/paths";
import { openSection } from "../fixtures/schoolSpace";
import { schoolYear } from "../fixtures/schools";
import { confirmedAccount, logIn } from "../fixtures/session";

// A principal enrols the school's pupils from the register's XML export (ISO-8859-15, as the
// register writes it), reads the report, finds the pupils in their classes, and imports again
// without duplicates. Screenshots at phone and desktop widths go to SHOTS.

const UAI = "0421452A"; // Collège Gambetta, Saint-Étienne (a school no other spec registers)
const SHOTS = process.env.SHOTS_DIR ?? path.join(dataDir, "shots");

type Line = [id: string, ine: string, last: string, first: string, birth: string, sex: string, mef: string, division: string];

function registerXml(lines: Line[]): Buffer {
  const pupils = lines
    .map(
      ([id, ine, last, first, birth, sex, mef]) =>
        `<ELEVE ELEVE_ID="${id}"><ID_NATIONAL>${ine}</ID_NATIONAL><NOM_DE_FAMILLE>${last}</NOM_DE_FAMILLE><PRENOM>${first}</PRENOM><DATE_NAISS>${birth}</DATE_NAISS><CODE_SEXE>${sex}</CODE_SEXE><CODE_MEF>${mef}</CODE_MEF></ELEVE>`,
    )
    .join("");
  const structures = lines
    .map(
      ([id, , , , , , , division]) =>
        `<STRUCTURES_ELEVE ELEVE_ID="${id}"><STRUCTURE><CODE_STRUCTURE>${division}</CODE_STRUCTURE><TYPE_STRUCTURE>D</TYPE_STRUCTURE></STRUCTURE></STRUCTURES_ELEVE>`,
    )
    .join("");
  const xml = `<?xml version="1.0" encoding="ISO-8859-15"?>\n<BEE_ELEVES VERSION="3.1"><PARAMETRES><UAJ>${UAI}</UAJ></PARAMETRES><DONNEES><ELEVES>${pupils}</ELEVES><STRUCTURES>${structures}</STRUCTURES></DONNEES></BEE_ELEVES>\n`;
  // Latin-1 bytes: "é" is 0xE9, as in ISO-8859-15.
  return Buffer.from(xml, "latin1");
}

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [size, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.screenshot({ path: path.join(SHOTS, `register-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

// Not tagged @desktop: one walk, on the phone project; `shoot` takes both widths.
test("a principal imports the register's export, reads the report and finds the pupils in their classes", async ({ page, request }) => {
  const stamp = Date.now();
  const email = `principal.registre${stamp}@ac-lyon.fr`;
  const principal = await confirmedAccount(request, email, "school_staff", { staff_function: "principal", first_name: "Claire", last_name: "Vidal" });
  const auth = { Authorization: `Bearer ${principal}` };
  expect((await request.post("/api/v1/schools", { data: { uai: UAI }, headers: auth })).status()).toBe(201);
  const year = schoolYear();
  expect((await request.post(`/api/v1/schools/${UAI}/classes`, { data: { school_year: year.label, name: "3e A", grade: "troisieme" }, headers: auth })).status()).toBe(201);

  const lines: Line[] = [
    ["1", "223456789AA", "BENALI", "Léna", "14/03/2012", "2", "10310019110", "3e A"],
    ["2", "223456789AB", "DUPONT", "Noé", "02/05/2012", "1", "10310019110", "3E C"],
    ["3", "223456789AC", "FAURE", "Zoé", "20/11/2013", "2", "10210001110", "4e B"],
    ["4", "223456789AD", "PETIT", "Sam", "01/01/2015", "1", "10010012110", "6e A"],
    ["5", "12345", "BLANC", "Jade", "01/01/2012", "2", "10310019110", "3e A"],
  ];
  const file = { name: "ElevesSansAdresses.xml", mimeType: "text/xml", buffer: registerXml(lines) };

  await logIn(page, email);
  await page.goto(`/etablissement/${UAI}`);
  await openSection(page, "Élèves");
  await expect(page.getByText(/Importez-les depuis la base élèves/)).toBeVisible();
  await page.getByLabel(/^Fichier de la base élèves/).setInputFiles(file);

  const report = page.getByRole("heading", { name: "Base élèves importée" }).locator("..");
  await expect(report).toBeVisible();
  await expect(report.getByText("3 élèves inscrits dans leur classe")).toBeVisible();
  await expect(report.getByText("1 élève d'un autre niveau ignoré (pas de stage d'observation)")).toBeVisible();
  await expect(report.getByText("Classes créées : 3E C et 4e B")).toBeVisible();
  await expect(report.getByText(/^Jade BLANC : INE « 12345 » invalide/)).toBeVisible();
  // The refused lines come back as a file to correct.
  const download = page.waitForEvent("download");
  await report.getByRole("button", { name: "Télécharger les lignes refusées" }).click();
  expect((await download).suggestedFilename()).toBe("base-eleves-lignes-refusees.csv");

  // The pupils are listed in their classes, accents intact, marked as coming from the register.
  const list = page.getByRole("list").filter({ has: page.getByRole("link", { name: "Léna BENALI" }) });
  await expect(list.getByRole("listitem").filter({ hasText: "Léna BENALI" })).toContainText("(3e A)");
  await expect(list.getByRole("listitem").filter({ hasText: "Noé DUPONT" })).toContainText("(3E C)");
  await expect(list.getByRole("listitem").filter({ hasText: "Zoé FAURE" })).toContainText("Base élèves");
  await expectAccessible(page, "élèves importés de la base élèves");
  await shoot(page, "rapport");

  // The same file again: nobody new.
  await page.getByLabel(/^Fichier de la base élèves/).setInputFiles(file);
  await expect(report.getByText("3 élèves déjà à jour")).toBeVisible();
  await expect(report.getByText("0 élève inscrit dans sa classe")).toBeVisible();
  const pupils = await (await request.get(`/api/v1/schools/${UAI}/pupils`, { headers: auth })).json();
  expect(pupils).toHaveLength(3);
});
