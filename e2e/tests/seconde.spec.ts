import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { waitForMailContaining } from "../fixtures/mail";
import { dataDir, outboxDir } from "../fixtures/paths";
import { mondayText, schoolYear, weekParts } from "../fixtures/schools";
import { openSection } from "../fixtures/schoolSpace";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

// The seconde (lycée) screens, walked by the people they are for: a host offering the two
// national weeks, the principal approving a split placement, the host's agreement of a seconde
// pupil. Screenshots at phone and desktop widths go to SHOTS (outside the repository).

const LYCEE = "0420041S"; // Lycée Claude Fauriel, Saint-Étienne (general and technological)
const SHOTS = process.env.SHOTS_DIR ?? path.join(dataDir, "shots");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** "2027-W24", as the API writes a week. */
type Week = string;
type Lycee = { principalEmail: string; classId: string; joinCode: string; weeks: [Week, Week] };

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function tokenOf(request: APIRequestContext, email: string) {
  const login = await request.post("/api/v1/auth/login", { data: { identifier: email, password: PASSWORD } });
  expect(login.status(), `login of ${email}`).toBe(200);
  return (await login.json()).access_token as string;
}

/** A SIRET that passes the Luhn check, unique to this run (the column is unique). */
function siret(stamp: number, n: number) {
  const body = `52${String(stamp).slice(-9)}${String(n).padStart(2, "0")}`;
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

/** "semaine du 14 juin 2027", as the SPA writes a week. */
function weekText(w: Week) {
  return `semaine du ${mondayText(w)}`;
}

/** Through the API, once per server (the file lives in the server's throwaway data directory):
 *  the principal registers the lycée, a seconde class, and the two national seconde weeks. */
async function lycee(request: APIRequestContext): Promise<Lycee> {
  const file = path.join(dataDir, "seconde-lycee.json");
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as Lycee;
  const year = schoolYear();
  const principalEmail = `principal.lycee${Date.now()}@ac-lyon.fr`;
  const principal = await confirmedAccount(request, principalEmail, "school_staff", { staff_function: "principal", first_name: "Anne", last_name: "Leroy" });
  const auth = bearer(principal);
  expect((await request.post("/api/v1/schools", { data: { uai: LYCEE }, headers: auth })).status()).toBe(201);
  // A vocational seconde has its own internships: refused here.
  const pro = await request.post(`/api/v1/schools/${LYCEE}/classes`, { data: { school_year: year.label, name: "2nde Pro MELEC", grade: "seconde" }, headers: auth });
  expect(pro.status()).toBe(422);
  expect((await pro.json()).code).toBe("VOCATIONAL_SECONDE");
  const cls = await request.post(`/api/v1/schools/${LYCEE}/classes`, { data: { school_year: year.label, name: "2nde 3", grade: "seconde" }, headers: auth });
  expect(cls.status()).toBe(201);
  const info = await (await request.get(`/api/v1/school-years/${year.label}`)).json();
  const weeks = info.seconde_weeks as [Week, Week];
  expect(weeks).toHaveLength(2);
  const saved = await request.put(`/api/v1/schools/${LYCEE}/weeks`, { data: { school_year: year.label, grade_family: "lycee", weeks }, headers: auth });
  expect(saved.status()).toBe(200);
  const created = await cls.json();
  const out: Lycee = { principalEmail, classId: created.id, joinCode: created.join_code, weeks };
  fs.writeFileSync(file, JSON.stringify(out));
  return out;
}

/** A seconde pupil of the lycée with parental consent and a profile naming a legal representative. */
async function pupilOfLycee(request: APIRequestContext, school: Lycee, tag: string, first: string, last: string, birth = "2011-03-04") {
  const email = `eleve.${tag}@exemple.fr`;
  const token = await confirmedAccount(request, email, "student", { first_name: first, last_name: last });
  const auth = bearer(token);
  expect((await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: school.classId, join_code: school.joinCode }, headers: auth })).status()).toBe(200);
  const profile = await request.put("/api/v1/pupils/me/profile", {
    data: { birth_date: birth, gender: "female", home_postal_code: null, contact_phone: null, legal_representatives: [{ name: `Karima ${last}`, email: `parent.${tag}@famille.fr`, phone: null }] },
    headers: auth,
  });
  expect(profile.status()).toBe(200);
  const me = await (await request.get("/api/v1/me", { headers: auth })).json();
  const today = new Date().toISOString().slice(0, 10);
  const principal = await tokenOf(request, school.principalEmail);
  expect((await request.post(`/api/v1/schools/${LYCEE}/pupils/${me.id}/consent`, { data: { consent_date: today }, headers: bearer(principal) })).status()).toBe(200);
  return { email, id: me.id as string, token, parentEmail: `parent.${tag}@famille.fr` };
}

