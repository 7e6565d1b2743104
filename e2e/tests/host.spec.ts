import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { waitForMailContaining } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { hostWithOffer, isoWeek, mondayText, schoolWithPupil, schoolYear } from "../fixtures/schools";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";

const SCHOOL = "0420916T"; // Collège Puits de La Loire, Saint-Étienne
const WEEK = 5;

/** Through the API: a school with a 3e class on `WEEK` and pupils with parental consent. */
async function classWithPupils(request: APIRequestContext, tag: string, names: [string, string][]) {
  const year = schoolYear();
  const principal = await confirmedAccount(request, `principal.${tag}@ac-lyon.fr`, "school_staff", { staff_function: "principal" });
  const auth = { Authorization: `Bearer ${principal}` };
  expect((await request.post("/api/v1/schools", { data: { uai: SCHOOL }, headers: auth })).status()).toBe(201);
  const cls = await (await request.post(`/api/v1/schools/${SCHOOL}/classes`, { data: { school_year: year.label, name: "3e B", grade: "troisieme" }, headers: auth })).json();
  const weeks = await request.put(`/api/v1/schools/${SCHOOL}/weeks`, {
    data: { school_year: year.label, grade_family: "college", weeks: [isoWeek(year.start + 1, WEEK)] },
    headers: auth,
  });
  expect(weeks.status()).toBe(200);
  const pupils: { email: string; token: string; name: string }[] = [];
  for (const [i, [first, last]] of names.entries()) {
    const email = `eleve${i}.${tag}@exemple.fr`;
    const token = await confirmedAccount(request, email, "student", { first_name: first, last_name: last });
    expect((await request.put("/api/v1/pupils/me/enrolment", { data: { class_id: cls.id, join_code: cls.join_code }, headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
    const me = await (await request.get("/api/v1/me", { headers: { Authorization: `Bearer ${token}` } })).json();
    const today = new Date().toISOString().slice(0, 10);
    expect((await request.post(`/api/v1/schools/${SCHOOL}/pupils/${me.id}/consent`, { data: { consent_date: today }, headers: auth })).status()).toBe(200);
    pupils.push({ email, token, name: `${first} ${last}` });
  }
  return pupils;
}

test("a host invites a colleague who accepts, reads the inbox, forwards an application and refuses two with one reason", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const year = schoolYear();
  const title = `Atelier menuiserie ${stamp}`;
  const host = await hostWithOffer(request, `h${stamp}`, title, "41087291000105", WEEK);
  const [ines, hugo, lea] = await classWithPupils(request, `host${stamp}`, [
    ["Inès", "Moreau"],
    ["Hugo", "Petit"],
    ["Léa", "Roux"],
  ]);
  // The colleague already has an employer account, without an organisation.
  const colleague = `collegue.${stamp}@entreprise.fr`;
  await confirmedAccount(request, colleague, "employer", { first_name: "Sophie", last_name: "Garnier" });

  // Inès applies from the offer's page; Hugo and Léa through the API.
  await logIn(page, ines.email);
  await page.goto(`/offres/${host.id}`);
  await page.getByLabel("Ma lettre de motivation").fill("Je fabrique des meubles avec mon grand-père et j'aimerais en faire mon métier.");
  await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
  await expect(page.getByText("Candidature envoyée")).toBeVisible();
  for (const p of [hugo, lea]) {
    const res = await request.post(`/api/v1/offers/${host.id}/applications`, {
      data: { weeks: [isoWeek(year.start + 1, WEEK)], motivation: "J'aime le travail du bois et les métiers manuels." },
      headers: { Authorization: `Bearer ${p.token}` },
    });
    expect(res.status()).toBe(201);
  }

  // 1. The host invites Sophie from "Mon équipe"; she is listed as invited, and mailed.
  await logIn(page, host.email);
  await page.getByRole("link", { name: "Mon équipe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon équipe" })).toBeVisible();
  await page.getByLabel("Prénom").fill("Sophie");
  await page.getByLabel("Nom", { exact: true }).fill("Garnier");
  await page.getByLabel("Adresse e-mail professionnelle").fill(colleague);
  await page.getByRole("button", { name: "Envoyer l'invitation" }).click();
  await expect(page.getByText(`Invitation envoyée à ${colleague}`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Sophie Garnier" }).getByText("Invitation envoyée")).toBeVisible();
  await expectAccessible(page, "mon équipe");
  await waitForMailContaining(outboxDir, colleague, "vous invite à rejoindre");

  // 2. Sophie sees the invitation on her home, accepts, and lands on the organisation.
  await logIn(page, colleague);
  await expect(page.getByRole("heading", { name: "Une invitation vous attend" })).toBeVisible();
  // Invited, she is not asked to register the organisation a second time.
  await expect(page.getByLabel("Nom de l'organisme")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Présenter un autre organisme" })).toBeVisible();
  await expectAccessible(page, "espace avec invitation");
  await page.getByRole("button", { name: /^Accepter l'invitation/ }).click();
  await expect(page.getByText(/Vous avez rejoint « Entreprise h\d+ »/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: `Entreprise h${stamp}` })).toBeVisible();
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();

  // 3. The host's inbox: three new applications, the clock shown.
  await logIn(page, host.email);
  await expect(page.getByText("3 nouvelles candidatures")).toBeVisible();
  await page.getByRole("link", { name: /Voir toutes les candidatures/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidatures reçues" })).toBeVisible();
  await expect(page.getByLabel("Nouvelles (3)")).toBeVisible();
  await expect(page.getByText(/Sans réponse, expire dans 1[45] jours/).first()).toBeVisible();
  await expectAccessible(page, "boîte de réception de l'organisme");

  // 4. Opening Inès's application marks it read.
  await page.getByRole("link", { name: /Inès Moreau/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidature d'Inès Moreau" })).toBeVisible();
  await expect(page.getByText(/Lue pour la première fois le/)).toBeVisible();
  await expectAccessible(page, "une candidature");

  // 5. Forwarded to Sophie, who gets the link.
  await page.getByLabel("Collègue à qui la transmettre").selectOption({ label: "Sophie Garnier" });
  await page.getByLabel("Message (facultatif)").fill("Peux-tu la regarder ? Elle a l'air motivée.");
  await page.getByRole("button", { name: "Transmettre la candidature" }).click();
  await expect(page.getByText("Candidature transmise à Sophie Garnier par e-mail.")).toBeVisible();
  const applicationId = new URL(page.url()).pathname.split("/").pop()!;
  const mail = await waitForMailContaining(outboxDir, colleague, "vous transmet une candidature");
  expect(mail).toContain(`/candidatures/${applicationId}`);

  await page.getByRole("link", { name: "Candidatures reçues" }).click();
  await expect(page.getByLabel("Nouvelles (2)")).toBeVisible();

  // 6. Hugo's and Léa's refused together, with one reason.
  await page.getByLabel(`Sélectionner la candidature d'${hugo.name}`).check({ force: true });
  await page.getByLabel(`Sélectionner la candidature de ${lea.name}`).check({ force: true });
  await page.getByLabel("Motif du refus, lu par chaque élève").fill("Toutes nos places sont prises pour cette semaine, désolés.");
  await page.getByRole("button", { name: "Refuser les 2 candidatures sélectionnées" }).click();
  await expect(page.getByText("2 candidatures refusées : les élèves ont reçu votre message.")).toBeVisible();
  await expect(page.getByLabel("Toutes (1)")).toBeVisible();
  await expect(page.getByRole("link", { name: /Hugo Petit/ })).toHaveCount(0);
  await expectAccessible(page, "boîte de réception après refus groupé");

  // 7. Inès accepted, then the placement cancelled with a reason: she and her school are told.
  await page.getByRole("link", { name: /Inès Moreau/ }).click();
  await page.getByRole("button", { name: "Accepter la candidature" }).click();
  await expect(page.getByText("Candidature d'Inès Moreau acceptée : Inès doit maintenant confirmer.")).toBeVisible();
  await page.getByLabel("Motif de l'annulation").fill("Notre atelier ferme cette semaine-là pour travaux.");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Annuler le stage" }).click();
  await expect(page.getByText("Stage annulé : Inès et son établissement sont prévenus, avec votre motif.")).toBeVisible();
  await waitForMailContaining(outboxDir, ines.email, "Notre atelier ferme cette semaine-là pour travaux.");

  // 8. Editing the offer: the weeks the schools around chose, with their pupils; no past week.
  await page.goto("/espace");
  await page.getByRole("link", { name: `Modifier « ${title} »` }).click();
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(page.getByText("Étape « Lieu et tuteur » complète.")).toBeVisible();
  const weekBox = page.getByRole("checkbox", { name: `semaine du ${mondayText(year.start + 1, WEEK)}` });
  await expect(weekBox).toBeChecked();
  await expect(page.getByText("Choisie par 1 établissement proche (Collège Puits de La Loire) : 3 élèves")).toBeVisible();
  // Mid-September's week (ISO week 38) is over once its Friday has gone.
  const jan4 = new Date(Date.UTC(year.start, 0, 4));
  const friday = new Date(jan4.getTime() + ((-((jan4.getUTCDay() + 6) % 7) + 37 * 7 + 4) * 86_400_000));
  if (friday < new Date()) await expect(page.getByRole("checkbox", { name: new RegExp(`semaine du ${mondayText(year.start, 38)}`) })).toHaveCount(0);
  await expectAccessible(page, "semaines de l'offre et établissements proches");

  // Sophie opens the forwarded link: she may, being a member now.
  await logIn(page, colleague);
  await page.goto(`/candidatures/${applicationId}`);
  await expect(page.getByRole("heading", { level: 1, name: "Candidature d'Inès Moreau" })).toBeVisible();
});

test("the host sees the confirmed placements in their own tab, each with its agreement", async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const year = schoolYear();
  const week = 7;
  const title = `Atelier céramique ${stamp}`;
  // Collège Les Champs, Saint-Étienne: a school no other spec registers.
  const { pupilEmail } = await schoolWithPupil(request, "0420058K", `hc${stamp}`, week);
  const host = await hostWithOffer(request, `hc${stamp}`, title, freshSiret(), week);
  const login = async (email: string) =>
    ({ Authorization: `Bearer ${(await (await request.post("/api/v1/auth/login", { data: { identifier: email, password: PASSWORD } })).json()).access_token}` });
  const asPupil = await login(pupilEmail);
  const applied = await request.post(`/api/v1/offers/${host.id}/applications`, {
    data: { weeks: [isoWeek(year.start + 1, week)], motivation: "J'aimerais découvrir le travail de l'argile et du four." },
    headers: asPupil,
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const applicationId = (await applied.json()).id;
  expect((await request.post(`/api/v1/applications/${applicationId}/accept`, { headers: await login(host.email) })).status()).toBe(200);
  expect((await request.post(`/api/v1/applications/${applicationId}/confirm`, { headers: asPupil })).status()).toBe(200);

  await logIn(page, host.email);
  await page.getByRole("link", { name: /Voir toutes les candidatures/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidatures reçues" })).toBeVisible();
  // Confirmed, the placement has left the open applications.
  await expect(page.getByRole("tab", { name: "En cours (0)" })).toBeVisible();
  await page.getByRole("tab", { name: "Stages confirmés" }).click();
  await expect(page).toHaveURL(/onglet=confirmes/);
  const placements = page.getByRole("list", { name: "Stages confirmés : 1 stage" });
  const card = placements.getByRole("listitem");
  await expect(card.getByRole("heading", { level: 2, name: "Lina Benali : ouvrir la candidature" })).toBeVisible();
  await expect(card).toContainText(`Offre « ${title} » · semaine du ${mondayText(year.start + 1, week)}`);
  await expect(card).toContainText("Collège Les Champs · 3e A");
  await expect(card).toContainText(/Convention : \p{L}/u);
  await expectAccessible(page, "stages confirmés");
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, "stages confirmés (ordinateur)");
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/host-confirmes-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/host-confirmes-phone.png`, fullPage: true });

  // The agreement opens from the card; the tab is kept in the address for coming back.
  // Its state comes with the placement (one request): the host's turn to fill it.
  await expect(card).toContainText("À vous : remplissez la partie de l'organisme");
  await card.getByRole("link", { name: "Remplir la convention de Lina Benali" }).click();
  await expect(page).toHaveURL(/\/conventions\/[0-9a-f-]+$/);
  // The link is the placement's own agreement (by the id the API gives, not a guess).
  const agreementId = page.url().split("/").pop();
  const agreements: { id: string; application_id: string }[] = await (await request.get("/api/v1/agreements", { headers: await login(host.email) })).json();
  expect(agreements.find((g) => g.id === agreementId)?.application_id).toBe(applicationId);
  await expect(page.getByText(/Du .* au .*\./).first()).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("tab", { name: "Stages confirmés" })).toHaveAttribute("aria-selected", "true");
});
