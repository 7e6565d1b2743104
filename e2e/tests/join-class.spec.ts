import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { linkWithToken, waitForMailContaining } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { schoolYear } from "../fixtures/schools";
import { openSection } from "../fixtures/schoolSpace";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

// Collège Les Bruneaux, Firminy: a school no other spec registers.
const UAI = "0421570D";
const shots = process.env.SHOTS_DIR;

async function shoot(page: Page, name: string) {
  if (!shots) return;
  await page.screenshot({ path: `${shots}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}

/** The pupil, signed in, finds the school and picks 3e A, with or without the class code. */
async function chooseClass(page: Page, code?: string) {
  await page.getByLabel("Nom, commune ou UAI de l'établissement").fill(UAI);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByRole("button", { name: /^Choisir cet établissement : Collège Les Bruneaux/ }).click();
  await page.getByLabel("Ma classe", { exact: true }).selectOption({ label: "3e A" });
  if (code !== undefined) await page.getByLabel(/^Code de classe/).fill(code);
  await page.getByRole("button", { name: "Valider" }).click();
}

async function registeredSchool(request: APIRequestContext, stamp: number) {
  const principalEmail = `principal.jc${stamp}@ac-lyon.fr`;
  const principal = await confirmedAccount(request, principalEmail, "school_staff", { staff_function: "principal", first_name: "Anne", last_name: "Leroy" });
  const auth = { Authorization: `Bearer ${principal}` };
  expect((await request.post("/api/v1/schools", { data: { uai: UAI }, headers: auth })).status()).toBe(201);
  const cls = await request.post(`/api/v1/schools/${UAI}/classes`, { data: { school_year: schoolYear().label, name: "3e A", grade: "troisieme" }, headers: auth });
  expect(cls.status()).toBe(201);
  return principalEmail;
}

test("a pupil without the class code waits for the school, which accepts; another joins at once with the code", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const principalEmail = await registeredSchool(request, stamp);

  // 1. Léa chooses her class without a code: her request waits for the school.
  const lea = `eleve.lea.jc${stamp}@exemple.fr`;
  await confirmedAccount(request, lea, "student", { first_name: "Léa", last_name: "Moreau" });
  await logIn(page, lea);
  await chooseClass(page);
  await expect(page.getByText("Ta demande pour rejoindre la classe 3e A est envoyée à ton établissement.")).toBeVisible();
  await expect(page.getByText("Ta demande pour rejoindre la classe 3e A est en attente de validation par ton établissement.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : attends la validation de ton établissement" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Chercher un stage près de mon établissement" })).toHaveCount(0);
  await expectAccessible(page, "élève en attente de validation");
  await shoot(page, "pupil-pending");

  // 2. The principal is told on the follow-up, finds the request with the pupils and accepts it.
  await logIn(page, principalEmail);
  await expect(page.getByText("1 élève demande à rejoindre sa classe sans son code")).toBeVisible();
  await shoot(page, "staff-followup-notice");
  await page.getByRole("link", { name: "Voir les demandes d'inscription" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Élèves" })).toBeVisible();
  const requests = page.getByRole("list", { name: "1 demande d'inscription" });
  await expect(requests.getByRole("listitem")).toContainText("Léa Moreau · classe 3e A");
  await expect(requests.getByRole("listitem")).toContainText(lea);
  await expectAccessible(page, "demandes d'inscription");
  await shoot(page, "staff-join-requests");
  await requests.getByRole("button", { name: "Accepter Léa Moreau" }).click();
  await expect(page.getByText("Léa Moreau a rejoint la classe 3e A.")).toBeVisible();
  await expect(page.getByText(/Aucune demande en attente/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Léa Moreau" })).toBeVisible();

  // 3. The class's code, and a new one: the old code stops working.
  await openSection(page, "Classes");
  const line = page.getByRole("listitem").filter({ hasText: "3e A" });
  const oldCode = (await line.locator("code").innerText()).trim();
  expect(oldCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await line.getByRole("button", { name: "Nouveau code pour la classe 3e A" }).click();
  const modal = page.getByRole("dialog", { name: "Donner un nouveau code à la classe ?" });
  await expect(modal).toBeVisible();
  await expect(modal).toContainText(`(${oldCode}) ne fonctionnera plus`);
  await expectAccessible(page, "nouveau code de classe");
  await modal.getByRole("button", { name: "Créer un nouveau code" }).click();
  await expect(page.getByText(/^Nouveau code de la classe 3e A : [A-Z0-9]{4}-[A-Z0-9]{4}\. L'ancien code ne fonctionne plus\.$/)).toBeVisible();
  const newCode = (await line.locator("code").innerText()).trim();
  expect(newCode).not.toBe(oldCode);
  await shoot(page, "staff-class-codes");

  // 4. Hugo has the code: the old one is refused at the field, the new one (typed any way) works at once.
  const hugo = `eleve.hugo.jc${stamp}@exemple.fr`;
  await confirmedAccount(request, hugo, "student", { first_name: "Hugo", last_name: "Petit" });
  await logIn(page, hugo);
  await chooseClass(page, oldCode);
  await expect(page.getByText("Ce code ne correspond pas à cette classe : vérifie-le auprès de ton professeur.")).toBeVisible();
  await page.getByLabel(/^Code de classe/).fill(` ${newCode.toLowerCase().replace("-", " ")} `);
  await page.getByRole("button", { name: "Valider" }).click();
  await expect(page.getByText("C'est fait : tu as rejoint la classe 3e A.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : demande l'autorisation de tes parents" })).toBeVisible();
  await expect(page.getByText(/en attente de validation/)).toHaveCount(0);

  // 5. Léa's space no longer waits.
  await logIn(page, lea);
  await expect(page.getByRole("heading", { name: "Ta prochaine étape : demande l'autorisation de tes parents" })).toBeVisible();
  await expect(page.getByText(/en attente de validation/)).toHaveCount(0);
});

test("a pupil waiting for the school joins at once by typing the code on their space", async ({ page, request }) => {
  const stamp = Date.now();
  // Collège Waldeck-Rousseau, Firminy: a school no other spec registers.
  const principal = await confirmedAccount(request, `principal.jc2${stamp}@ac-lyon.fr`, "school_staff", { staff_function: "principal" });
  const auth = { Authorization: `Bearer ${principal}` };
  const registered = await request.post("/api/v1/schools", { data: { uai: "0421681Z" }, headers: auth });
  expect(registered.status()).toBe(201);
  const cls = await (
    await request.post("/api/v1/schools/0421681Z/classes", { data: { school_year: schoolYear().label, name: "3e B", grade: "troisieme" }, headers: auth })
  ).json();
  const email = `eleve.ines.jc${stamp}@exemple.fr`;
  const token = await confirmedAccount(request, email, "student", { first_name: "Inès", last_name: "Robert" });
  expect((await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: cls.id }, headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);

  await logIn(page, email);
  await expect(page.getByText("Ta demande pour rejoindre la classe 3e B est en attente de validation par ton établissement.")).toBeVisible();
  await page.getByRole("textbox", { name: /^Code de classe/ }).fill(cls.join_code);
  await page.getByRole("button", { name: "Rejoindre la classe" }).click();
  await expect(page.getByText("C'est fait : tu as rejoint la classe 3e B.")).toBeVisible();
  await expect(page.getByText(/en attente de validation/)).toHaveCount(0);
});

test("after repeated failed log-ins the account is locked; the mailed link unlocks it; a used link says so", async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const email = `verrou.jc${stamp}@exemple.fr`;
  await confirmedAccount(request, email, "student", { first_name: "Nina", last_name: "Garcia" });

  // Wrong passwords until the lock (the server slows the tries down first: its wait is respected).
  for (let tries = 0; tries < 30; tries++) {
    const res = await request.post("/api/v1/auth/login", { data: { identifier: email, password: "pas-le-bon-mot-de-passe" } });
    const body = await res.json();
    if (body.code === "ACCOUNT_LOCKED") break;
    if (body.code === "TOO_MANY_ATTEMPTS") await page.waitForTimeout(Number(res.headers()["retry-after"] ?? "1") * 1000 + 100);
    else expect(body.code).toBe("INVALID_CREDENTIALS");
  }

  // Even the right password is refused now, and the page says why.
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Se connecter" }).click();
  const alert = page.getByRole("alert");
  await expect(alert).toContainText("Compte verrouillé");
  await expect(alert).toContainText("votre compte est verrouillé pendant 15 minutes");
  await expect(alert.getByRole("link", { name: "Choisir un nouveau mot de passe" })).toBeVisible();
  await expectAccessible(page, "connexion, compte verrouillé");
  await shoot(page, "login-locked");

  // The lock-out mail's link opens the account again at once.
  const link = new URL(linkWithToken(await waitForMailContaining(outboxDir, email, "verrouill")));
  expect(link.pathname).toBe("/compte/deverrouiller");
  await page.goto(link.pathname + link.search);
  await expect(page.getByText("Votre compte est déverrouillé : vous pouvez vous connecter.")).toBeVisible();
  await expectAccessible(page, "compte déverrouillé");
  await shoot(page, "unlocked");
  await page.getByRole("link", { name: "Se connecter" }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  await logIn(page, email);

  // The link serves once; a wrong one says so too, with the way out.
  for (const search of [link.search, "?token=pas-un-vrai-jeton-123456"]) {
    await page.goto(`/compte/deverrouiller${search}`);
    await expect(page.getByRole("alert")).toContainText("Déverrouillage impossible");
    await expect(page.getByRole("link", { name: "Mot de passe oublié" })).toBeVisible();
  }
  await expectAccessible(page, "lien de déverrouillage refusé");
  await shoot(page, "unlock-refused");
});
