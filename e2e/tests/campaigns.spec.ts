import { expect, test } from "@playwright/test";
import { freshTotp } from "../fixtures/totp";
import { demoAccounts } from "../fixtures/accounts";
import { expectAccessible } from "../fixtures/a11y";
import { dataDir } from "../fixtures/paths";
import { hostWithOffer, schoolWithPupil, schoolYear } from "../fixtures/schools";
import { logIn } from "../fixtures/session";

const SCHOOL = "0421677V"; // Collège Claude Fauriel, Saint-Étienne

/** Paris wall-clock time `minutes` after the next full minute, as the admin types it. */
function parisSoon(minutes: number): string {
  const d = new Date(Date.now() + 60_000 * (minutes + 1));
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

test("before the pupils' opening a pupil sees the countdown; once it opens, the pupil applies", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const offer = await hostWithOffer(request, `camp${stamp}`, `Atelier vélo ${stamp}`, "41087291000071", 3);
  const { pupilEmail } = await schoolWithPupil(request, SCHOOL, `camp${stamp}`, 3);

  // The admin opens search and applications for collège in about a minute.
  const admin = demoAccounts(dataDir).find((a) => a.role === "admin")!;
  const login = await request.post("/api/v1/auth/login", { data: { identifier: admin.email, password: admin.password, totp_code: await freshTotp(admin.email, admin.totp_secret!) } });
  const token = (await login.json()).access_token as string;
  const opening = parisSoon(1);
  const set = await request.put(`/api/v1/admin/campaigns/${schoolYear().label}/college`, { data: { search_open_at: opening, apply_open_at: opening }, headers: { Authorization: `Bearer ${token}` } });
  expect(set.status()).toBe(200);

  // Before: the countdown and the offers already published, not an error page.
  await logIn(page, pupilEmail);
  const callout = page.getByRole("heading", { name: /La recherche de stage ouvre le/ });
  await expect(callout).toBeVisible();
  await expect(page.getByText(/Encore \d+ min \d+ s/)).toBeVisible();
  await expect(page.getByText(/offres? déjà publiées?/)).toBeVisible();
  await expectAccessible(page, "compte à rebours");

  // At the opening the countdown goes away by itself, and the pupil applies.
  await expect(callout).toBeHidden({ timeout: 180_000 });
  await page.goto(`/offres/${offer.id}`);
  await page.getByLabel("Ma lettre de motivation").fill("J'aime réparer les vélos et je voudrais découvrir ce métier.");
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.getByText("Candidature envoyée")).toBeVisible();
});