/** A host account with its organisation near Saint-Étienne. */
async function hostOrg(request: APIRequestContext, tag: string, siretNumber: string) {
  const email = `hote.${tag}@entreprise.fr`;
  const token = await confirmedAccount(request, email, "employer", { first_name: "Paul", last_name: "Martin" });
  const org = await request.post("/api/v1/organisations", {
    data: { name: `Laboratoire ${tag}`, siret: siretNumber, kind: "company", is_public: false, address: "3 rue Michelet", postal_code: "42000", city: "Saint-Étienne" },
    headers: bearer(token),
  });
  expect(org.status()).toBe(201);
  return { email, token, orgId: (await org.json()).id as string };
}

/** Through the API: a published seconde offer of `weeks`. */
async function secondeOffer(request: APIRequestContext, host: { email: string; token: string; orgId: string }, title: string, weeks: Week[], twoWeeksOnly: boolean) {
  const offer = await request.post(`/api/v1/organisations/${host.orgId}/offers`, {
    data: {
      school_year: schoolYear().label,
      title,
      description: "Découvrir le travail d'un laboratoire d'analyses : prélèvements, mesures, qualité et sécurité.",
      sector_id: "s29",
      jobs: "Technicien de laboratoire",
      address: "3 rue Michelet",
      postal_code: "42000",
      city: "Saint-Étienne",
      tutor_name: "Paul Martin",
      tutor_function: "Responsable qualité",
      tutor_email: host.email,
      tutor_phone: "0477000000",
      grades: ["seconde"],
      weeks,
      places_per_week: 2,
      group_mode: "individual",
      schedule: ["monday", "tuesday", "wednesday", "thursday", "friday"].map((day) => ({ day, start: "09:00", end: "16:00", lunch_break_minutes: 60 })),
      lunch: "none",
      two_weeks_only: twoWeeksOnly,
    },
    headers: bearer(host.token),
  });
  expect(offer.status(), await offer.text()).toBe(201);
  const id = (await offer.json()).id as string;
  expect((await request.post(`/api/v1/offers/${id}/publish`, { headers: bearer(host.token) })).status()).toBe(200);
  return id;
}

