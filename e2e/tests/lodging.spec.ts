import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";

// Issue 27, far from home: on an offer's page the pupil reads how far it is from home (else from
// their school), past 10 km the guide's question about the journey and lodging, and everyone sees
// the boarding houses near the offer (the sample internats file: two in Paris, two near
// Saint-Étienne, imported by the browser tests' server as by `make run`).

const shots = process.env.SHOTS_DIR;

async function shoot(page: Page, name: string) {
  if (shots) await page.screenshot({ path: path.join(shots, `lodging-${name}.png`), fullPage: true });
}

/** The demo offer in Paris 20e, as the search lists it. */
async function demoOffer(request: APIRequestContext) {
  const offers: { items: { id: string; title: string }[] } = await (await request.get("/api/v1/offers?place=75020")).json();
  const offer = offers.items.find((o) => o.title === "Découvrir les métiers de l'électricité");
  expect(offer, JSON.stringify(offers.items.map((o) => o.title))).toBeTruthy();
  return offer!;
}

test("a pupil reads how far the offer is, the guide's question when far, and the boarding houses near it", async ({ page, request }) => {
  const pupil = demoAccounts(dataDir).find((a) => a.email === "eleve@demo.passerelle.fr");
  expect(pupil).toBeDefined();
  const offer = await demoOffer(request);
  await page.setViewportSize({ width: 375, height: 812 });

  // 1. A visitor: the boarding houses, no distance.
  await page.goto(`/offres/${offer.id}`);
  await expect(page.getByRole("heading", { level: 1, name: offer.title })).toBeVisible();
  const houses = page.getByRole("region", { name: "Internats proches" });
  await expect(houses).toBeVisible();
  await expect(houses.getByRole("listitem")).toHaveCount(2);
  await expect(houses.getByRole("listitem").first()).toContainText(/Lycée (polyvalent Jean Drouant|Camille Sée) \(internat\)/);
  await expect(houses.getByRole("link", { name: "ce.0750708m@ac-paris.fr" })).toHaveAttribute("href", "mailto:ce.0750708m@ac-paris.fr");
  await expect(page.getByText(/de chez toi|de ton collège/)).toHaveCount(0);

  // 2. The demo pupil (their school in Paris 20e, no home postal code): close, from their school.
  await logIn(page, pupil!.email, pupil!.password);
  const login = await request.post("/api/v1/auth/login", { data: { identifier: pupil!.email, password: pupil!.password } });
  const asPupil = { Authorization: `Bearer ${(await login.json()).access_token}` };
  const me = await (await request.get("/api/v1/pupils/me", { headers: asPupil })).json();
  const profile = {
    birth_date: me.birth_date ?? null,
    gender: me.gender,
    home_postal_code: me.home_postal_code ?? null,
    contact_phone: me.contact_phone ?? null,
    legal_representatives: me.legal_representatives,
    cv: me.cv,
  };
  try {
    if (profile.home_postal_code) {
      expect((await request.put("/api/v1/pupils/me/profile", { data: { ...profile, home_postal_code: null }, headers: asPupil })).status()).toBe(200);
    }
    await page.goto(`/offres/${offer.id}`);
    await expect(page.getByText(/^À (environ \d+\skm|moins d'1\skm) de ton collège$/)).toBeVisible();
    await expect(page.getByRole("heading", { name: "Le trajet et le logement" })).toHaveCount(0);
    await expect(houses).toBeVisible();
    await houses.scrollIntoViewIfNeeded();
    await expectAccessible(page, "offre, élève près de chez lui (téléphone)");
    await shoot(page, "pupil-near-phone");

    // 3. Living near Saint-Étienne: far from the offer, the guide's question.
    expect((await request.put("/api/v1/pupils/me/profile", { data: { ...profile, home_postal_code: "42000" }, headers: asPupil })).status()).toBe(200);
    await page.goto(`/offres/${offer.id}`);
    await expect(page.getByText(/^À environ \d{3}\skm de chez toi$/)).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: "Le trajet et le logement" })).toBeVisible();
    await expect(page.getByText(/As-tu bien pris en compte la distance à parcourir/)).toBeVisible();
    await expect(houses).toBeVisible();
    await page.getByRole("heading", { name: "Le trajet et le logement" }).scrollIntoViewIfNeeded();
    await expectAccessible(page, "offre, élève loin de chez lui (téléphone)");
    await shoot(page, "pupil-far-phone");
    if (shots) await page.locator("main").screenshot({ path: path.join(shots, "lodging-pupil-far-phone-main.png") });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectAccessible(page, "offre, élève loin de chez lui (ordinateur)");
    await shoot(page, "pupil-far-desktop");
  } finally {
    await request.put("/api/v1/pupils/me/profile", { data: profile, headers: asPupil });
  }
});
