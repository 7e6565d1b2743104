import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { mondayText } from "../fixtures/schools";
import { openSection } from "../fixtures/schoolSpace";
import { confirmedAccount, logIn } from "../fixtures/session";
import { freshTotp } from "../fixtures/totp";

// Issue 27, coverage: a pupil who found an internship through their family declares it from their
// phone (with the signed agreement); their teacher validates it on the follow-up, where the
// coverage moves; the principal records another pupil's directly on their file; the Paris
// referent reads the coverage. The pupils are new ones of the demo collège's 3e A: the demo
// pupil may be placed by another spec of the same run.

const UAI = "0750478M";
const shots = process.env.SHOTS_DIR;
const PDF = { name: "convention.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };

/** Screenshots at 375 px (a small phone) and 1280 px, then back to the phone. */
async function shoot(page: Page, name: string) {
  if (!shots) return;
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(shots, `external-${name}-375.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(shots, `external-${name}-1280.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
}

/** The same, of one part of a long page (the referents' dashboard). */
async function shootPart(page: Page, part: Locator, name: string) {
  if (!shots) return;
  for (const width of [375, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    await part.scrollIntoViewIfNeeded();
    await part.screenshot({ path: path.join(shots, `external-${name}-${width}.png`) });
  }
  await page.setViewportSize({ width: 375, height: 812 });
}

async function apiToken(request: APIRequestContext, email: string, password: string) {
  const login = await request.post("/api/v1/auth/login", { data: { identifier: email, password } });
  expect(login.status()).toBe(200);
  return (await login.json()).access_token as string;
}

/** A new pupil who joins 3e A with its code (the principal reads it). */
async function newPupil(request: APIRequestContext, principal: string, email: string, first: string, last: string) {
  const classes = await (await request.get(`/api/v1/schools/${UAI}/classes`, { headers: { Authorization: `Bearer ${principal}` } })).json();
  const cls = classes.find((c: { name: string }) => c.name === "3e A");
  const token = await confirmedAccount(request, email, "student", { first_name: first, last_name: last });
  const enrol = await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: cls.id, join_code: cls.join_code }, headers: { Authorization: `Bearer ${token}` } });
  expect(enrol.status()).toBe(200);
}

/** The follow-up's "dont hors plateforme" figure of 3e A. */
const elsewhereIn3eA = (page: Page) => page.getByRole("table", { name: "Par classe" }).getByRole("row", { name: /^3e A/ }).getByRole("cell").nth(4);