/** Apply and have the host accept; returns the application id. */
async function appliedAndAccepted(request: APIRequestContext, offerId: string, weeks: Week[], pupilToken: string, hostToken: string) {
  const applied = await request.post(`/api/v1/offers/${offerId}/applications`, {
    data: { weeks, motivation: "J'aime les sciences et je voudrais voir comment on travaille dans un laboratoire." },
    headers: bearer(pupilToken),
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const id = (await applied.json()).id as string;
  expect((await request.post(`/api/v1/applications/${id}/accept`, { headers: bearer(hostToken) })).status()).toBe(200);
  return id;
}

/** The same screen at phone width, then desktop width (back to phone after). `target` is
 *  scrolled to the top of the viewport first, so each shot shows what the person is looking at. */
async function shoot(page: Page, name: string, target?: Locator) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [size, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
    await page.setViewportSize(viewport);
    if (target) await target.evaluate((el) => el.scrollIntoView({ block: "start" }));
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`) });
  }
  await page.setViewportSize(PHONE);
}

test("a host offers the two seconde weeks as one internship, and a pupil of the lycée applies for both", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const school = await lycee(request);
  const [w1, w2] = school.weeks;
  const host = await hostOrg(request, `deux${stamp}`, siret(stamp, 1));
  const title = `Deux semaines au laboratoire ${stamp}`;

  // The host publishes the offer from its space, step by step.
  await logIn(page, host.email);
  await expect(page.getByRole("link", { name: "Publier une offre" })).toBeVisible();
  await shoot(page, "1a0-host-home-top");
  await page.getByRole("link", { name: "Publier une offre" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Publier une offre" })).toBeVisible();
  await page.getByLabel("Titre de l'offre").fill(title);
  await page.getByLabel("Description").fill("Deux semaines pour découvrir un laboratoire d'analyses : prélèvements, mesures, contrôle qualité.");
  await page.getByLabel("Secteur d'activité").selectOption({ label: "Industrie chimique" });
  await page.getByLabel("Métiers observés").fill("Technicien de laboratoire, responsable qualité");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByLabel("Adresse du stage").fill("3 rue Michelet");
  await page.getByLabel("Code postal").fill("42000");
  await page.getByLabel("Commune").fill("Saint-Étienne");
  await page.getByLabel("Nom du tuteur ou de la tutrice").fill("Paul Martin");
  await page.getByLabel("Fonction du tuteur").fill("Responsable qualité");
  await page.getByLabel("E-mail du tuteur").fill(host.email);
  await page.getByLabel("Téléphone du tuteur").fill("0477000000");
  await page.getByRole("button", { name: "Étape suivante" }).click();

  // Lycée: the two national weeks; taken together by default.
  await page.getByLabel("Lycée (seconde générale et technologique)").check({ force: true });
  const weeksGroup = page.getByRole("group", { name: /Semaines \(les deux semaines nationales de seconde\)/ });
  await expect(weeksGroup.getByRole("checkbox")).toHaveCount(2);
  await page.getByLabel(weekText(w1)).check({ force: true });
  await expect(page.getByRole("radio", { name: "Pour les deux semaines uniquement" })).toHaveCount(0); // one week: nothing to choose
  await page.getByLabel(weekText(w2)).check({ force: true });
  const onlyBoth = page.getByRole("radio", { name: "Pour les deux semaines uniquement" });
  const either = page.getByRole("radio", { name: "Pour une ou deux semaines, au choix de l'élève" });
  await expect(onlyBoth).toBeChecked();
  await expect(either).not.toBeChecked();
  const choice = page.getByRole("group").filter({ has: onlyBoth });
  await expect(choice).toContainText("Durée du stage pour chaque élève");
  await expectAccessible(page, "formulaire d'offre, seconde, deux semaines");
  await shoot(page, "1a-host-offer-form-seconde-weeks", page.getByRole("group", { name: /Niveau des élèves/ }));

  // The week on site (the default Monday–Friday, 9 h–16 h) and publish.
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(page.getByText(/Horaires/).first()).toBeVisible();
  await shoot(page, "1b-host-offer-form-schedule");
  await page.getByRole("button", { name: "Vérifier" }).click();
  await page.getByRole("button", { name: "Publier l'offre" }).click();
  await expect(page).toHaveURL(/\/espace$/);
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
  await expectAccessible(page, "espace de l'organisme, offre de seconde publiée");
  await shoot(page, "1b1-host-home-offer-published", page.getByRole("heading", { name: "Mes offres" }));
  await page.getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const offerId = new URL(page.url()).pathname.split("/").pop()!;
  await expect(page.getByText("Ce stage se fait sur les deux semaines, sans les séparer.")).toBeVisible();
  await expect(page.getByText(`${weekText(w1)} : 1 place libre sur 1`)).toBeVisible();
  await expectAccessible(page, "page de l'offre de seconde (organisme)");
  await shoot(page, "1c0-offer-page-top");
  await shoot(page, "1c-offer-page-two-weeks-only", page.getByRole("heading", { name: "Quand" }));

  // A seconde pupil of the lycée: no week to choose, the form says both are taken together.
  const pupil = await pupilOfLycee(request, school, `deux${stamp}`, "Chloé", "Garnier");
  await logIn(page, pupil.email);
  await page.goto(`/offres/${offerId}`);
  const apply = page.getByRole("region", { name: "Postuler" });
  await expect(apply).toBeVisible();
  await expect(apply.getByText(`Ce stage se fait sur les deux semaines, sans les séparer : ${weekText(w1)} et ${weekText(w2)}.`)).toBeVisible();
  await expect(apply.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByText("Ce stage se fait sur les deux semaines, sans les séparer.")).toBeVisible();
  await expectAccessible(page, "offre de seconde vue par un élève");
  await shoot(page, "1d-pupil-apply-two-weeks-only", apply);
  await apply.getByLabel("Ma lettre de motivation").fill("Je voudrais devenir technicienne de laboratoire et voir le travail de tous les jours.");
  await apply.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.getByText("Candidature envoyée : l'organisme a 15 jours pour répondre.")).toBeVisible();
  const mine = await (await request.get("/api/v1/pupils/me/applications", { headers: bearer(pupil.token) })).json();
  const sent = mine.find((a: { offer_id: string }) => a.offer_id === offerId);
  expect(sent?.weeks).toEqual([w1, w2]);
  await expectAccessible(page, "candidature envoyée");
  await shoot(page, "1e-pupil-applied", apply);
});

test("a pupil asks to split the seconde internship between two hosts, and the principal allows it", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const school = await lycee(request);
  const [w1, w2] = school.weeks;
  const hostA = await hostOrg(request, `splita${stamp}`, siret(stamp, 2));
  const hostB = await hostOrg(request, `splitb${stamp}`, siret(stamp, 3));
  const offerA = await secondeOffer(request, hostA, `Première semaine à la pharmacie ${stamp}`, [w1], false);
  const offerB = await secondeOffer(request, hostB, `Deuxième semaine au garage ${stamp}`, [w2], false);
  const pupil = await pupilOfLycee(request, school, `split${stamp}`, "Inès", `Morel${stamp % 100000}`);
  const name = `Inès Morel${stamp % 100000}`;

  // One week at each host: the first is confirmed, the second needs the principal's approval.
  const appA = await appliedAndAccepted(request, offerA, [w1], pupil.token, hostA.token);
  const appB = await appliedAndAccepted(request, offerB, [w2], pupil.token, hostB.token);
  expect((await request.post(`/api/v1/applications/${appA}/confirm`, { headers: bearer(pupil.token) })).status()).toBe(200);

  // The pupil confirms the second week from "Mes candidatures": the principal has to agree first.
  const titleB = `Deuxième semaine au garage ${stamp}`;
  await logIn(page, pupil.email);
  await page.goto("/eleve/candidatures");
  await expect(page.getByRole("heading", { level: 1, name: "Mes candidatures" })).toBeVisible();
  await page.getByRole("button", { name: `Confirmer ce stage « ${titleB} »` }).click();
  const refusal = page.getByRole("status").filter({ hasText: "Faire ton stage en deux lieux demande l'accord de ton chef d'établissement" });
  await expect(refusal).toBeVisible();
  await expectAccessible(page, "élève : deuxième semaine en attente de l'accord");
  await shoot(page, "2a0-pupil-second-week-needs-approval");
  const second = await request.post(`/api/v1/applications/${appB}/confirm`, { headers: bearer(pupil.token) });
  expect(second.status()).toBe(409);
  expect((await second.json()).code).toBe("SPLIT_NEEDS_APPROVAL");

  // The principal's space: the seconde setting, then the pupil who asks.
  await logIn(page, school.principalEmail);
  await expect(page.getByRole("heading", { level: 1, name: "Lycée Claude Fauriel" })).toBeVisible();
  await expectAccessible(page, "espace du chef d'établissement, lycée");
  await shoot(page, "2a1-principal-home-top");
  // The school's space is in sections, each at its own address.
  await openSection(page, "Paramètres");
  const seconde = page.getByRole("region", { name: "Stage de seconde" });
  const toggle = seconde.getByRole("checkbox", { name: /Autoriser le stage en deux lieux à tous les élèves de seconde/ });
  await expect(toggle).not.toBeChecked();
  await shoot(page, "2a-principal-seconde-setting", seconde);
  await openSection(page, "Semaines de stage");
  await shoot(page, "2a2-principal-weeks", page.getByRole("region", { name: /Semaines de stage/ }));
  await openSection(page, "Élèves");
  const pupils = page.getByRole("region", { name: "Élèves" });
  const line = pupils.getByRole("listitem").filter({ hasText: name });
  await expect(line).toContainText("demande à faire son stage en deux lieux");
  await expectAccessible(page, "élèves du lycée");
  await shoot(page, "2b-principal-pupil-asks-split", line);

  await line.getByRole("button", { name: `Autoriser le stage en deux lieux d'${name}` }).click();
  await expect(pupils.getByText(`${name} peut confirmer sa deuxième semaine : l'élève est prévenu.`)).toBeVisible();
  await expect(line).toContainText("stage en deux lieux autorisé");
  await expect(line.getByRole("button", { name: /Autoriser le stage en deux lieux/ })).toHaveCount(0);
  await expectAccessible(page, "stage en deux lieux autorisé");
  await shoot(page, "2c-principal-split-approved", pupils);

  // The pupil can now confirm the second week.
  await logIn(page, pupil.email);
  await page.goto("/eleve/candidatures");
  await page.getByRole("button", { name: `Confirmer ce stage « ${titleB} »` }).click();
  await expect(page.getByText(`Stage « ${titleB} » confirmé !`)).toBeVisible();
  await expectAccessible(page, "élève : deux stages confirmés");
  await shoot(page, "2c1-pupil-second-week-confirmed");
  await logIn(page, school.principalEmail);
  await openSection(page, "Élèves");
  await expect(page.getByRole("region", { name: "Élèves" }).getByRole("listitem").filter({ hasText: name })).toContainText(/— stage en deux lieux$/);
  await openSection(page, "Paramètres");

  // The whole-school setting, on then off again (other pupils keep asking one by one).
  // A controlled switch: it shows the server's state once the setting is saved.
  await toggle.click({ force: true });
  await expect(seconde.getByText("Les élèves de seconde peuvent faire leur stage en deux lieux sans demander.")).toBeVisible();
  await expect(toggle).toBeChecked();
  await expectAccessible(page, "réglage du stage en deux lieux");
  await shoot(page, "2d-principal-splits-allowed", seconde);
  await toggle.click({ force: true });
  await expect(seconde.getByText("Chaque stage en deux lieux vous sera demandé.")).toBeVisible();
  await expect(toggle).not.toBeChecked();
});

test("the agreement of a seconde pupil states the hours rule applied, and when the attestation can be issued", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const school = await lycee(request);
  const [w1, w2] = school.weeks;
  const host = await hostOrg(request, `conv${stamp}`, siret(stamp, 4));
  const title = `Laboratoire de biologie ${stamp}`;
  const offerId = await secondeOffer(request, host, title, [w1, w2], true);
  const pupil = await pupilOfLycee(request, school, `conv${stamp}`, "Maëlys", `Roux${stamp % 100000}`, "2011-03-04");
  // "The two weeks only": one week alone is refused.
  const oneWeek = await request.post(`/api/v1/offers/${offerId}/applications`, { data: { weeks: [w1], motivation: "Une seule semaine, s'il vous plaît." }, headers: bearer(pupil.token) });
  expect(oneWeek.status(), await oneWeek.text()).toBe(422);
  const app = await appliedAndAccepted(request, offerId, [w1, w2], pupil.token, host.token);
  expect((await request.post(`/api/v1/applications/${app}/confirm`, { headers: bearer(pupil.token) })).status()).toBe(200);

  // The host opens the agreement from its space.
  await logIn(page, host.email);
  await page.getByRole("region", { name: "Conventions de stage" }).getByRole("link", { name: new RegExp(title) }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Convention de stage" })).toBeVisible();
  const hours = page.getByRole("group", { name: /Horaires, entre 6 h et 20 h/ });
  await expect(hours).toContainText(
    "La durée de présence de l'élève ne dépasse pas 8 heures par jour (élève de 15 ans ou plus pendant la séquence) ni 35 heures par semaine",
  );
  // Two weeks taken together: ten days on the grid.
  await expect(hours.getByLabel("Arrivée")).toHaveCount(10);
  await expectAccessible(page, "convention de seconde, partie de l'organisme");
  await shoot(page, "3a-host-agreement-hours-rule", hours);

  // Through the API: every party fills and signs (the legal representative by link and code).
  const agreementId = new URL(page.url()).pathname.split("/").pop()!;
  const view = async (token: string) => (await request.get(`/api/v1/agreements/${agreementId}`, { headers: bearer(token) })).json();
  const draft = await view(host.token);
  const hostPart = {
    ...draft.host_part,
    representative_name: "Claire Martin",
    representative_function: "Gérante",
    signatory_name: "Paul Martin", // the host's account signs by delegation
    signatory_function: "Responsable des stages",
    activities: "Prélèvements, mesures, contrôle qualité",
    skills: "Règles de sécurité, travail en équipe",
    host_insurance: "MAIF, contrat 778899",
    safety: "Blouse et lunettes fournies, aucun produit dangereux",
  };
  const hp = await request.put(`/api/v1/agreements/${agreementId}/host-part`, { data: hostPart, headers: bearer(host.token) });
  expect(hp.status(), await hp.text()).toBe(200);
  const principal = await tokenOf(request, school.principalEmail);
  const asSchool = await view(principal);
  const sp = await request.put(`/api/v1/agreements/${agreementId}/school-part`, {
    data: { principal_name: "Anne Leroy", teacher_user_id: asSchool.staff_choices[0].user_id, pupil_insurance_provided: true, pupil_insurer: "", pedagogical_notes: "" },
    headers: bearer(principal),
  });
  expect(sp.status(), await sp.text()).toBe(200);
  for (const token of [host.token, principal, pupil.token]) {
    const v = await view(token);
    const signed = await request.post(`/api/v1/agreements/${agreementId}/sign`, { data: { document_hash: v.document_hash }, headers: bearer(token) });
    expect(signed.status(), await signed.text()).toBe(200);
  }
  const linkMail = await waitForMailContaining(outboxDir, pupil.parentEmail, "/convention/signer/");
  const signToken = linkMail.match(/\/convention\/signer\/([A-Za-z0-9_-]+)/)![1];
  const link = await (await request.get(`/api/v1/signing/${signToken}`)).json();
  expect((await request.post(`/api/v1/signing/${signToken}/code`)).status()).toBe(200);
  const codeMail = await waitForMailContaining(outboxDir, pupil.parentEmail, "Votre code de signature de la convention");
  const code = codeMail.match(/convention : (\d{6})/)![1];
  const repSigned = await request.post(`/api/v1/signing/${signToken}/sign`, { data: { code, document_hash: link.document_hash } });
  expect(repSigned.status(), await repSigned.text()).toBe(200);

  // Signed, internship to come: the host is told from when the attestation can be issued.
  await page.reload();
  await expect(page.getByText("Signée par toutes les parties.")).toBeVisible();
  const { year: y2, week: n2 } = weekParts(w2);
  const lastDay = new Date(Date.UTC(y2, 0, 4));
  lastDay.setUTCDate(lastDay.getUTCDate() - ((lastDay.getUTCDay() + 6) % 7) + (n2 - 1) * 7 + 4);
  const lastDayText = lastDay.toLocaleDateString("fr-FR", { weekday: "long", day: "numeric", month: "long", timeZone: "UTC" });
  const after = page.getByRole("region", { name: "Pendant et après le stage" });
  await expect(after.getByText(`L'attestation de stage pourra être délivrée à partir du dernier jour du stage, le ${lastDayText}.`)).toBeVisible();
  await expectAccessible(page, "convention de seconde signée, vue par l'organisme");
  await shoot(page, "3b-host-agreement-signed-attestation-later", after);
  await shoot(page, "3c-host-agreement-signed-top");
});
