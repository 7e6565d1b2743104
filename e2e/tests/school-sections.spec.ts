import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { openSection } from "../fixtures/schoolSpace";
import { hostWithOffer, schoolYear } from "../fixtures/schools";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

// The school's space in sections, walked by its principal and a main teacher: sections by
// address, the search radius, the scanned consent required, a consent recorded then withdrawn,
// two agreements signed at once. Screenshots at phone and desktop widths go to SHOTS.

const UAI = "0421678W"; // Collège Honoré d'Urfé, Saint-Étienne (a school no other spec registers)
const SHOTS = process.env.SHOTS_DIR ?? path.join(dataDir, "shots");
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [size, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `sections-${name}-${size}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

async function token(request: APIRequestContext, email: string) {
  return (await (await request.post("/api/v1/auth/login", { data: { identifier: email, password: PASSWORD } })).json()).access_token as string;
}

/** Through the API: the school, its 3e B on week 3, a main teacher following it, three pupils
 *  (two with consent and a confirmed placement whose agreement awaits the principal's signature). */
async function setUp(request: APIRequestContext, stamp: number) {
  const year = schoolYear();
  const principalEmail = `principal.sec${stamp}@ac-lyon.fr`;
  const principal = await confirmedAccount(request, principalEmail, "school_staff", { staff_function: "principal", first_name: "Anne", last_name: "Leroy" });
  const asPrincipal = bearer(principal);
  expect((await request.post("/api/v1/schools", { data: { uai: UAI }, headers: asPrincipal })).status()).toBe(201);
  const cls = await (
    await request.post(`/api/v1/schools/${UAI}/classes`, { data: { school_year: year.label, name: "3e B", grade: "troisieme" }, headers: asPrincipal })
  ).json();
  const weeks = await request.put(`/api/v1/schools/${UAI}/weeks`, {
    data: { school_year: year.label, grade_family: "college", weeks: [{ year: year.start + 1, week: 3 }] },
    headers: asPrincipal,
  });
  expect(weeks.status()).toBe(200);

  // The main teacher asks to join; the principal approves with the class followed.
  const teacherEmail = `prof.sec${stamp}@ac-lyon.fr`;
  const teacher = await confirmedAccount(request, teacherEmail, "school_staff", { staff_function: "main_teacher", first_name: "Karim", last_name: "Haddad" });
  expect((await request.post(`/api/v1/schools/${UAI}/join`, { data: { function: "main_teacher" }, headers: bearer(teacher) })).status()).toBeLessThan(300);
  const staff = await (await request.get(`/api/v1/schools/${UAI}/staff`, { headers: asPrincipal })).json();
  const member = staff.find((m: { last_name: string }) => m.last_name === "Haddad");
  const approved = await request.post(`/api/v1/schools/${UAI}/staff/${member.user_id}/approve`, { data: { class_ids: [cls.id] }, headers: asPrincipal });
  expect(approved.status(), await approved.text()).toBeLessThan(300);

  const pupils: { email: string; token: string; id: string }[] = [];
  for (const [first, last] of [
    ["Léa", "Moreau"],
    ["Hugo", "Petit"],
    ["Inès", "Robert"],
  ]) {
    const email = `eleve.${first.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")}.sec${stamp}@exemple.fr`;
    const t = await confirmedAccount(request, email, "student", { first_name: first, last_name: last });
    expect((await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: cls.id, join_code: cls.join_code }, headers: bearer(t) })).status()).toBe(200);
    const id = (await (await request.get("/api/v1/me", { headers: bearer(t) })).json()).id;
    pupils.push({ email, token: t, id });
  }

  // Hugo and Inès: consent, a placement, the host's and the school's parts filled.
  const today = new Date().toISOString().slice(0, 10);
  const host = await hostWithOffer(request, `sec${stamp}`, `Atelier vitrail ${stamp}`, siret(stamp), 3);
  const hostToken = await token(request, host.email);
  for (const p of pupils.slice(1)) {
    expect((await request.post(`/api/v1/schools/${UAI}/pupils/${p.id}/consent`, { data: { consent_date: today }, headers: asPrincipal })).status()).toBe(200);
    const profile = await request.put("/api/v1/pupils/me/profile", {
      data: {
        birth_date: "2012-03-04",
        gender: "not_stated",
        home_postal_code: "42000",
        contact_phone: null,
        legal_representatives: [{ name: "Parent Test", email: `parent.${p.id}@famille.fr`, phone: null }],
      },
      headers: bearer(p.token),
    });
    expect(profile.status()).toBe(200);
    const applied = await request.post(`/api/v1/offers/${host.id}/applications`, {
      data: { weeks: [{ year: year.start + 1, week: 3 }], motivation: "Je voudrais découvrir le travail du verre et de la couleur." },
      headers: bearer(p.token),
    });
    expect(applied.status(), await applied.text()).toBe(201);
    const appId = (await applied.json()).id;
    expect((await request.post(`/api/v1/applications/${appId}/accept`, { headers: bearer(hostToken) })).status()).toBe(200);
    expect((await request.post(`/api/v1/applications/${appId}/confirm`, { headers: bearer(p.token) })).status()).toBe(200);
  }
  const agreements = (await (await request.get("/api/v1/agreements", { headers: asPrincipal })).json()) as { id: string }[];
  expect(agreements).toHaveLength(2);
  for (const a of agreements) {
    const draft = await (await request.get(`/api/v1/agreements/${a.id}`, { headers: bearer(hostToken) })).json();
    const hp = await request.put(`/api/v1/agreements/${a.id}/host-part`, {
      data: {
        ...draft.host_part,
        representative_name: "Claire Martin",
        representative_function: "Gérante",
        activities: "Découpe, sertissage, mise en couleur",
        skills: "Sécurité, travail en équipe",
        host_insurance: "MAIF, contrat 778899",
        safety: "Gants et lunettes fournis",
      },
      headers: bearer(hostToken),
    });
    expect(hp.status(), await hp.text()).toBe(200);
    const asSchool = await (await request.get(`/api/v1/agreements/${a.id}`, { headers: asPrincipal })).json();
    const sp = await request.put(`/api/v1/agreements/${a.id}/school-part`, {
      data: {
        principal_name: "Anne Leroy",
        teacher_user_id: asSchool.staff_choices[0].user_id,
        pupil_insurance_provided: true,
        pupil_insurer: "",
        pedagogical_notes: "",
      },
      headers: asPrincipal,
    });
    expect(sp.status(), await sp.text()).toBe(200);
  }
  return { principalEmail, principal, teacherEmail };
}

