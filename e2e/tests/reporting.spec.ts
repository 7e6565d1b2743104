import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { freshTotp } from "../fixtures/totp";

test("a department referent opens the dashboard, filters a sector and downloads the CSV", { tag: "@desktop" }, async ({ page }) => {
  const referent = demoAccounts(dataDir).find((a) => a.email === "referent.paris@demo.passerelle.fr")!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Indicateurs de mon périmètre" })).toBeVisible();
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
