import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { hostWithOffer, schoolWithPupil } from "../fixtures/schools";
import { logIn } from "../fixtures/session";

const DEMO_OFFER = "Découvrir les métiers de l'électricité"; // seeded in Paris 20e

test("a visitor searches from the home page; the search lives in the URL; an ambiguous place asks which one; the offer says how to apply", { tag: "@desktop" }, async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  // On a first load the reader starts at the top of the page (title, skip links), not inside it.
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expectAccessible(page, "page d'accueil");
  const box = page.getByRole("search", { name: "Chercher un stage" });
  await box.getByLabel(/Quoi/).fill("électricité");
  await box.getByLabel(/Où/).fill("75020");
  await box.getByRole("button", { name: "Rechercher" }).click();

  // The search is in the address, and the radius is said in words around the postal code's own commune.
  await expect(page).toHaveURL(/\/offres\?q=%C3%A9lectricit%C3%A9&lieu=75020$/);
  const stated = page.getByText(/dans un rayon de 60\skm autour de Paris 20e Arrondissement \(75020\)/);
  await expect(stated).toBeVisible();
  await expect(page.getByRole("link", { name: DEMO_OFFER })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Légende" })).toBeVisible();
  await expect(page.getByText(/Point plein : lieu recherché/)).toBeVisible();
  await expect(page.getByText(/Cercle : une offre de stage/)).toBeVisible();
  await expectAccessible(page, "recherche d'offres (visiteur)");

  // A reload keeps it all, form included.
  await page.reload();
  await expect(stated).toBeVisible();
  await expect(page.getByLabel("Mot-clé")).toHaveValue("électricité");
  await expect(page.getByLabel("Commune ou code postal")).toHaveValue("75020");

  // A smaller radius is stated too.
  await page.getByLabel("Distance maximale").selectOption("10");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/rayon=10/);
  await expect(page.getByText(/dans un rayon de 10\skm autour de Paris 20e/)).toBeVisible();

  // Several communes share a name: the visitor chooses, and the choice goes in the URL.
  await page.getByLabel("Commune ou code postal").fill("Saint-Denis");
  await page.getByLabel("Mot-clé").fill("");
  await page.getByLabel("Distance maximale").selectOption("");
  await page.getByRole("button", { name: "Rechercher" }).click();
  const question = page.getByRole("heading", { name: "Plusieurs communes s'appellent Saint-Denis : laquelle ?" });
  await expect(question).toBeVisible();
  await expect(question).toBeFocused();
  await expect(page.getByRole("button", { name: "Saint-Denis (974)" })).toBeVisible();
  await expectAccessible(page, "choix de la commune");
  await page.getByRole("button", { name: "Saint-Denis (93)" }).click();
  await expect(page).toHaveURL(/lieu=Saint-Denis\+%2893%29/);
  await expect(page.getByText(/dans un rayon de 60\skm autour de Saint-Denis \(93\)/)).toBeVisible();
  await expect(page.getByRole("link", { name: DEMO_OFFER })).toBeVisible();

  // Back: the question, then the earlier searches, then the home page.
  await page.goBack();
  await expect(question).toBeVisible();
  await page.goBack();
  await expect(page.getByText(/dans un rayon de 10\skm autour de Paris 20e/)).toBeVisible();
  await page.goBack();
  await expect(stated).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Trouver son stage d'observation, simplement" })).toBeVisible();
  await page.goForward();

  // The offer's page tells a visitor how pupils apply.
  await page.getByRole("link", { name: DEMO_OFFER }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_OFFER })).toBeVisible();
  // A navigation inside the site puts the reader at the new content.
  await expect(page.locator("main#contenu")).toBeFocused();
  await expect(page.getByRole("heading", { name: "Comment postuler ?" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Je suis élève" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Créer mon compte élève" })).toBeVisible();
  await expectAccessible(page, "page d'une offre (visiteur)");

  // "Me connecter" brings the pupil back to the offer; the demo pupil has no consent yet.
  const pupil = demoAccounts(dataDir).find((a) => a.role === "student")!;
  await page.getByRole("link", { name: "Me connecter pour postuler" }).click();
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(pupil.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(pupil.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: DEMO_OFFER })).toBeVisible();
  await expect(page.getByText("Tu ne peux pas encore postuler")).toBeVisible();

  // Their home says where they stand and what to do next.
  await page.goto("/espace");
  await expect(page.getByRole("heading", { level: 1, name: "Mon espace élève" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : demande l'autorisation de tes parents" })).toBeVisible();
  await expect(page.getByText("Étape 2 sur 6")).toBeVisible();
  await expectAccessible(page, "espace élève (démo)");
});

test("a pupil with consent is nudged to complete the CV, applies, and waits with the clock", async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const { email: _host, id: offerId } = await hostWithOffer(request, `pub${stamp}`, `Atelier vélo ${stamp}`, "41087291000113", 3);
  const { pupilEmail } = await schoolWithPupil(request, "0421686E", `pub${stamp}`, 3);
  await logIn(page, pupilEmail);
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : complète ton CV" })).toBeVisible();
  await expect(page.getByText("Étape 3 sur 6")).toBeVisible();

  // On the offer, the empty CV is said before applying, with the way to fill it.
  await page.goto(`/offres/${offerId}`);
  await expect(page.getByText("Ton CV est vide")).toBeVisible();
  await expectAccessible(page, "page d'une offre (élève)");
  await page.getByRole("link", { name: "Compléter mon CV avant de postuler" }).click();
  await page.getByLabel(/Mes centres d'intérêt/).fill("Le vélo, la mécanique");
  await page.getByRole("button", { name: "Enregistrer mon profil" }).click();
  await expect(page.getByText("Ton profil est enregistré.")).toBeVisible();
  await page.goto("/espace");
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : cherche ton stage" })).toBeVisible();

  // The pupil's search: around the school, the radius stated.
  await page.getByRole("link", { name: "Chercher un stage près de mon établissement" }).click();
  await expect(page.getByText(/dans un rayon de \d+\skm autour de ton établissement/)).toBeVisible();
  await expect(page.getByText("Point plein : ton établissement")).toBeVisible();
  await page.getByRole("link", { name: `Atelier vélo ${stamp}` }).click();
  await expect(page.getByText("Ton CV est vide")).toHaveCount(0);
  await page.getByLabel("Ma lettre de motivation").fill("J'aime réparer les vélos et je voudrais découvrir ce métier.");
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.getByText(/Candidature envoyée/)).toBeVisible();

  await page.goto("/espace");
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : attends la réponse des organismes" })).toBeVisible();
  await expect(page.getByText(/1 candidature attend une réponse ; elle doit arriver au plus tard le .* \(dans \d+ jours\)/)).toBeVisible();
  await expectAccessible(page, "espace élève (candidature en attente)");
});
