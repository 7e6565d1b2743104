import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { openSection } from "../fixtures/schoolSpace";
import { logIn } from "../fixtures/session";

// Issue 21: the principal's weeks section offers no week that is over (its Friday gone, in Paris).

/** Friday of the ISO week `n` of `year`, "2027-01-22". */
function fridayOf(year: number, week: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() + (-((jan4.getUTCDay() + 6) % 7) + (week - 1) * 7) * 86_400_000);
  return new Date(monday.getTime() + 4 * 86_400_000).toISOString().slice(0, 10);
}

test("the principal's weeks: only weeks to come can be added", async ({ page }) => {
  const principal = demoAccounts(dataDir).find((a) => a.function === "principal")!;
  await logIn(page, principal.email, principal.password);
  const menu = page.getByRole("navigation", { name: "Rubriques" });
  await expect(menu.getByRole("button", { name: "Rubriques de l'établissement" }).or(menu.getByRole("link", { name: "Élèves", exact: true }))).toBeVisible();
  await openSection(page, "Semaines de stage");
  const select = page.getByLabel("Ajouter une semaine");
  await expect(select).toBeVisible();
  const values = (await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter(Boolean);
  expect(values.length).toBeGreaterThan(0);
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
  for (const v of values) {
    const [year, week] = v.split("-W").map(Number);
    expect(fridayOf(year, week) >= today, `semaine ${v} proposée`).toBe(true);
  }
  // Once the school year has begun, the hint says why its first weeks are missing.
  if (new Date().getMonth() >= 9 || new Date().getMonth() <= 5) {
    await expect(page.getByText("Seules les semaines à venir sont proposées : une semaine passée ne peut plus être choisie.")).toBeVisible();
  }
  await expectAccessible(page, "semaines de stage (téléphone)");
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, "semaines de stage (ordinateur)");
});
