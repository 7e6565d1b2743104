import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { account, goTo, logInWithTotp, shots } from "../fixtures/admin";
import { linkWithToken, waitForMail, waitForMailContaining } from "../fixtures/mail";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir, outboxDir } from "../fixtures/paths";
import { logIn, PASSWORD } from "../fixtures/session";

/** A visitor writes from an offer's page (?depuis=…): name, e-mail, topic, subject, message. */
async function sendContactForm(page: Page, email: string, subject: string): Promise<string> {
  await page.goto("/contact?depuis=%2Foffres");
  await expect(page.getByRole("heading", { level: 1, name: "Nous contacter" })).toBeVisible();
  // Sent empty: every field says what it needs, next to it.
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(page.getByRole("alert")).toContainText("Envoi impossible");
  await page.getByRole("combobox", { name: /^Sujet/ }).selectOption({ label: "Une offre de stage" });
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(page.getByRole("alert")).toContainText("Envoi impossible");
  await expectAccessible(page, "contact, champs en erreur");

  await page.getByLabel("Nom et prénom").fill("Claire Dumas");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByRole("textbox", { name: /^Objet/ }).fill(subject);
  await page.getByRole("textbox", { name: /^Message/ }).fill("Bonjour,\nl'offre de la boulangerie n'indique pas l'adresse exacte. Pouvez-vous la faire corriger ?\nMerci.");
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  const done = page.getByRole("status").filter({ hasText: "est bien reçue" });
  await expect(done).toBeVisible();
  const reference = (await done.textContent())!.match(/n° ([A-Z0-9]{4}-[A-Z0-9]{4})/)![1];
  await expect(page.getByRole("heading", { level: 1, name: "Votre demande est envoyée" })).toBeFocused();
  return reference;
}

test("a visitor writes through the contact form and gets the acknowledgement by e-mail @desktop", async ({ page }, info) => {
  const email = `visiteur.${info.project.name}.${Date.now()}@exemple.fr`;
  await page.goto("/");
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Nous contacter" })).toBeVisible();
  await page.goto("/contact");
  await expectAccessible(page, "contact (visiteur)");
  await shots(page, "support-contact");
  const reference = await sendContactForm(page, email, `Adresse manquante ${info.project.name}`);
  await expectAccessible(page, "contact envoyé");
  await shots(page, "support-contact-envoye");
  const mail = await waitForMailContaining(outboxDir, email, reference);
  expect(mail).toContain("Nous avons bien reçu votre demande « Adresse manquante");
});