/** A SIRET that passes the Luhn check, unique to this run. */
function siret(stamp: number) {
  const body = `53${String(stamp).slice(-9)}07`;
  for (let check = 0; check < 10; check++) {
    const digits = `${body}${check}`;
    const sum = [...digits].reverse().reduce((s, c, i) => {
      const d = Number(c) * (i % 2 === 1 ? 2 : 1);
      return s + (d > 9 ? d - 9 : d);
    }, 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

test("the principal works section by section, signs two agreements at once; a teacher records a consent with its scan, then withdraws it", async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const { principalEmail, principal, teacherEmail } = await setUp(request, stamp);
  const menu = page.getByRole("navigation", { name: "Rubriques" });

  // Home: the default section, the agreements awaiting the school told on it.
  await logIn(page, principalEmail);
  await expect(page.getByRole("heading", { level: 1, name: "Collège Honoré d'Urfé" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Suivi/ })).toBeVisible();
  const summary = page.getByRole("region", { name: "Conventions de stage" });
  await expect(summary.getByText("2 conventions en cours, dont 2 à traiter par l'établissement")).toBeVisible();
  // The principal signs for the school: the summary says it is their turn.
  await expect(summary.getByText("À vous : relisez la convention puis signez-la.").first()).toBeVisible();
  await shoot(page, "1-home");

  // Every section has its own address, kept on reload, and passes the accessibility check.
  for (const [slug, label, heading] of [
    ["suivi", "Suivi", /^Suivi/],
    ["conventions", "Conventions", /^Conventions de stage$/],
    ["eleves", "Élèves", /^Élèves$/],
    ["classes", "Classes", /^Classes$/],
    ["semaines", "Semaines de stage", /^Semaines de stage/],
    ["equipe", "Équipe", /^Équipe$/],
    ["parametres", "Paramètres", /^Paramètres$/],
    ["journal", "Journal d'accès", /^Journal d'accès$/],
  ] as const) {
    await page.goto(`/etablissement/${UAI}/${slug}`);
    await expect(page.getByRole("heading", { level: 2, name: heading })).toBeVisible();
    await expect(menu.locator("a[aria-current=page]")).toHaveText(label);
    await expectAccessible(page, `rubrique ${label}`);
  }
  await page.reload();
  await expect(page.getByRole("heading", { level: 2, name: "Journal d'accès" })).toBeVisible();
  await expect(page).toHaveTitle(/^Journal d'accès – Collège Honoré d'Urfé/);
  // The old address of the school opens its default section.
  await page.goto(`/etablissement/${UAI}`);
  await expect(page).toHaveURL(new RegExp(`/etablissement/${UAI}/suivi$`));

  // Settings: the search radius (checked at the field), then the scanned consent required.
  await openSection(page, "Paramètres");
  const radius = page.getByLabel("Distance maximale autour de l'établissement (km)");
  await radius.fill("300");
  await page.getByRole("button", { name: "Enregistrer la zone de recherche" }).click();
  await expect(page.getByText("Choisissez entre 5 et 200 km.")).toBeVisible();
  await radius.fill("25");
  await page.getByRole("button", { name: "Enregistrer la zone de recherche" }).click();
  await expect(page.getByText("Vos élèves voient désormais les offres à 25 km au plus de l'établissement.")).toBeVisible();
  const scan = page.getByRole("checkbox", { name: "Exiger l'autorisation numérisée avant d'enregistrer l'autorisation parentale" });
  await expect(scan).not.toBeChecked();
  await scan.click({ force: true });
  await expect(page.getByText("L'autorisation numérisée est désormais demandée avant d'enregistrer une autorisation parentale.")).toBeVisible();
  await expect(scan).toBeChecked();
  await page.reload();
  await expect(radius).toHaveValue("25");
  await expect(scan).toBeChecked();
  const school = await (await request.get(`/api/v1/schools/${UAI}`, { headers: bearer(principal) })).json();
  expect([school.search_radius_km, school.national_search, school.consent_scan_required]).toEqual([25, false, true]);
  await expectAccessible(page, "paramètres enregistrés");
  await shoot(page, "2-settings");

  // The team: who follows which class; the delegation of the agreements.
  await openSection(page, "Équipe");
  const karim = page.getByRole("listitem").filter({ hasText: "Karim Haddad" });
  await expect(karim).toContainText("Classe suivie : 3e B");
  await expect(karim).toContainText("compte actif");
  await page.getByLabel("Membre de l'équipe").selectOption({ label: "Karim Haddad (Professeur principal)" });
  await page.getByRole("button", { name: "Donner la délégation" }).click();
  await expect(page.getByText("Karim Haddad peut désormais remplir et signer les conventions au nom de l'établissement.")).toBeVisible();
  await page.getByRole("button", { name: "Retirer la délégation" }).click();
  await expect(page.getByText("Karim Haddad ne remplit et ne signe plus les conventions au nom de l'établissement.")).toBeVisible();
  await shoot(page, "3-team");

  // Weeks changed but not saved: leaving the section asks first.
  await openSection(page, "Semaines de stage");
  const weekSelect = page.getByLabel("Ajouter une semaine");
  await weekSelect.selectOption({ index: 5 });
  await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  await expect(page.getByText(/Modifications non enregistrées/)).toBeVisible();
  const burger = menu.getByRole("button", { name: "Rubriques de l'établissement" });
  if ((await burger.isVisible()) && (await burger.getAttribute("aria-expanded")) !== "true") await burger.click();
  await menu.getByRole("link", { name: "Élèves", exact: true }).click();
  const leave = page.getByRole("dialog", { name: "Quitter sans enregistrer ?" });
  await leave.getByRole("button", { name: "Rester sur la page" }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(/\/semaines$/);
  await expect(page.getByText(/Modifications non enregistrées/)).toBeVisible();
  await page.getByRole("button", { name: "Annuler les modifications" }).click();
  await expect(page.getByText(/Modifications non enregistrées/)).toHaveCount(0);

  // Group signing: both agreements, confirmed, each result told.
  await openSection(page, "Conventions");
  const batch = page.getByRole("region", { name: "À signer par l'établissement (2)" });
  await batch.getByText("Tout sélectionner").click();
  await batch.getByRole("button", { name: "Signer la sélection (2)" }).click();
  await expect(batch.getByText(/Hugo Petit chez Entreprise sec/)).toBeVisible();
  await expect(batch.getByText(/Inès Robert chez Entreprise sec/)).toBeVisible();
  await expectAccessible(page, "confirmation de la signature groupée");
  await shoot(page, "4-batch-confirm");
  await batch.getByText("J'ai lu ces conventions et je les accepte").click();
  await batch.getByRole("button", { name: "Confirmer la signature" }).click();
  await expect(page.getByText("2 conventions signées au nom de l'établissement.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Résultat de la signature groupée" }).getByText(/: signée$/)).toHaveCount(2);
  await expect(page.getByText("Aucune convention n'attend votre signature.")).toBeVisible();
  const after = (await (await request.get("/api/v1/agreements", { headers: bearer(principal) })).json()) as { waiting_for: string[] }[];
  expect(after.every((a) => !a.waiting_for.includes("school"))).toBe(true);
  await shoot(page, "5-batch-signed");

  // The agreement's page shows its fingerprint and who must act next.
  await page.getByRole("link", { name: /Hugo Petit · Atelier vitrail/ }).click();
  await expect(page.getByText(/Reste à signer : /).first()).not.toContainText("l'établissement");
  await expect(page.getByText(/Empreinte du document \(SHA-256/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Vérifier cette convention" })).toBeVisible();

  // The teacher: only the sections a teacher needs; a consent with the scan asked first.
  await logIn(page, teacherEmail);
  await expect(menu.locator("a", { hasText: "Paramètres" })).toHaveCount(0);
  await expect(menu.locator("a")).toHaveText(["Suivi", "Conventions", "Retours de stage", "Élèves"]);
  await openSection(page, "Élèves");
  await page.getByRole("button", { name: "Enregistrer l'autorisation parentale de Léa Moreau" }).click();
  const consent = page.getByRole("form", { name: "Autorisation parentale de Léa Moreau" });
  await expect(consent.getByLabel(/Autorisation numérisée \(obligatoire\)/)).toBeVisible();
  const signedOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  await consent.getByLabel(/Date de signature de l'autorisation papier/).fill(signedOn);
  await consent.getByRole("button", { name: "Confirmer l'autorisation de Léa Moreau" }).click();
  await expect(consent.getByText(/Votre établissement demande l'autorisation numérisée/)).toBeVisible();
  await expectAccessible(page, "autorisation : le fichier est demandé");
  await shoot(page, "6-consent-scan-asked");
  await consent
    .getByLabel(/Autorisation numérisée/)
    .setInputFiles({ name: "autorisation.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%test\n") });
  await consent.getByRole("button", { name: "Confirmer l'autorisation de Léa Moreau" }).click();
  await expect(page.getByText(/Autorisation parentale enregistrée pour Léa Moreau \(signée le .*\), avec l'autorisation numérisée\./)).toBeVisible();
  // The figures follow at once.
  await openSection(page, "Suivi");
  const row = page.getByRole("row", { name: /3e B/ });
  await expect(row.getByRole("cell").nth(1)).toHaveText("3");
  // At 375 px the table scrolls inside its DSFR container: the page itself does not scroll sideways.
  await page.setViewportSize({ width: 375, height: 812 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const byClass = await page.getByRole("table", { name: "Par classe" }).evaluate((t) => {
    const box = t.closest<HTMLElement>(".fr-table__container")!;
    return { scrolls: box.scrollWidth > box.clientWidth, overflow: getComputedStyle(box).overflowX };
  });
  expect(byClass).toEqual({ scrolls: true, overflow: "auto" });
  await page.setViewportSize({ width: 390, height: 844 });

  // Withdrawn from the pupil's file, with a reason; the file says by whom and why.
  await openSection(page, "Élèves");
  await page.getByRole("link", { name: "Léa Moreau" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Léa Moreau" })).toBeVisible();
  await page.getByRole("button", { name: "Retirer l'autorisation parentale" }).click();
  const withdrawal = page.getByRole("form", { name: "Retrait de l'autorisation parentale de Léa Moreau" });
  await withdrawal.getByLabel(/Motif du retrait/).fill("Non");
  await withdrawal.getByRole("button", { name: "Confirmer le retrait" }).click();
  await expect(withdrawal.getByText("Indiquez le motif du retrait (5 caractères au moins).")).toBeVisible();
  await withdrawal.getByLabel(/Motif du retrait/).fill("La famille revient sur sa décision");
  await withdrawal.getByRole("button", { name: "Confirmer le retrait" }).click();
  await expect(page.getByText(/Autorisation parentale de Léa Moreau retirée/)).toBeVisible();
  await expect(page.getByText(/a été retirée le .* par Karim Haddad\. Motif : La famille revient sur sa décision/)).toBeVisible();
  await expect(page.getByText("Pas encore d'autorisation : l'élève ne peut pas chercher de stage.")).toBeVisible();
  await expectAccessible(page, "fiche élève : autorisation retirée");
  await shoot(page, "7-consent-withdrawn");
  await page.getByRole("link", { name: "Mon établissement" }).click();
  await expect(page.getByRole("row", { name: /3e B/ }).getByRole("cell").nth(1)).toHaveText("2");
});

test("a principal's unsaved weeks: leaving by the menu, another link or the back button asks first", { tag: "@desktop" }, async ({ page }) => {
  const principal = demoAccounts(dataDir).find((a) => a.function === "principal")!;
  await logIn(page, principal.email, principal.password);
  const menu = page.getByRole("navigation", { name: "Rubriques" });
  // The space is shown (its menu folded on a phone) before a section is chosen.
  await expect(menu.getByRole("button", { name: "Rubriques de l'établissement" }).or(menu.getByRole("link", { name: "Élèves", exact: true }))).toBeVisible();
  await openSection(page, "Élèves");
  await openSection(page, "Semaines de stage");
  // The weeks are read once loaded (an empty list before that would prove nothing).
  const weeksRegion = page.getByRole("region", { name: /^Semaines de stage/ });
  await expect(weeksRegion.getByRole("list").or(weeksRegion.getByText("Aucune semaine choisie."))).toBeVisible();
  const saved = await page
    .getByRole("region", { name: /^Semaines de stage/ })
    .getByRole("listitem")
    .allTextContents();

  // A week the school has not chosen yet, added but not saved.
  const unsaved = page.getByText(/Modifications non enregistrées/);
  for (let i = 3; i < 20 && !(await unsaved.isVisible()); i++) {
    await page.getByLabel("Ajouter une semaine").selectOption({ index: i });
    await page.getByRole("button", { name: "Ajouter", exact: true }).click();
  }
  await expect(unsaved).toBeVisible();

  // A section of the menu: the modal asks; staying keeps the changes.
  const burger = menu.getByRole("button", { name: "Rubriques de l'établissement" });
  if ((await burger.isVisible()) && (await burger.getAttribute("aria-expanded")) !== "true") await burger.click();
  await menu.getByRole("link", { name: "Suivi", exact: true }).click();
  const leave = page.getByRole("dialog", { name: "Quitter sans enregistrer ?" });
  await expect(leave).toBeVisible();
  await expect(leave).toContainText("Vos semaines de stage ne sont pas enregistrées");
  await expectAccessible(page, "quitter sans enregistrer");
  await shootGuard(page, "guard-modal");
  await leave.getByRole("button", { name: "Rester sur la page" }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(/\/semaines$/);
  await expect(page.getByText(/Modifications non enregistrées/)).toBeVisible();

  // The footer's site map (a link outside the space): asked too.
  await page.getByRole("contentinfo").getByRole("link", { name: "Plan du site" }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole("button", { name: "Rester sur la page" }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(/\/semaines$/);

  // Signing out (the header's button, shown as such on a computer): asked too.
  const signOut = page.getByRole("banner").getByRole("button", { name: "Se déconnecter" }).first();
  if (page.viewportSize()!.width >= 992) {
    await signOut.click();
    await expect(leave).toBeVisible();
    await leave.getByRole("button", { name: "Rester sur la page" }).click();
    await expect(leave).toBeHidden();
    await expect(page).toHaveURL(/\/semaines$/);
  }

  // The browser's back button: the page stays, the modal asks; leaving goes back.
  await page.goBack({ waitUntil: "commit" });
  await expect(leave).toBeVisible();
  await expect(page).toHaveURL(/\/semaines$/);
  await expect(page.getByText(/Modifications non enregistrées/)).toBeVisible();
  await leave.getByRole("button", { name: "Quitter sans enregistrer" }).click();
  await expect(page).toHaveURL(/\/eleves$/);
  await expect(leave).toBeHidden();

  // Nothing was saved: the weeks are those of before.
  await openSection(page, "Semaines de stage");
  await expect(page.getByText(/Modifications non enregistrées/)).toHaveCount(0);
  await expect(weeksRegion.getByRole("list").or(weeksRegion.getByText("Aucune semaine choisie."))).toBeVisible();
  expect(
    await page
      .getByRole("region", { name: /^Semaines de stage/ })
      .getByRole("listitem")
      .allTextContents(),
  ).toEqual(saved);
});

/** The guard's screens at phone and desktop widths, when SHOTS_DIR is set. */
async function shootGuard(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  const size = page.viewportSize()!;
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [label, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 800 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`) });
  }
  await page.setViewportSize(size);
}
