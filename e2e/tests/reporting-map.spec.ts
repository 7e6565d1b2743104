import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { freshTotp } from "../fixtures/totp";

// Issue 27: the map of departments on the referents' dashboard, each coloured by its rate against
// the target and a button that narrows the figures to it (mouse or keyboard), as the list does.

const shots = process.env.SHOTS_DIR ?? "test-results";

async function signIn(page: Page, email: string) {
  const referent = demoAccounts(dataDir).find((a) => a.email === email)!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Indicateurs de mon périmètre" })).toBeVisible();
}

test("the national referent reads the map of departments and drills down to one by click and keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, "referent.national@demo.passerelle.fr");
  const indicators = page.getByRole("region", { name: "Indicateurs de mon périmètre" });
  const select = indicators.getByLabel("Département", { exact: true });
  const map = page.getByRole("group", { name: "Carte des départements" });
  await expect(map).toBeVisible();
  // Every department is a button named with its rate (or "pas d'objectif"); Paris once, in its inset.
  const paris = page.getByRole("button", { name: /^Paris : (\d+(,\d)? % de l'objectif|pas d'objectif), cliquer pour voir le détail$/ });
  await expect(paris).toHaveCount(1);
  await expect(map.getByRole("button")).toHaveCount(96 - 4);
  await expect(page.getByRole("button", { name: /^Guadeloupe : / })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Cantal : / })).toBeVisible();
  await expect(page.getByText(/^100 % et plus : \d+ départements?$/)).toBeVisible();
  await expectAccessible(page, "carte des départements (téléphone)");

  await page.getByRole("heading", { name: "Carte des départements" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shots, "referent-map-phone.png") });
  await page
    .locator("div.fr-mb-4w")
    .filter({ has: map })
    .screenshot({ path: path.join(shots, "referent-map-full-phone.png") });

  // The map exported as an image, as the charts are: a PNG named after the year.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporter en image (PNG) : Carte des départements" }).click();
  expect((await download).suggestedFilename()).toMatch(/^carte-departements-\d{4}-\d{4}\.png$/);
  const png = fs.readFileSync((await (await download).path())!);
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await (await download).saveAs(path.join(shots, "referent-map-export.png"));

  // A click on Paris narrows the figures to it, as choosing it in the list does.
  await paris.click();
  await expect(paris).toHaveAttribute("aria-pressed", "true");
  await expect(select).toHaveValue("75");
  await expect(page.getByText(/^Paris \(département 75\) · \d{4}-\d{4}/)).toBeVisible();
  const table = page.getByRole("table", { name: "Par département" });
  await expect(table.getByRole("row")).toHaveCount(2);
  await expect(table.getByRole("row", { name: /^75 Paris/ })).toBeVisible();
  // The panel beside the map tells the figures behind the colour.
  await expect(page.getByText(/^\d+ offres? publiées?( pour un objectif de \d+|, sans objectif fixé)$/)).toBeVisible();

  // The keyboard: Tab goes from one department to the next in the order of their codes (as in the
  // list), Enter chooses it.
  const cantal = page.getByRole("button", { name: /^Cantal : / });
  await page.mouse.move(1, 1);
  await page.getByRole("button", { name: /^Calvados : / }).focus();
  await page.keyboard.press("Tab");
  await expect(cantal).toBeFocused();
  await expect(page.getByText("Cantal (15)")).toBeVisible();
  await page
    .locator("div.fr-mb-4w")
    .filter({ has: map })
    .screenshot({ path: path.join(shots, "referent-map-focus-phone.png") });
  await page.keyboard.press("Enter");
  await expect(select).toHaveValue("15");
  await expect(page.getByText(/^Cantal \(département 15\) · /)).toBeVisible();
  await expect(table.getByRole("row", { name: /^15 Cantal/ })).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(2);

  // The second rate: pupils with an internship, on the platform or elsewhere, against pupils enrolled.
  await page.getByText("Élèves ayant un stage (sur Passerelle ou ailleurs)").click();
  await expect(page.getByRole("button", { name: /^Paris : (\d+(,\d)? % des élèves inscrits ont un stage|pas d'élève inscrit), cliquer/ })).toBeVisible();
  await page.getByText("Offres par rapport à l'objectif").first().click();

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("heading", { name: "Carte des départements" }).scrollIntoViewIfNeeded();
  await expectAccessible(page, "carte des départements (ordinateur)");
  await page.screenshot({ path: path.join(shots, "referent-map-desktop.png") });
  await page
    .locator("div.fr-mb-4w")
    .filter({ has: map })
    .screenshot({ path: path.join(shots, "referent-map-full-desktop.png") });

  // Back to the whole territory.
  await page.getByRole("button", { name: "Revenir à tout mon périmètre" }).click();
  await expect(select).toHaveValue("");
  expect(await table.getByRole("row").count()).toBeGreaterThan(100);
});

test("a department referent sees their department on the map, among its neighbours", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 812 });
  await signIn(page, "referent.paris@demo.passerelle.fr");
  await expect(page.getByRole("table", { name: "En bref" })).toBeVisible();
  const map = page.getByRole("group", { name: "Carte des départements" });
  await expect(map).toBeVisible();
  // One button, their department, selected; the neighbours are drawn for the eye only.
  await expect(map.getByRole("button")).toHaveCount(1);
  const paris = map.getByRole("button", { name: /^Paris : (\d+(,\d)? % de l'objectif|pas d'objectif), ses chiffres sont affichés à côté de la carte$/ });
  await expect(paris).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("group", { name: "Paris et petite couronne" })).toHaveCount(0);
  // Its figures are in the panel without hovering it.
  await expect(page.getByText("Paris (75)")).toBeVisible();
  await expect(page.getByText(/^\d+ offres? publiées?( pour un objectif de \d+|, sans objectif fixé)$/)).toBeVisible();
  await expectAccessible(page, "carte d'un département (téléphone)");
  const block = page.locator("div.fr-mb-4w").filter({ has: map });
  await block.screenshot({ path: path.join(shots, "referent-paris-map-phone.png") });

  // Nothing to narrow to: a click, or Enter, keeps Paris selected and the figures of the whole territory.
  const select = page.getByRole("region", { name: "Indicateurs de mon périmètre" }).getByLabel("Département", { exact: true });
  await paris.click();
  await paris.press("Enter");
  await expect(paris).toHaveAttribute("aria-pressed", "true");
  await expect(select).toHaveValue("");
  await expect(page.getByRole("button", { name: "Revenir à tout mon périmètre" })).toHaveCount(0);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

  // The legend has no count of departments: there is one.
  await expect(page.getByText("0,1 à 24,9 %", { exact: true })).toBeVisible();

  await page.setViewportSize({ width: 1280, height: 800 });
  await paris.blur();
  await page.mouse.move(1, 1);
  await expectAccessible(page, "carte d'un département (ordinateur)");
  await block.screenshot({ path: path.join(shots, "referent-paris-map-desktop.png") });
});