test("an admin takes a request, answers and closes it; the answer reaches the person's mailbox", async ({ page }) => {
  test.setTimeout(120_000);
  const email = `parent.${Date.now()}@exemple.fr`;
  const subject = `Adresse manquante ${Date.now()}`;
  const reference = await sendContactForm(page, email, subject);
  await waitForMailContaining(outboxDir, email, reference);

  await logInWithTotp(page, account("admin@demo.passerelle.fr"));
  await page.goto("/admin");
  await page.getByRole("link", { name: /Demandes d'assistance/ }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Demandes d'assistance" })).toBeVisible();
  // Those nobody follows yet, about an offer.
  await page.getByRole("combobox", { name: /^Sujet/ }).selectOption({ label: "Offre de stage" });
  await page.getByLabel("Suivi par").selectOption({ label: "Personne (à prendre en charge)" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page).toHaveURL(/categorie=offer/);
  await expect(page.getByRole("status").filter({ hasText: "prises en charge par personne" })).toBeVisible();
  await expectAccessible(page, "file des demandes");
  await shots(page, "support-file");

  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Demande n° ${reference}` })).toBeVisible();
  await expect(page.getByText("Sans compte (visiteur non connecté)")).toBeVisible();
  await expect(page.getByText("/offres", { exact: true })).toBeVisible();
  await expect(page.getByText("n'indique pas l'adresse exacte")).toBeVisible();
  await page.getByRole("button", { name: "Prendre en charge" }).click();
  await expect(page.getByText("Vous suivez cette demande.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Prendre en charge" })).toHaveCount(0);

  // Sent empty: the field says so.
  await page.getByRole("button", { name: "Répondre et clore" }).click();
  await expect(page.getByText(/Écrivez une réponse de 2 à/)).toBeVisible();
  await page.getByLabel("Votre réponse").fill("Bonjour,\nmerci : l'organisme a ajouté l'adresse à son offre.\nL'équipe Passerelle");
  await expectAccessible(page, "demande, réponse en cours");
  await page.getByRole("button", { name: "Répondre et clore" }).click();
  await expect(page.getByText(`Réponse envoyée à ${email} ; la demande est close.`)).toBeVisible();
  await expect(page.getByRole("heading", { name: /^Réponse de/ })).toBeVisible();
  await expect(page.getByRole("button", { name: "Rouvrir la demande" })).toBeVisible();
  await expectAccessible(page, "demande close");
  await shots(page, "support-demande");

  const answer = await waitForMailContaining(outboxDir, email, "Voici notre réponse à votre demande");
  expect(answer).toContain(reference);
  expect(answer).toContain("l'organisme a ajouté l'adresse");

  // Reopened, then found among the open ones again.
  await page.getByRole("button", { name: "Rouvrir la demande" }).click();
  await expect(page.getByText("La demande est rouverte.")).toBeVisible();
  await goTo(page, "Demandes d'assistance");
  await expect(page.getByRole("link", { name: subject })).toBeVisible();
});

test("a signed-in pupil writes from the account page, addressed with tu; the account goes with the message @desktop", async ({ page }) => {
  const pupil = demoAccounts(dataDir).find((a) => a.role === "student")!;
  await logIn(page, pupil.email, pupil.password);
  await page.goto("/compte");
  await page.getByRole("main").getByRole("link", { name: "Nous contacter" }).click();
  await expect(page).toHaveURL(/\/contact\?depuis=%2Fcompte$/);
  await expect(page.getByText(/Tu écris en tant que/)).toBeVisible();
  await expect(page.getByRole("textbox", { name: /^Nom et prénom/ })).toHaveCount(0);
  await expectAccessible(page, "contact (élève connecté)");
  await shots(page, "support-contact-eleve");
  await page.getByRole("combobox", { name: /^Sujet/ }).selectOption({ label: "Mon compte" });
  await page.getByRole("textbox", { name: /^Objet/ }).fill("Changer mon adresse");
  await page.getByRole("textbox", { name: /^Message/ }).fill("Je voudrais utiliser une autre adresse e-mail.");
  await page.getByRole("button", { name: "Envoyer le message" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ta demande est envoyée" })).toBeVisible();
  await expect(page.getByText(/^Ta demande n° [A-Z0-9]{4}-[A-Z0-9]{4} est bien reçue/)).toBeVisible();
});

test("a new account is asked once to accept the terms of use", async ({ page, request }) => {
  const email = `cgu.${Date.now()}@exemple.fr`;
  const signup = await request.post("/api/v1/auth/signup", {
    data: { email, password: PASSWORD, first_name: "Sami", last_name: "Roux", role: "employer" },
  });
  expect(signup.status()).toBe(201);
  const token = new URL(linkWithToken(await waitForMail(outboxDir, email))).searchParams.get("token");
  expect((await request.post("/api/v1/auth/confirm", { data: { token } })).status()).toBe(200);

  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/espace$/);
  const modal = page.getByRole("dialog", { name: /Conditions générales d'utilisation/ });
  await expect(modal).toBeVisible();
  await expect(modal.getByRole("link", { name: "Lire les conditions d'utilisation" })).toHaveAttribute("href", "/conditions-utilisation");
  await expectAccessible(page, "conditions à accepter");
  await shots(page, "support-cgu");
  await modal.getByRole("button", { name: "J'accepte les conditions" }).click();
  await expect(modal).toBeHidden();
  await expect(page.getByText("votre accord avec les conditions d'utilisation est enregistré")).toBeVisible();

  // Recorded: not asked again.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await expect(modal).toBeHidden();
});

test("Documents utiles: three printable models, each a PDF @desktop", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("contentinfo").getByRole("link", { name: "Documents utiles" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Documents utiles" })).toBeVisible();
  const links = page.getByRole("link", { name: /^Télécharger/ });
  await expect(links).toHaveCount(3);
  for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute("href")!))) {
    const res = await request.get(href);
    expect(res.status(), href).toBe(200);
    expect(res.headers()["content-type"], href).toContain("application/pdf");
    expect((await res.body()).subarray(0, 5).toString(), href).toBe("%PDF-");
  }
  await expectAccessible(page, "documents utiles");
  await shots(page, "support-documents");
  await page.goto("/plan-du-site");
  await expect(page.getByRole("link", { name: "Documents utiles" }).first()).toBeVisible();
});
