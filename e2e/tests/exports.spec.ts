import fs from "node:fs";
import path from "node:path";
import { expect, test, type Download, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";
import { freshTotp } from "../fixtures/totp";

// Issue 27, spreadsheets: an XLSX beside every CSV. The referent downloads every table as one
// workbook or a table at a time, the open data page has its XLSX twin, the school's follow-up its
// workbook (the pupils without an internship and the figures per class).

const shots = process.env.SHOTS_DIR;
const account = (email: string) => demoAccounts(dataDir).find((a) => a.email === email)!;

/** Clicks, waits for the file, checks its name and that it is a workbook (a zip: "PK"). */
async function downloadWorkbook(page: Page, click: () => Promise<void>, name: RegExp): Promise<Download> {
  const download = page.waitForEvent("download");
  await click();
  expect((await download).suggestedFilename()).toMatch(name);
  const bytes = fs.readFileSync((await (await download).path())!);
  expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
  expect(bytes.length).toBeGreaterThan(1000);
  return download;
}

test("the referent downloads every table as one workbook, and a table as XLSX beside its CSV", async ({ page }) => {
  const referent = account("referent.paris@demo.passerelle.fr");
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("table", { name: "En bref" })).toBeVisible();

  const all = page.getByRole("button", { name: "Tout télécharger (XLSX)" });
  await all.scrollIntoViewIfNeeded();
  await downloadWorkbook(page, () => all.click(), /^statistiques-\d{4}-\d{4}\.xlsx$/);
  await expectAccessible(page, "tableau de bord, téléchargements (téléphone)");
  if (shots) await page.screenshot({ path: path.join(shots, "exports-referent-all-phone.png") });

  // A table: CSV and XLSX side by side.
  const sectorsCsv = page.getByRole("button", { name: "Télécharger le tableau par secteur (CSV)" });
  await expect(sectorsCsv).toBeVisible();
  const sectorsXlsx = page.getByRole("button", { name: "Télécharger le tableau par secteur (XLSX)" });
  await sectorsXlsx.scrollIntoViewIfNeeded();
  await downloadWorkbook(page, () => sectorsXlsx.click(), /^statistiques-secteurs-\d{4}-\d{4}\.xlsx$/);
  if (shots) await page.screenshot({ path: path.join(shots, "exports-referent-sectors-phone.png") });

  await page.setViewportSize({ width: 1280, height: 800 });
  await sectorsXlsx.scrollIntoViewIfNeeded();
  await expectAccessible(page, "tableau de bord, téléchargements (ordinateur)");
  if (shots) await page.screenshot({ path: path.join(shots, "exports-referent-sectors-desktop.png") });
  await all.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: path.join(shots, "exports-referent-all-desktop.png") });
});

test("the open data page has its XLSX beside the CSV", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/statistiques");
  await expect(page.getByRole("heading", { level: 1, name: "Statistiques des stages d'observation" })).toBeVisible();
  await expect(page.getByRole("link", { name: /^Télécharger les données CSV/ })).toHaveAttribute("href", "/api/v1/public/stats/export");
  const xlsx = page.getByRole("link", { name: /^Télécharger les données XLSX/ });
  await expect(xlsx).toHaveAttribute("href", "/api/v1/public/stats/export?format=xlsx");
  await downloadWorkbook(page, () => xlsx.click(), /\.xlsx$/);
  await expectAccessible(page, "statistiques publiques (téléphone)");
  if (shots) await page.screenshot({ path: path.join(shots, "exports-public-phone.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, "statistiques publiques (ordinateur)");
  if (shots) await page.screenshot({ path: path.join(shots, "exports-public-desktop.png") });
});

test("the school's follow-up comes as a workbook too", async ({ page }) => {
  const principal = account("principal.demo@ac-paris.fr");
  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, principal.email, principal.password);
  await page.goto("/etablissement/0750478M/suivi");
  const xlsx = page.getByRole("button", { name: "Télécharger la liste et les chiffres par classe (XLSX)" });
  await expect(xlsx).toBeVisible();
  await expect(page.getByRole("button", { name: "Télécharger la liste (CSV)" })).toBeVisible();
  await downloadWorkbook(page, () => xlsx.click(), /^suivi-\d{4}-\d{4}\.xlsx$/);
  await xlsx.scrollIntoViewIfNeeded();
  await expectAccessible(page, "suivi de l'établissement (téléphone)");
  if (shots) await page.screenshot({ path: path.join(shots, "exports-school-phone.png") });
  await page.setViewportSize({ width: 1280, height: 800 });
  await xlsx.scrollIntoViewIfNeeded();
  if (shots) await page.screenshot({ path: path.join(shots, "exports-school-desktop.png") });
});
