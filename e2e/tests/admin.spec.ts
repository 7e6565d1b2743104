import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { account, goTo, logInWithTotp, shots } from "../fixtures/admin";
import { waitForMail } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { confirmedAccount, PASSWORD } from "../fixtures/session";

test.use({ actionTimeout: 15_000 });

test("an admin finds a person, suspends and reactivates the account, creates a referent, switches the platform mode and sets a target", async ({
  page,
  request,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const email = `suspendre.${stamp}@entreprise.fr`;
  await confirmedAccount(request, email, "employer");

  await logInWithTotp(page, account("admin@demo.passerelle.fr"));
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  await expectAccessible(page, "accueil de l'administration");
  await shots(page, "admin-accueil");

  // Accounts: a piece of the e-mail is enough.
  await page.getByRole("heading", { level: 2, name: "Comptes" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Comptes" })).toBeVisible();
  await page.getByLabel("Rechercher une personne").fill(`suspendre.${stamp}`);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("1 compte trouvé.")).toBeVisible();
  const card = page.getByRole("listitem").filter({ hasText: email });
  await expect(card.getByText("Actif")).toBeVisible();
  await card.getByRole("button", { name: "Suspendre le compte de Lina Benali" }).click();
  await card.getByLabel("Motif de la suspension de Lina Benali").fill("Usage frauduleux signalé par l'établissement");
  await expectAccessible(page, "suspension d'un compte");
  await card.getByRole("button", { name: "Confirmer la suspension" }).click();
  await expect(page.getByText("Le compte de Lina Benali est suspendu")).toBeVisible();
  await expect(card.getByText("Suspendu", { exact: true })).toBeVisible();
  await expect(card.getByText(/Usage frauduleux signalé/)).toBeVisible();
  await shots(page, "admin-comptes");

  // The person cannot sign in any more, and is told why.
  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR" });
  const person = await other.newPage();
  await person.goto("/connexion");
  await person.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await person.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(PASSWORD);
  await person.getByRole("button", { name: "Se connecter" }).click();
  await expect(person.getByText("Ce compte est suspendu")).toBeVisible();
  await other.close();

  await card.getByRole("button", { name: "Réactiver le compte de Lina Benali" }).click();
  await expect(page.getByText("Le compte de Lina Benali est réactivé")).toBeVisible();
  await expect(card.getByText("Actif")).toBeVisible();
  expect((await request.post("/api/v1/auth/login", { data: { identifier: email, password: PASSWORD } })).status()).toBe(200);

  // A departmental referent's account.
  await page.getByRole("link", { name: "Créer un compte de référent ou d'administrateur" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();
  const referentEmail = `referent.${stamp}@seine-saint-denis.gouv.fr`;
  await page.getByLabel("Prénom").fill("Karim");
  await page.getByLabel("Nom", { exact: true }).fill("Haddad");
  await page.getByLabel("Adresse e-mail professionnelle").fill(referentEmail);
  await page.getByLabel("Il suit").selectOption("department");
  await page.getByLabel("Département").selectOption({ label: "93 – Seine-Saint-Denis" });
  await expectAccessible(page, "création d'un compte de référent");
  await shots(page, "admin-nouveau-compte");
  await page.getByRole("button", { name: "Créer le compte" }).click();
  await expect(page.getByText(/Compte créé pour Karim Haddad \(Seine-Saint-Denis \(département 93\)\)/)).toBeVisible();
  await waitForMail(outboxDir, referentEmail);

  // The platform mode: read-only, then back to normal (always, even if a step fails).
  await goTo(page, "Mode de la plateforme");
  await expect(page.getByRole("heading", { level: 1, name: "Mode de la plateforme" })).toBeVisible();
  await expect(page.getByText("Mode actuel : Fonctionnement normal")).toBeVisible();
  try {
    await page.getByRole("radio", { name: /^Lecture seule/ }).check({ force: true });
    await page.getByLabel("Message aux utilisateurs (facultatif)").fill("Retour à 14 h.");
    await page.getByRole("button", { name: "Changer de mode…" }).click();
    await expect(page.getByText("Passer en mode « Lecture seule » ?")).toBeVisible();
    await expectAccessible(page, "confirmation du mode");
    await shots(page, "admin-plateforme");
    await page.getByRole("button", { name: "Confirmer : lecture seule" }).click();
    await expect(page.getByText("La plateforme est maintenant en mode « Lecture seule ».")).toBeVisible();
    expect((await (await request.get("/api/v1/platform-status")).json()).mode).toBe("read_only");
  } finally {
    await page.getByRole("radio", { name: /^Fonctionnement normal/ }).check({ force: true });
    await page.getByLabel("Message aux utilisateurs (facultatif)").fill("");
    await page.getByRole("button", { name: "Changer de mode…" }).click();
    await page.getByRole("button", { name: "Confirmer : fonctionnement normal" }).click();
    await expect(page.getByText("La plateforme est maintenant en mode « Fonctionnement normal ».")).toBeVisible();
  }
  expect((await (await request.get("/api/v1/platform-status")).json()).mode).toBe("normal");

  // A department's target.
  await goTo(page, "Objectifs de la campagne");
  await expect(page.getByRole("heading", { level: 1, name: "Objectifs de la campagne" })).toBeVisible();
  await page.getByLabel("Département", { exact: true }).selectOption({ label: "93 – Seine-Saint-Denis" });
  await page.getByLabel("Offres attendues").fill("120");
  await page.getByLabel("dont offres publiques").fill("40");
  await page.getByLabel("dont offres privées").fill("80");
  await page.getByRole("button", { name: "Enregistrer l'objectif" }).click();
  await expect(page.getByText(/Objectif \d{4}-\d{4} enregistré pour Seine-Saint-Denis : 120 offres\./)).toBeVisible();
  await expect(page.getByText("Objectif en vigueur : 120 offres, dont 40 publiques et 80 privées.")).toBeVisible();
  await expectAccessible(page, "objectifs");
  await shots(page, "admin-objectifs");

  for (const [link, title] of [
    ["Ministères", "Ministères"],
    ["Modération des offres", "Modération des offres"],
  ]) {
    await goTo(page, link);
    await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
    await expectAccessible(page, title);
    await shots(page, `admin-${link.split(" ")[0].toLowerCase()}`);
  }
});

test("the national referent's view lists every department, those at zero too, and defines each indicator", { tag: "@desktop" }, async ({ page }) => {
  await logInWithTotp(page, account("referent.national@demo.passerelle.fr"));
  await expect(page.getByRole("heading", { level: 1, name: "Mon espace référent" })).toBeVisible();
  await expect(page.getByText("Votre périmètre : France entière.")).toBeVisible();
  const departments = page.getByRole("table", { name: "Par département" });
  await expect(departments.getByRole("row", { name: /^2A Corse-du-Sud 0 / })).toBeVisible();
  await expect(departments.getByRole("row", { name: /^75 Paris [1-9]\d* / })).toBeVisible();
  expect(await departments.locator("tbody tr").count()).toBeGreaterThanOrEqual(100);
  await expect(page.getByRole("heading", { level: 2, name: "Définitions des indicateurs" })).toBeVisible();
  await expect(page.locator("dt", { hasText: "Conventions signées" })).toBeVisible();
  await expectAccessible(page, "espace du référent national");
  await shots(page, "referent-national");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Télécharger le tableau par département (CSV)" }).click();
  expect((await download).suggestedFilename()).toMatch(/^statistiques-departements-\d{4}-\d{4}\.csv$/);
});
