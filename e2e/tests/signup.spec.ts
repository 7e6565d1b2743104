import { expect, test } from "@playwright/test";
import { outboxDir } from "../fixtures/paths";
import { expectAccessible } from "../fixtures/a11y";
import { linkWithToken, waitForMail } from "../fixtures/mail";

test("a pupil signs up, confirms from the mail, logs in and lands on their space", async ({ page }) => {
  const email = `eleve-${Date.now()}@exemple.fr`;
  await page.goto("/inscription");
  await expect(page.getByRole("heading", { level: 1, name: "Créer un compte" })).toBeVisible();
  await expectAccessible(page, "/inscription");

  await page.getByLabel("Élève").check({ force: true });
  await page.getByLabel("Prénom").fill("Zoé");
  await page.getByLabel("Nom", { exact: true }).fill("Lefèvre");
  await page.getByLabel(/Adresse e-mail/).fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill("un-mot-de-passe-solide");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Vérifie ta boîte e-mail")).toBeVisible();
  await expectAccessible(page, "inscription réussie");

  const mail = await waitForMail(outboxDir, email);
  expect(mail).toContain("Confirmer mon adresse");
  const link = new URL(linkWithToken(mail));
  await page.goto(link.pathname + link.search);
  await expect(page.getByText("Votre compte est confirmé")).toBeVisible();
  await expectAccessible(page, "/confirmation");

  await page.getByRole("link", { name: "Se connecter" }).last().click();
  await expect(page).toHaveURL(/\/connexion$/);
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill("un-mot-de-passe-solide");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/espace$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mon espace élève" })).toBeVisible();
  await expect(page.getByText("Bonjour Zoé !")).toBeVisible();

  // The session survives a reload (access token in memory, refresh token in the HttpOnly cookie).
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Mon espace élève" })).toBeVisible();
});

test("a wrong password shows a French error", async ({ page }) => {
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill("eleve@demo.passerelle.fr");
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill("ce-n-est-pas-le-bon");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("alert")).toContainText("Identifiant ou mot de passe incorrect.");
  await expect(page).toHaveURL(/\/connexion$/);
  await expectAccessible(page, "/connexion (erreur)");
});

test("what people type is shown as text, never run", async ({ page }) => {
  let dialog = false;
  page.on("dialog", async (d) => {
    dialog = true;
    await d.dismiss();
  });
  const email = `xss-${Date.now()}@exemple.fr`;
  await page.goto("/inscription");
  await page.getByLabel("Prénom").fill(`<img src=x onerror=alert(1)>`);
  await page.getByLabel("Nom", { exact: true }).fill(`"><script>alert(2)</script> مرحبا 🎒`);
  await page.getByLabel(/Adresse e-mail/).fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill("un-mot-de-passe-solide");
  await page.getByRole("button", { name: "Créer mon compte" }).click();
  await expect(page.getByText("Vérifie ta boîte e-mail")).toBeVisible();
  const link = new URL(linkWithToken(await waitForMail(outboxDir, email)));
  await page.goto(link.pathname + link.search);
  await expect(page.getByText("Votre compte est confirmé")).toBeVisible();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill("un-mot-de-passe-solide");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByText("Bonjour <img src=x onerror=alert(1)> !")).toBeVisible();
  await page.goto("/compte");
  await expect(page.getByLabel("Nom", { exact: true })).toHaveValue(`"><script>alert(2)</script> مرحبا 🎒`);
  expect(dialog).toBe(false);
});
