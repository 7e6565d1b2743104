import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { linkWithToken, waitForMail } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { openSection } from "../fixtures/schoolSpace";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

test("a principal registers the school and its weeks, invites a main teacher who records consent, and the pupil can search", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const principal = `principal.${stamp}@ac-paris.fr`;

  // 1. The principal signs up in the browser and confirms from the mail.
  await page.goto("/inscription");
  await page.getByLabel("Personnel d'établissement").check({ force: true });
  await page.getByLabel("Votre fonction dans l'établissement").selectOption("principal");
  await page.getByLabel("Prénom").fill("Hélène");
  await page.getByLabel("Nom", { exact: true }).fill("Marchand");
  await page.getByLabel(/Adresse e-mail/).fill(principal);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Vérifiez votre boîte e-mail")).toBeVisible();
  const confirm = new URL(linkWithToken(await waitForMail(outboxDir, principal)));
  await page.goto(confirm.pathname + confirm.search);
  await expect(page.getByText("Votre compte est confirmé")).toBeVisible();
  await logIn(page, principal);

  // 2. Finds the school (accents and case do not matter) and registers it.
  await expect(page.getByRole("heading", { name: "Inscrire mon établissement" })).toBeVisible();
  await page.getByLabel("Nom, commune ou UAI de l'établissement").fill("georges courteline");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("button", { name: /Inscrire cet établissement : Collège Georges Courteline/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Collège Georges Courteline" })).toBeVisible();
  await expectAccessible(page, "page de l'établissement");

  // 3. A class, then a January week: a school nearby already chose it (each in its section).
  await openSection(page, "Classes");
  await page.getByLabel("Nom de la classe").fill("3e C");
  await page.getByRole("button", { name: "Ajouter la classe" }).click();
  await expect(page.getByText("Classe 3e C ajoutée.")).toBeVisible();
  // Each class has its code, to hand out to its pupils.
  const joinCode = (await page.getByRole("listitem").filter({ hasText: "3e C" }).locator("code").innerText()).trim();
  expect(joinCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  const now = new Date();
  const nextYear = now.getMonth() >= 7 ? now.getFullYear() + 1 : now.getFullYear();
  await openSection(page, "Semaines de stage");
  await page.getByLabel("Ajouter une semaine").selectOption(`${nextYear}-W03`);
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await page.getByRole("button", { name: "Vérifier le calendrier des établissements proches" }).click();
  const warning = page.getByText("Des établissements proches ont choisi les mêmes semaines");
  await expect(warning).toBeVisible();
  await expect(page.getByText(/Collège Jean Perrin \(Paris 20e/)).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer les semaines" }).click();
  await expect(page.getByText("Semaines de stage enregistrées.")).toBeVisible();

  // 4. Invites the main teacher of 3e C.
  const teacher = `prof.${stamp}@ac-paris.fr`;
  await openSection(page, "Équipe");
  await page.getByLabel("Adresse e-mail académique").fill(teacher);
  await page.getByLabel("Prénom", { exact: true }).last().fill("Karim");
  await page.getByLabel("Nom", { exact: true }).last().fill("Haddad");
  await page.getByLabel("Fonction").selectOption("main_teacher");
  await page.getByLabel("Classe suivie").selectOption({ label: "3e C" });
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${teacher}.`)).toBeVisible();

  // 5. A pupil of 3e C has an account (made through the API) and chose the class with its code.
  const pupilEmail = `eleve.${stamp}@exemple.fr`;
  const pupilToken = await confirmedAccount(request, pupilEmail, "student");
  const classes = await (await request.get("/api/v1/schools/0750444A/public-classes")).json();
  const classC = classes.find((c: { name: string }) => c.name === "3e C");
  const enrol = await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: classC.id, join_code: joinCode }, headers: { Authorization: `Bearer ${pupilToken}` } });
  expect(enrol.status()).toBe(200);

  // Before consent, the pupil is told why they cannot search.
  await logIn(page, pupilEmail);
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : demande l'autorisation de tes parents" })).toBeVisible();
  await expect(page.getByText(/ton professeur principal, qui l'enregistre/)).toBeVisible();

  // 6. The teacher chooses a password from the invitation and records the consent.
  const invitation = new URL(linkWithToken(await waitForMail(outboxDir, teacher)));
  await page.context().clearCookies();
  await page.goto(invitation.pathname + invitation.search);
  await page.getByRole("textbox", { name: "Nouveau mot de passe", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Mot de passe enregistré")).toBeVisible();
  await logIn(page, teacher);
  await expect(page.getByRole("heading", { level: 1, name: "Collège Georges Courteline" })).toBeVisible();
  // The teacher gives the date written on the signed paper form, then confirms.
  await openSection(page, "Élèves");
  await page.getByRole("button", { name: "Enregistrer l'autorisation parentale de Lina Benali" }).click();
  const consent = page.getByRole("form", { name: "Autorisation parentale de Lina Benali" });
  await consent.getByRole("button", { name: "Confirmer l'autorisation de Lina Benali" }).click();
  await expect(consent.getByText("Indiquez la date à laquelle la famille a signé l'autorisation.")).toBeVisible();
  const signedOn = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await consent.getByLabel(/Date de signature de l'autorisation papier/).fill(signedOn);
  await consent.getByRole("button", { name: "Confirmer l'autorisation de Lina Benali" }).click();
  await expect(page.getByText(/Autorisation parentale enregistrée pour Lina Benali \(signée le/)).toBeVisible();
  await expectAccessible(page, "espace du professeur principal");

  // 7. The pupil can now search.
  await logIn(page, pupilEmail);
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : complète ton CV" })).toBeVisible();
  await expectAccessible(page, "espace élève");
  await page.getByRole("link", { name: "Chercher un stage près de mon établissement" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chercher un stage" })).toBeVisible();
  await expect(page.getByText(/Aucune offre pour l'instant|offres? affichées?|offres? dans un rayon de/).first()).toBeVisible();
});