test("the map's colour scale, from 0 % to past the target, with its legend", async ({ page }) => {
  // The demo campaign has just started (every department near 0 %): for a look at the whole
  // scale, the figures of the territory are given rates spread from 0 to 140 % on their way.
  await page.route(/\/api\/v1\/stats\?(?!.*department=)/, async (route) => {
    const response = await route.fetch();
    const stats = await response.json();
    stats.by_department.forEach((d: { target_total: number | null; reached_pct: number | null }, i: number) => {
      if (d.target_total == null) return;
      d.reached_pct = (i * 37) % 141;
    });
    await route.fulfill({ response, json: stats });
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, "referent.national@demo.passerelle.fr");
  const map = page.getByRole("group", { name: "Carte des départements" });
  await expect(map).toBeVisible();
  await expect(page.getByText(/^100 % et plus : [1-9]\d* départements?$/)).toBeVisible();
  await expect(page.getByText(/^25 à 49,9 % : [1-9]\d* départements?$/)).toBeVisible();
  await expectAccessible(page, "échelle de la carte");
  const block = page.locator("div.fr-mb-4w").filter({ has: map });
  await block.screenshot({ path: path.join(shots, "referent-map-scale-desktop.png") });
  // The dark theme: the hatching and the neighbours take the page's background.
  await page.evaluate(() => document.documentElement.setAttribute("data-fr-theme", "dark"));
  await block.screenshot({ path: path.join(shots, "referent-map-scale-dark-desktop.png") });
  await page.evaluate(() => document.documentElement.setAttribute("data-fr-theme", "light"));
  await page.setViewportSize({ width: 375, height: 812 });
  await block.screenshot({ path: path.join(shots, "referent-map-scale-phone.png") });
  // Nothing wider than the phone's screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
});
