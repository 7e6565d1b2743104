import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { demoOrganisationAndOffer } from "../fixtures/demoOffer";
import { dataDir } from "../fixtures/paths";
import { hostWithOffer, schoolWithPupil } from "../fixtures/schools";
import { logIn, PASSWORD } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";

// Issue 27, favourites: a pupil stars offers from the search list, the map and the offer's page;
// "Mes favoris" shows each one's places left and whether it is still open; one the host withdraws
// says so. Collège Le Portail Rouge, Saint-Étienne: a school no other spec registers.
const SCHOOL = "0421679X";

/** axe at phone and computer widths (and screenshots when SHOTS_DIR is set). */
async function bothWidths(page: Page, label: string) {
  const shot = (w: string) => path.join(process.env.SHOTS_DIR ?? "", `favourites-${label.replace(/\W+/g, "-")}-${w}.png`);
  await expectAccessible(page, `${label} (téléphone)`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("phone"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `${label} (ordinateur)`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("desktop"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}

test("a pupil stars offers from the list, the map and the page; Mes favoris says which are still open", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const { pupilEmail } = await schoolWithPupil(request, SCHOOL, `fav${stamp}`, 3);
  const wood = await hostWithOffer(request, `favb${stamp}`, "Découvrir la menuiserie", freshSiret(), 3);
  const bread = await hostWithOffer(request, `favp${stamp}`, "Découvrir la boulangerie", freshSiret(), 3);

  // 1. A visitor sees the offer without a star.
  await page.goto(`/offres/${wood.id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Découvrir la menuiserie" })).toBeVisible();
  await expect(page.getByRole("button", { name: /favoris/ })).toHaveCount(0);

  // 2. The pupil stars both offers from the search list: the stars are pressed at once.
  await logIn(page, pupilEmail);
  await page.getByRole("link", { name: "Chercher un stage près de mon établissement" }).click();
  const woodStar = page.getByRole("button", { name: "Ajouter « Découvrir la menuiserie » à mes favoris" });
  await expect(woodStar).toHaveAttribute("aria-pressed", "false");
  await woodStar.click();
  await expect(page.getByRole("button", { name: "Retirer « Découvrir la menuiserie » de mes favoris" })).toHaveAttribute("aria-pressed", "true");
  // A touch target of 44 px at least.
  const box = await page.getByRole("button", { name: "Retirer « Découvrir la menuiserie » de mes favoris" }).boundingBox();
  expect(box?.width).toBeGreaterThanOrEqual(44);
  expect(box?.height).toBeGreaterThanOrEqual(44);
  await bothWidths(page, "recherche");
  await page.getByRole("button", { name: "Ajouter « Découvrir la boulangerie » à mes favoris" }).click();
  await expect(page.getByRole("button", { name: "Retirer « Découvrir la boulangerie » de mes favoris" })).toHaveAttribute("aria-pressed", "true");

  // 3. The map: one mark per place, a button reached by Tab; its popup lists every offer there,
  // and the starred ones show their star, pressed.
  const popup = page.locator(".leaflet-popup");
  const markers = page.getByRole("region", { name: /^Carte des offres : / }).getByRole("button", { name: /^(Offre : |\d+ offres au même endroit)/ });
  const ours = popup.getByRole("button", { name: /^Retirer « Découvrir la (menuiserie|boulangerie) » de mes favoris$/ }).first();
  for (let i = 0, n = await markers.count(); i < n && !(await ours.isVisible()); i++) {
    // From the keyboard: Enter on the mark opens its popup and puts the focus on its first link.
    await markers.nth(i).focus();
    await page.keyboard.press("Enter");
    await expect(popup.getByRole("link").first()).toBeFocused();
    if (await ours.isVisible()) break;
    // Escape closes it and gives the focus back to the mark.
    await page.keyboard.press("Escape");
    await expect(popup).toHaveCount(0);
    await expect(markers.nth(i)).toBeFocused();
  }
  await expect(ours).toHaveAttribute("aria-pressed", "true");
  // The popup is shown whole inside the map, clear of the zoom buttons.
  const inView = await page.evaluate(() => {
    const map = document.querySelector(".leaflet-container")!.getBoundingClientRect();
    const pop = document.querySelector(".leaflet-popup")!.getBoundingClientRect();
    const zoom = document.querySelector(".leaflet-control-zoom")!.getBoundingClientRect();
    return pop.left >= map.left && pop.right <= map.right && pop.top >= map.top && pop.bottom <= map.bottom && (pop.left >= zoom.right || pop.top >= zoom.bottom);
  });
  expect(inView).toBe(true);
  await expectAccessible(page, "carte, bulle d'une offre");
  // The popup fades in and the map pans to show it whole.
  await page.waitForTimeout(600);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, "favourites-carte-phone.png") });
  // Its link opens the offer inside the application: no new document.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await popup.getByRole("link", { name: /^Découvrir la (menuiserie|boulangerie) \(/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: /^Découvrir la (menuiserie|boulangerie)$/ })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // 4. On the offer's page: starred, with a link to the list; unstarred and starred again.
  await page.goto(`/offres/${wood.id}`);
  const pageStar = page.getByRole("button", { name: "Retirer de mes favoris" });
  await expect(pageStar).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("link", { name: "mes favoris" })).toBeVisible();
  await pageStar.click();
  await expect(page.getByRole("button", { name: "Ajouter à mes favoris" })).toHaveAttribute("aria-pressed", "false");
  await page.getByRole("button", { name: "Ajouter à mes favoris" }).click();
  await expect(page.getByRole("button", { name: "Retirer de mes favoris" })).toHaveAttribute("aria-pressed", "true");
  await bothWidths(page, "page-offre");

  // 5. The bakery withdraws its offer.
  const login = await request.post("/api/v1/auth/login", { data: { identifier: bread.email, password: PASSWORD } });
  const host = { Authorization: `Bearer ${(await login.json()).access_token}` };
  expect((await request.post(`/api/v1/offers/${bread.id}/unpublish`, { headers: host })).status()).toBe(200);

  // 6. Mes favoris, from the pupil's space: newest first, each one's state.
  await page.goto("/espace");
  await page.getByRole("navigation", { name: "Mes pages" }).getByRole("link", { name: "Mes favoris" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mes favoris" })).toBeVisible();
  const items = page.locator("main li").filter({ has: page.getByRole("heading", { level: 2 }) });
  await expect(items).toHaveCount(2);
  // The menuiserie was starred again last: first.
  await expect(items.nth(0).getByRole("heading", { level: 2 })).toHaveText("Découvrir la menuiserie");
  await expect(items.nth(0).getByText("Ouverte · 2 places")).toBeVisible();
  await expect(items.nth(0).getByRole("link", { name: "Voir l'offre et postuler : « Découvrir la menuiserie »" })).toBeVisible();
  await expect(items.nth(1).getByText("Retirée par l'organisme")).toBeVisible();
  await expect(items.nth(1).getByText(/L'organisme ne propose plus cette offre/)).toBeVisible();
  await expect(items.nth(1).getByRole("link")).toHaveCount(0);
  await bothWidths(page, "mes-favoris");
  // The header leads there too (its menu is folded on a phone).
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.getByRole("navigation", { name: "Menu principal" }).getByRole("link", { name: "Mes favoris" })).toBeVisible();
  await page.setViewportSize({ width: 390, height: 844 });
  // The phone's menu: each entry once ("Mon compte" among the quick links only), the pupil's pages.
  await page.getByRole("button", { name: "Menu", exact: true }).click();
  const phoneMenu = page.getByRole("dialog", { name: "Menu", exact: true });
  await expect(phoneMenu.getByRole("link", { name: "Mon compte" })).toHaveCount(1);
  for (const entry of ["Mon espace", "Offres de stage", "Mes candidatures", "Mes favoris"]) await expect(phoneMenu.getByRole("link", { name: entry })).toBeVisible();
  if (process.env.SHOTS_DIR) await page.screenshot({ path: path.join(process.env.SHOTS_DIR, "favourites-menu-phone.png") });
  await phoneMenu.getByRole("button", { name: "Fermer" }).click();

  // 7. The pupil removes both: the list says how to find new ones.
  await page.getByRole("button", { name: "Retirer de mes favoris : « Découvrir la boulangerie »" }).click();
  await expect(page.getByText("« Découvrir la boulangerie » est retirée de tes favoris.")).toBeVisible();
  await expect(items).toHaveCount(1);
  await page.getByRole("button", { name: "Retirer de mes favoris : « Découvrir la menuiserie »" }).click();
  await expect(page.getByRole("heading", { name: "Tu n'as aucun favori pour l'instant" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Chercher un stage" })).toBeVisible();
  await bothWidths(page, "aucun-favori");
});

test("the demo pupil, without parental consent yet, stars the demo offer from its page", async ({ page, request }) => {
  const accounts = demoAccounts(dataDir);
  const pupil = accounts.find((a) => a.role === "student")!;
  const host = accounts.find((a) => a.role === "employer")!;
  const login = await request.post("/api/v1/auth/login", { data: { identifier: host.email, password: host.password } });
  const { offer } = await demoOrganisationAndOffer(request, { Authorization: `Bearer ${(await login.json()).access_token}` });

  await logIn(page, pupil.email, pupil.password);
  await page.goto(`/offres/${offer.id}`);
  await expect(page.getByText("Tu ne peux pas encore postuler")).toBeVisible();
  await page.getByRole("button", { name: "Ajouter à mes favoris" }).click();
  await expect(page.getByRole("button", { name: "Retirer de mes favoris" })).toHaveAttribute("aria-pressed", "true");
  await page.getByRole("link", { name: "mes favoris" }).click();
  await expect(page.getByRole("heading", { level: 2, name: offer.title })).toBeVisible();
  // Left as it was found: other specs sign in as the demo pupil.
  await page.getByRole("button", { name: `Retirer de mes favoris : « ${offer.title} »` }).click();
  await expect(page.getByRole("heading", { name: "Tu n'as aucun favori pour l'instant" })).toBeVisible();
});
