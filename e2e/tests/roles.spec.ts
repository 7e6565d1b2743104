import { expect, test } from "@playwright/test";
import { dataDir } from "../fixtures/paths";
import { demoAccounts } from "../fixtures/accounts";
import { expectAccessible } from "../fixtures/a11y";
import { freshTotp } from "../fixtures/totp";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

const homes: Record<string, string> = {
  student: "Mon espace élève",
  school_staff: "Mon espace établissement",
  employer: "Mon espace organisme d'accueil",
  operator: "Mon espace association partenaire",
  referent: "Mon espace référent",
  admin: "Administration",
};

test("every demo account logs in and sees its role's home", { tag: "@desktop" }, async ({ page }) => {
  test.setTimeout(180_000);
  const accounts = demoAccounts(dataDir);
  expect(accounts.length).toBeGreaterThanOrEqual(6);
  expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(Object.keys(homes)));
  for (const account of accounts) {
    await page.goto("/connexion");
    await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(account.email);
    await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(account.password);
    await page.getByRole("button", { name: "Se connecter" }).click();
    if (account.totp_secret) {
      // Admins and referents: the second factor, as an authenticator app would give it.
      await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(account.email, account.totp_secret));
      await page.getByRole("button", { name: "Se connecter" }).click();
    }
    if (account.role === "school_staff") {
      // Staff of the demo school land on their school's page.
      await expect(page.getByRole("heading", { level: 1, name: "Collège Jean-Baptiste Clément" }), account.email).toBeVisible();
    } else if (account.role === "employer") {
      // The demo host lands on their organisation and its offer.
      await expect(page.getByRole("heading", { level: 1, name: "Atelier Lumière (démo)" }), account.email).toBeVisible();
    } else {
      await expect(page.getByRole("heading", { level: 1, name: homes[account.role] }), account.email).toBeVisible();
    }
    await expectAccessible(page, `espace ${account.label}`);
    // Next account: drop the session cookie; the access token lives in memory and goes with the page.
    await page.context().clearCookies();
  }
});

test("signed-in pages pass the accessibility check", { tag: "@desktop" }, async ({ page }) => {
  const account = demoAccounts(dataDir).find((a) => a.role === "school_staff")!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(account.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/espace$/);
  await page.goto("/compte");
  await expect(page.getByRole("heading", { level: 1, name: "Mon compte" })).toBeVisible();
  await expectAccessible(page, "/compte");
});

for (const path of ["/", "/connexion", "/mot-de-passe-oublie", "/confirmation", "/plan-du-site", "/accessibilite", "/mentions-legales", "/statistiques", "/offres", "/page-qui-n-existe-pas"]) {
  test(`public page ${path} passes the accessibility check`, { tag: "@desktop" }, async ({ page }) => {
    await page.goto(path);
    await expect(page.locator("main h1")).toBeVisible();
    await expect(page.locator("#contenu")).toBeVisible();
    await expectAccessible(page, path);
  });
}

test("anonymous visitors of a private page are sent to the log-in page", { tag: "@desktop" }, async ({ page }) => {
  await page.goto("/compte");
  await expect(page).toHaveURL(/\/connexion$/);
});

test("an adult turns on two-factor authentication, then signs in with the app's code", async ({ page, request }) => {
  test.setTimeout(120_000);
  const email = `deux.facteurs.${Date.now()}@entreprise.fr`;
  await confirmedAccount(request, email, "employer");
  await logIn(page, email);
  await page.goto("/compte");
  await page.getByRole("link", { name: "L'activer la double authentification" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Double authentification" })).toBeVisible();
  await page.getByRole("button", { name: "Créer ma clé" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expectAccessible(page, "double authentification");
  await page.getByLabel("Code à 6 chiffres").fill(await freshTotp(email, secret));
  await page.getByRole("button", { name: "Activer" }).click();
  await expect(page).toHaveURL(/\/espace$/);

  // Next sign-in: password, then the code.
  await page.context().clearCookies();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(email, secret));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/espace$/);
});
