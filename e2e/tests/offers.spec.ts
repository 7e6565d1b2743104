import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { mondayText, schoolWithPupil, schoolYear } from "../fixtures/schools";
import { confirmedAccount, logIn } from "../fixtures/session";

const NEAR = "0421680Y"; // Collège Louise Michel, Rive-de-Gier: ~21 km from Saint-Étienne
const FAR = "0421572F"; // Collège Michel Servet, Charlieu: ~82 km away

test("a host publishes an offer; a pupil 20 km away finds it without accents, one 80 km away only with national search", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const year = schoolYear();

  // 1. The host describes the organisation.
  const host = `hote.${stamp}@entreprise.fr`;
  await confirmedAccount(request, host, "employer");
  await logIn(page, host);
  await expect(page.getByRole("heading", { name: "Mon organisme d'accueil" })).toBeVisible();
  await page.getByLabel("Nom de l'organisme").fill(`Martin Électricité ${stamp}`);
  await page.getByLabel("SIRET").fill("732 829 320 00074");
  await page.getByLabel("Code NAF (facultatif)").fill("43.21A");
  await page.getByLabel("Adresse").fill("3 rue de la Paix");
  await page.getByLabel("Code postal").fill("42000");
  await page.getByLabel("Commune").fill("Saint-Étienne");
  await page.getByRole("button", { name: "Enregistrer mon organisme" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Martin Électricité ${stamp}` })).toBeVisible();

  // 2. Step by step, then publish.
  await page.getByRole("link", { name: "Publier une offre" }).click();
  await page.getByLabel(/Titre de l'offre/).fill("Découvrir l'Électricité du bâtiment");
  await page.getByLabel(/Description/).fill("Une semaine sur nos chantiers : tableaux électriques, câblage, sécurité et travail en équipe.");
  await page.getByLabel("Secteur d'activité").selectOption({ label: "Bâtiment et travaux publics (BTP)" });
  await page.getByLabel("Métiers observés").fill("Électricien, chef de chantier");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByLabel("Adresse du stage").fill("3 rue de la Paix");
  await page.getByLabel("Code postal").fill("42000");
  await page.getByLabel("Commune").fill("Saint-Étienne");
  await page.getByLabel("Nom du tuteur ou de la tutrice").fill("Paul Martin");
  await page.getByLabel("Fonction du tuteur").fill("Chef d'équipe");
  await page.getByLabel("E-mail du tuteur").fill(`paul.${stamp}@entreprise.fr`);
  await page.getByLabel("Téléphone du tuteur").fill("04 77 00 00 00");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByLabel(`semaine du ${mondayText(year.start + 1, 3)}`).check({ force: true });
  await page.getByLabel("Nombre d'élèves accueillis par semaine").fill("2");
  await expectAccessible(page, "formulaire d'offre");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByLabel("Invité(e) à la cantine de l'organisme").check({ force: true });
  await page.getByRole("button", { name: "Vérifier" }).click();
  await page.getByRole("button", { name: "Publier l'offre" }).click();
  await expect(page.getByRole("heading", { name: "Mes offres" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Découvrir l'Électricité du bâtiment", exact: true })).toBeVisible();
  await expect(page.getByText("Publiée")).toBeVisible();
  await expectAccessible(page, "espace de l'organisme");

  // 3. A pupil of a school ~21 km away finds it by a keyword typed without accents.
  const near = await schoolWithPupil(request, NEAR, `near${stamp}`, 3);
  await logIn(page, near.pupilEmail);
  await page.getByRole("link", { name: "Chercher un stage près de mon établissement" }).click();
  await page.getByLabel(/Mot-clé/).fill("electricite");
  await page.getByRole("button", { name: "Rechercher" }).click();
  const hit = page.getByRole("link", { name: "Découvrir l'Électricité du bâtiment", exact: true });
  await expect(hit).toBeVisible();
  await expect(page.locator("li", { has: hit }).getByText(/à 2\d(,\d)?\skm/)).toBeVisible();
  // The map's tiles cannot load here (MAP_TILE_URL points nowhere): the page stays usable.
  await expect(page.getByText("Le fond de carte n'a pas pu être chargé", { exact: false })).toBeVisible();
  await expectAccessible(page, "recherche d'offres");
  await hit.click();
  await expect(page.getByRole("heading", { level: 1, name: "Découvrir l'Électricité du bâtiment" })).toBeVisible();
  await expect(page.getByText("Invité(e) à la cantine de l'organisme")).toBeVisible();

  // 4. A pupil ~82 km away does not, until the school opens to national search.
  const far = await schoolWithPupil(request, FAR, `far${stamp}`, 3);
  await logIn(page, far.pupilEmail);
  await page.goto("/offres");
  await page.getByLabel(/Mot-clé/).fill("electricite");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText(/Aucune offre pour l'instant dans ce périmètre/)).toBeVisible();
  const open = await request.put(`/api/v1/schools/${FAR}/search-scope`, { data: { national_search: true, search_radius_km: 60 }, headers: { Authorization: `Bearer ${far.principal}` } });
  expect(open.status()).toBe(200);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("link", { name: "Découvrir l'Électricité du bâtiment", exact: true })).toBeVisible();
});