test("a pupil declares an internship found elsewhere, the teacher validates it, the principal records another, the referent reads the coverage", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const accounts = demoAccounts(dataDir);
  const byEmail = (email: string) => accounts.find((a) => a.email === email)!;
  const principal = byEmail("principal.demo@ac-paris.fr");
  const teacher = byEmail("prof.principal.demo@ac-paris.fr");
  const referent = byEmail("referent.paris@demo.passerelle.fr");
  const principalToken = await apiToken(request, principal.email, principal.password);
  // The collège's internship week (another spec may change the demo school's weeks).
  const weeks = await (await request.get(`/api/v1/schools/${UAI}/weeks`, { headers: { Authorization: `Bearer ${principalToken}` } })).json();
  const week = weeks.college[0] as string;
  expect(week).toBeDefined();
  const stamp = Date.now();
  const nora = `eleve.nora.hp${stamp}@exemple.fr`;
  await newPupil(request, principalToken, nora, "Nora", "Haddad");
  await newPupil(request, principalToken, `eleve.sami.hp${stamp}@exemple.fr`, "Sami", "Benali");

  // 1. Nora, on her phone, finds the entry in her space and declares her internship.
  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, nora);
  await page.getByRole("link", { name: "J'ai trouvé un stage en dehors de Passerelle" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon stage trouvé en dehors de Passerelle" })).toBeVisible();
  await expect(page.getByText(/le vérifie puis le valide/)).toBeVisible();
  await expectAccessible(page, "élève : déclarer un stage trouvé ailleurs");
  await shoot(page, "pupil-form");

  // An empty form says what is missing, at each field.
  await page.getByRole("button", { name: "Envoyer ma déclaration" }).click();
  await expect(page.getByRole("alert")).toContainText("Corrige les champs signalés ci-dessous.");
  await expect(page.getByText("Indique le nom de l'organisme qui t'accueille.")).toBeVisible();
  // The internship's length and weeks come with the pupil's profile (before the search opens too).
  await expect(page.getByText(/^En (troisième|quatrième), ton stage dure une semaine\.$/)).toBeVisible();
  await expectAccessible(page, "élève : erreurs du formulaire");
  await shoot(page, "pupil-form-errors");

  await page.getByLabel(/^Nom de l'organisme qui t'accueille/).fill("Boulangerie Martin");
  await page.getByLabel(/^Adresse du lieu de stage/).fill("12 rue de la Paix");
  await page.getByLabel("Code postal").fill("75002");
  await page.getByLabel("Commune").fill("Paris");
  await page.getByRole("radio", { name: `Semaine du ${mondayText(week)}` }).check();
  await page.getByLabel(/^Convention de stage signée/).setInputFiles(PDF);
  await page.getByRole("button", { name: "Envoyer ma déclaration" }).click();
  await expect(page.getByText("Ta déclaration est envoyée à ton établissement : il va la vérifier puis la valider.")).toBeVisible();
  const card = page.locator(".fr-card").filter({ has: page.getByRole("heading", { name: "Boulangerie Martin" }) });
  await expect(card.getByText("En attente de validation")).toBeVisible();
  await expect(card.getByText("Convention signée jointe")).toBeVisible();
  await expect(card.getByText(`Semaine du ${mondayText(week)}`)).toBeVisible();
  await expectAccessible(page, "élève : déclaration en attente");
  await shoot(page, "pupil-declared");
  await page.getByRole("link", { name: "Retour à mon espace" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Ta prochaine étape : attends la validation de ton stage" })).toBeVisible();

  // 2. Her teacher finds the declaration on the follow-up and validates it: the coverage moves.
  await page.setViewportSize({ width: 1280, height: 800 });
  await logIn(page, teacher.email, teacher.password);
  await openSection(page, "Suivi");
  const before = Number(await elsewhereIn3eA(page).innerText());
  const toValidate = page.getByRole("region", { name: /^Stages trouvés hors plateforme à valider \(\d+\)$/ });
  await expect(toValidate).toBeVisible();
  const declaration = toValidate.locator(".fr-card").filter({ has: page.getByRole("heading", { name: "Nora Haddad (3e A)" }) });
  await expect(declaration.getByText("Boulangerie Martin")).toBeVisible();
  await expect(declaration.getByRole("button", { name: "Voir la convention signée de Nora Haddad" })).toBeVisible();
  await expectAccessible(page, "suivi : déclarations à valider");
  await shoot(page, "teacher-to-validate");
  await declaration.getByRole("button", { name: "Valider le stage de Nora Haddad" }).click();
  await expect(page.getByText(/Stage de Nora Haddad chez Boulangerie Martin validé/)).toBeVisible();
  await expect(elsewhereIn3eA(page)).toHaveText(String(before + 1));
  await expect(page.getByText(/élèves? (a|ont) trouvé (son|leur) stage hors plateforme/)).toBeVisible();
  await openSection(page, "Élèves");
  const noraLine = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: "Nora Haddad" }) });
  await expect(noraLine.getByText("Trouvé hors plateforme")).toBeVisible();
  await expectAccessible(page, "élèves : couverture");
  await shoot(page, "teacher-pupils");

  // 3. Nora reads the answer: her internship is found.
  await page.setViewportSize({ width: 375, height: 812 });
  await logIn(page, nora);
  await expect(page.getByRole("heading", { level: 2, name: "Ta prochaine étape : ton stage est trouvé" })).toBeVisible();
  await expectAccessible(page, "élève : stage trouvé ailleurs");
  await shoot(page, "pupil-home-found");
  await page.getByRole("link", { name: "Mon stage trouvé en dehors de Passerelle" }).click();
  await expect(page.getByRole("heading", { name: "Ton stage est trouvé" })).toBeVisible();
  await expect(card.getByText("Validé")).toBeVisible();
  await shoot(page, "pupil-validated");

  // 4. The principal records Sami's internship on his file, with its scan: it counts at once.
  await page.setViewportSize({ width: 1280, height: 800 });
  await logIn(page, principal.email, principal.password);
  await openSection(page, "Élèves");
  await page.getByRole("link", { name: "Sami Benali" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sami Benali" })).toBeVisible();
  const section = page.getByRole("region", { name: "Stage trouvé hors plateforme" });
  await expect(section.getByText("Aucun stage trouvé en dehors de Passerelle n'est enregistré pour cet élève.")).toBeVisible();
  await section.getByRole("button", { name: "Enregistrer un stage trouvé hors plateforme" }).click();
  await section.getByLabel(/^Nom de l'organisme d'accueil/).fill("Mairie du 20e");
  await section.getByLabel(/^Adresse du lieu de stage/).fill("6 place Gambetta");
  await section.getByLabel("Code postal").fill("75020");
  await section.getByLabel("Commune").fill("Paris");
  // The school's one week is chosen already.
  await expect(section.getByRole("radio", { name: `Semaine du ${mondayText(week)}` })).toBeChecked();
  await section.getByLabel(/^Convention de stage signée/).setInputFiles(PDF);
  await section.getByRole("button", { name: "Enregistrer le stage" }).click();
  await expect(page.getByText(/Stage de Sami Benali chez Mairie du 20e enregistré/)).toBeVisible();
  const recorded = section.locator(".fr-card").filter({ has: page.getByRole("heading", { name: "Mairie du 20e" }) });
  await expect(recorded.getByText("Validé")).toBeVisible();
  await expect(recorded.getByText("Enregistré par l'établissement", { exact: false })).toBeVisible();
  await expect(page.getByText(/candidatures? · stage trouvé hors plateforme/)).toBeVisible();
  const download = page.waitForEvent("popup");
  await recorded.getByRole("button", { name: "Voir la convention signée de Sami Benali" }).click();
  await (await download).close();
  await expectAccessible(page, "fiche élève : stage enregistré");
  await shoot(page, "principal-pupil-file");
  await page.getByRole("link", { name: "Mon établissement" }).click();
  await expect(elsewhereIn3eA(page)).toHaveText(String(before + 2));
  await shoot(page, "principal-follow-up");

  // 5. The Paris referent reads the coverage of their territory.
  await page.context().clearCookies();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon espace référent" })).toBeVisible();
  const coverage = page.getByRole("region", { name: "Couverture des élèves" });
  await expect(coverage.getByText(/des élèves inscrits ont leur stage/)).toBeVisible();
  const elsewhere = coverage.getByRole("row", { name: /^Avec un stage trouvé ailleurs/ }).getByRole("cell").first();
  // The counters are rebuilt every minute, or on demand (a rebuild less than 10 s old stands).
  await expect(async () => {
    await page.getByRole("button", { name: "Actualiser les chiffres" }).click();
    await expect(page.getByText("Chiffres actualisés.")).toBeVisible();
    expect(Number(await elsewhere.innerText())).toBeGreaterThanOrEqual(2);
  }).toPass({ intervals: [12_000], timeout: 80_000 });
  const departments = page.getByRole("table", { name: "Par département" });
  await expect(departments.getByRole("columnheader", { name: "Taux de couverture" })).toBeVisible();
  await expect(departments.getByRole("row", { name: /^75 Paris/ })).toBeVisible();
  const schools = page.getByRole("table", { name: "Par établissement" });
  await expect(schools.getByRole("columnheader", { name: "Stage trouvé ailleurs" })).toBeVisible();
  await expectAccessible(page, "référent : couverture");
  await shootPart(page, coverage, "referent-coverage");
  await shootPart(page, departments, "referent-departments");
  await shootPart(page, schools, "referent-schools");
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, "référent : couverture (ordinateur)");
});
