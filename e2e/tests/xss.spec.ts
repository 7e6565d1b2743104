import { expect, test, type Page } from "@playwright/test";
import { dataDir } from "../fixtures/paths";
import { demoAccounts } from "../fixtures/accounts";
import { freshTotp } from "../fixtures/totp";
import { PASSWORD } from "../fixtures/session";
import { hostWithOffer, isoWeek, schoolWithPupil } from "../fixtures/schools";

// What people type is stored and shown back as text, never run: every form of every role gets
// markup, a script, right-to-left text and emoji; nothing may execute and no element may come
// out of the text. (Runs last: it leaves odd names behind.)
const SCHOOL = "0422293P"; // Collège Antoine Guichard (Loire)
const PAYLOADS = [
  `<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `"><script>window.__xss=2</script>`,
  `مرحبا بالعالم ‮cba‬ fin`,
  `Émoji 🎒🚀 « guillemets » & <b>gras</b>`,
];

/** The page has rendered and its requests have had time to answer (some pages poll: never idle). */
async function settle(page: Page) {
  await page.waitForLoadState("domcontentloaded");
  await page.locator("main").first().waitFor();
  await page.waitForTimeout(500);
}

async function inert(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), where).toBeUndefined();
  expect(await page.locator('img[src="x"]').count(), where).toBe(0);
  expect(await page.locator("script", { hasText: "__xss" }).count(), where).toBe(0);
  expect(await page.locator("main b", { hasText: "gras" }).count(), where).toBe(0);
}

/** Fills every visible text field of every form on the page and submits it (whatever the API
 *  answers: refused input must be shown back safely too). Returns how many forms were sent. */
async function everyForm(page: Page, where: string): Promise<number> {
  let sent = 0;
  const total = await page.locator("main form").count();
  for (let i = 0; i < total; i++) {
    const form = page.locator("main form").nth(i);
    if (!(await form.count()) || !(await form.isVisible())) continue;
    const submit = form.locator('button[type="submit"]').first();
    const label = (await submit.count()) ? await submit.innerText() : "";
    // Never the irreversible buttons (deleting the account, closing a year, leaving...).
    if (/supprim|clôtur|cl[ôo]ture|désactiv|déconnex|retir|archiv|quitter|annuler/i.test(label)) continue;
    const fields = form.locator('input:not([type]), input[type="text"], input[type="search"], textarea');
    let filled = 0;
    for (let j = 0; j < (await fields.count()); j++) {
      const f = fields.nth(j);
      if (!(await f.isVisible()) || !(await f.isEditable())) continue;
      await f.fill(PAYLOADS[(i + j) % PAYLOADS.length]);
      filled++;
    }
    if (filled > 0 && (await submit.count()) && (await submit.isEnabled())) {
      await submit.click();
      await settle(page);
      sent++;
    }
    await inert(page, `${where}, formulaire ${i + 1} (${label})`);
  }
  return sent;
}

async function signIn(page: Page, email: string, password: string, totpSecret?: string | null) {
  await page.context().clearCookies();
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  if (totpSecret) {
    await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(email, totpSecret));
    await page.getByRole("button", { name: "Se connecter" }).click();
  }
  await expect(page).not.toHaveURL(/\/connexion/);
}

async function visit(page: Page, path: string): Promise<number> {
  await page.goto(path);
  await settle(page);
  await inert(page, path);
  return everyForm(page, path);
}

