import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { freshTotp } from "../fixtures/totp";

// Issue 21, the referent's journey: the national referent reads the dashboard (scope in French,
// every department listed, those at zero too, each indicator defined), downloads an export with
// a French file name; no "Bientôt" banner over figures that exist.

async function bothWidths(page: Page, label: string) {
  await expectAccessible(page, `${label} (téléphone)`);
  const shot = (w: string) => path.join(process.env.SHOTS_DIR ?? "", `referent-${label.replace(/\W+/g, "-")}-${w}.png`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("phone"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `${label} (ordinateur)`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("desktop"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}

test("the national referent reads every department, each indicator's definition, and exports in French", async ({ page }) => {
  const referent = demoAccounts(dataDir).find((a) => a.email === "referent.national@demo.passerelle.fr")!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Mon espace référent" })).toBeVisible();
  await expect(page.getByText("Votre périmètre : France entière.", { exact: false })).toBeVisible();
  await expect(page.getByText(/Bientôt/)).toHaveCount(0);

  // Every department, those without any offer too (Cantal has none in the demo).
  const departments = page.getByRole("table", { name: "Par département" });
  await expect(departments.getByRole("row", { name: /^75 Paris/ })).toBeVisible();
  await expect(departments.getByRole("row", { name: /^15 Cantal 0/ })).toBeVisible();
  expect(await departments.getByRole("row").count()).toBeGreaterThan(100);

  // Each indicator of "En bref" leads to its definition.
  const brief = page.getByRole("table", { name: "En bref" });
  await brief.getByRole("link", { name: "Élèves sans stage" }).click();
  await expect(page).toHaveURL(/#definition-eleves-ayant-trouve-leur-stage$/);
  await expect(page.locator("#definition-eleves-ayant-trouve-leur-stage")).toBeInViewport();
  await expect(page.getByText("« Sans stage » : élèves inscrits qui n'ont de stage ni sur Passerelle ni ailleurs.", { exact: false })).toBeVisible();
  await bothWidths(page, "tableau de bord national");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le tableau par département (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^statistiques-departements-\d{4}-\d{4}\.csv$/);
  const csv = fs.readFileSync((await (await download).path())!, "utf8");
  expect(csv).toContain("Cantal");
});