test("markup, scripts, RTL and emoji typed into every form are kept as text", async ({ page, request }) => {
  test.setTimeout(300_000);
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  const stamp = Date.now();
  // Stored through the API first, so that every page below has such text to show.
  const { pupilEmail, principal } = await schoolWithPupil(request, SCHOOL, `xss${stamp}`, 3);
  const { email: hostEmail, id: offerId } = await hostWithOffer(request, `xss${stamp}`, `Stage ${PAYLOADS[0]} ${PAYLOADS[3]}`, "44306184100047", 3);
  const pupilToken = (await (await request.post("/api/v1/auth/login", { data: { identifier: pupilEmail, password: PASSWORD } })).json()).access_token;
  const pupilAuth = { Authorization: `Bearer ${pupilToken}` };
  expect((await request.patch("/api/v1/me", { data: { first_name: PAYLOADS[0], last_name: PAYLOADS[2] }, headers: pupilAuth })).status()).toBe(200);
  const pupilId = (await (await request.get("/api/v1/me", { headers: pupilAuth })).json()).id;
  const year = new Date().getMonth() >= 7 ? new Date().getFullYear() : new Date().getFullYear() - 1;
  const apply = await request.post(`/api/v1/offers/${offerId}/applications`, {
    data: { weeks: [isoWeek(year + 1, 3)], motivation: `${PAYLOADS[1]} ${PAYLOADS[3]} je veux apprendre` },
    headers: pupilAuth,
  });
  expect(apply.status()).toBe(201);
  // The API keeps the text exactly.
  const stored = await (await request.get(`/api/v1/offers/${offerId}`)).json();
  expect(stored.title).toBe(`Stage ${PAYLOADS[0]} ${PAYLOADS[3]}`);

  let sent = 0;
  // Visitors.
  for (const path of ["/offres", "/connexion", "/mot-de-passe-oublie", "/confirmation/renvoi"]) sent += await visit(page, path);
  // The pupil.
  await signIn(page, pupilEmail, PASSWORD);
  await expect(page.getByText(`Bonjour ${PAYLOADS[0]}`, { exact: false })).toBeVisible();
  for (const path of ["/espace", "/eleve/profil", "/offres", `/offres/${offerId}`, "/eleve/candidatures", "/compte"]) sent += await visit(page, path);
  await page.goto(`/offres/${offerId}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PAYLOADS[0]);
  await inert(page, "page de l'offre");
  // The host: the offer and the pupil's letter and name.
  await signIn(page, hostEmail, PASSWORD);
  for (const path of ["/espace", `/offres/${offerId}/candidatures`, `/offres/${offerId}/modifier`, "/compte"]) sent += await visit(page, path);
  await page.goto(`/offres/${offerId}/candidatures`);
  await expect(page.getByText(PAYLOADS[1], { exact: false }).first()).toBeVisible();
  await inert(page, "candidatures reçues");
  // The principal: the school's forms and the pupil's page.
  const principalEmail = `principal.xss${stamp}@ac-lyon.fr`;
  expect(principal).toBeTruthy();
  await signIn(page, principalEmail, PASSWORD);
  for (const path of [`/etablissement/${SCHOOL}/eleves/${pupilId}`, "/espace", "/compte"]) sent += await visit(page, path);
  await page.goto(`/etablissement/${SCHOOL}/eleves/${pupilId}`);
  await expect(page.getByText(PAYLOADS[0], { exact: false }).first()).toBeVisible();
  await inert(page, "fiche élève");
  // Demo association, referent and admin (second factor).
  const accounts = demoAccounts(dataDir);
  for (const role of ["operator", "referent", "admin"]) {
    const a = accounts.find((x) => x.role === role)!;
    await signIn(page, a.email, a.password, a.totp_secret);
    const paths = role === "referent" ? ["/espace", "/statistiques"] : role === "admin" ? ["/espace", "/admin/annees"] : ["/espace", "/compte"];
    for (const path of paths) sent += await visit(page, path);
  }
  // Back to pages that show what the forms above stored.
  await signIn(page, hostEmail, PASSWORD);
  await visit(page, "/espace");
  await page.goto("/offres");
  await inert(page, "recherche après envoi");
  expect(dialogs).toBe(0);
  // The walk really sent forms (a page that lost its forms would make this test vacuous).
  expect(sent).toBeGreaterThanOrEqual(12);
});
