import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { waitForMailContaining } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { hostWithOffer, isoWeek, schoolWithPupil } from "../fixtures/schools";
import { logIn, PASSWORD } from "../fixtures/session";

const SCHOOL = "0421451Z"; // Collège Marc Seguin, Saint-Étienne

// The agreement's link in the dashboard's "Conventions de stage" section. Dashboards also link
// the offer under the same title, and each section loads on its own: taking the first matching
// link raced with the agreements' request (CI once opened the offer page instead).
const agreementLink = (page: Page, stamp: number) =>
  page.getByRole("region", { name: "Conventions de stage" }).getByRole("link", { name: new RegExp(`Atelier menuiserie ${stamp}`) });

test("from a confirmed placement to a fully signed agreement, the legal representative signing through the mailed link", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const host = await hostWithOffer(request, `conv${stamp}`, `Atelier menuiserie ${stamp}`, "41087291000048", 3);
  const { pupilEmail } = await schoolWithPupil(request, SCHOOL, `conv${stamp}`, 3);
  const principalEmail = `principal.conv${stamp}@ac-lyon.fr`;
  const parentEmail = `parent.conv${stamp}@famille.fr`;

  // Through the API: the pupil's profile names a legal representative; apply, accept, confirm.
  const pupil = (await (await request.post("/api/v1/auth/login", { data: { identifier: pupilEmail, password: PASSWORD } })).json()).access_token;
  const hostToken = (await (await request.post("/api/v1/auth/login", { data: { identifier: host.email, password: PASSWORD } })).json()).access_token;
  const asPupil = { Authorization: `Bearer ${pupil}` };
  const profile = await request.put("/api/v1/pupils/me/profile", {
    data: {
      birth_date: "2012-03-04",
      gender: "female",
      home_postal_code: "42000",
      contact_phone: null,
      legal_representatives: [{ name: "Nadia Benali", email: parentEmail, phone: null }],
    },
    headers: asPupil,
  });
  expect(profile.status()).toBe(200);
  const year = new Date().getMonth() >= 7 ? new Date().getFullYear() + 1 : new Date().getFullYear();
  const applied = await request.post(`/api/v1/offers/${host.id}/applications`, {
    data: { weeks: [isoWeek(year, 3)], motivation: "J'aime travailler le bois et je voudrais découvrir ce métier." },
    headers: asPupil,
  });
  expect(applied.status()).toBe(201);
  const applicationId = (await applied.json()).id;
  expect((await request.post(`/api/v1/applications/${applicationId}/accept`, { headers: { Authorization: `Bearer ${hostToken}` } })).status()).toBe(200);
  expect((await request.post(`/api/v1/applications/${applicationId}/confirm`, { headers: asPupil })).status()).toBe(200);

  // The host fills its part from its dashboard (tutor and hours come from the offer).
  await logIn(page, host.email);
  await agreementLink(page, stamp).click();
  await expect(page.getByRole("heading", { level: 1, name: "Convention de stage" })).toBeVisible();
  await expect(page.getByText("À remplir par l'organisme d'accueil").first()).toBeVisible();
  await page.getByLabel("Nom du représentant de l'organisme").fill("Claire Martin");
  await page.getByLabel("Fonction du représentant").fill("Gérante");
  // The host's account (Lina Benali) signs for the organisation by delegation: the text says so.
  await page.getByLabel(/^Signataire par délégation/).fill("Lina Benali");
  await page.getByLabel("Fonction du signataire par délégation (facultatif)").fill("Responsable de l'atelier");
  await page.getByLabel("Activités prévues").fill("Découverte de l'atelier, des outils et de la préparation des commandes");
  await page.getByLabel("Compétences visées").fill("Règles de sécurité, travail en équipe");
  await page.getByLabel("Assurance responsabilité civile de l'organisme").fill("MAIF, contrat 778899");
  await page.getByLabel("Consignes de sécurité pour un élève mineur").fill("Lunettes et chaussures fournies, aucune machine");
  await page.getByRole("button", { name: "Enregistrer la partie de l'organisme" }).click();
  await expect(page.getByText("Partie de l'organisme enregistrée.")).toBeVisible();
  await expectAccessible(page, "convention, partie de l'organisme");

  // The principal fills the school's part, names the teacher in charge, and signs.
  await logIn(page, principalEmail);
  await agreementLink(page, stamp).click();
  await page.getByLabel("Nom du chef d'établissement").fill("Anne Leroy");
  await page.getByLabel("Enseignant chargé du suivi de l'élève").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Enregistrer la partie de l'établissement" }).click();
  await expect(page.getByText("Partie de l'établissement enregistrée.")).toBeVisible();
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByText(/Pour l'établissement : signé par/)).toBeVisible();

  // The host and the pupil sign with their accounts.
  for (const email of [host.email, pupilEmail]) {
    await logIn(page, email);
    await agreementLink(page, stamp).click();
    await page.getByText("J'ai lu la convention et je l'accepte").click();
    await page.getByRole("button", { name: "Signer la convention" }).click();
    await expect(page.getByRole("button", { name: "Signer la convention" })).toHaveCount(0);
  }
  await expect(page.getByText("Reste à signer : le représentant légal.")).toBeVisible();

  // The legal representative: link and code read from the mail sink, no account.
  await page.context().clearCookies();
  const linkMail = await waitForMailContaining(outboxDir, parentEmail, "/convention/signer/");
  const link = linkMail.match(/https?:\/\/[^\s"<>]+\/convention\/signer\/[A-Za-z0-9_-]+/)?.[0];
  expect(link).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await expect(page.getByRole("heading", { level: 1, name: /Convention de stage d(e |')/ })).toBeVisible();
  await page.getByRole("button", { name: "Recevoir mon code de signature" }).click();
  await expect(page.getByText(/Un code à 6 chiffres a été envoyé/)).toBeVisible();
  const codeMail = await waitForMailContaining(outboxDir, parentEmail, "Votre code de signature de la convention");
  const code = codeMail.match(/convention : (\d{6})/)?.[1];
  expect(code).toBeTruthy();
  await expectAccessible(page, "signature par le représentant légal");
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByLabel("Code reçu").fill(code!);
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByRole("heading", { name: "Convention signée" })).toBeVisible();

  // Fully signed: the pupil downloads the PDF.
  await logIn(page, pupilEmail);
  await agreementLink(page, stamp).click();
  await expect(page.getByText("Signée par toutes les parties.")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Télécharger la convention (PDF)" }).click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file!);
  expect(bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.7");
  // Tagged PDF/UA and PDF/A (see api/src/agreements/pdf); its text as Debian's pdftotext reads it.
  expect(bytes.toString("latin1")).toContain("<pdfuaid:part>1</pdfuaid:part>");
  expect(execFileSync("pdftotext", ["-enc", "UTF-8", file!, "-"]).toString("utf8")).toContain("Piste d'audit");
  await expectAccessible(page, "convention signée");
});

test("the school enters a missing legal representative, and anyone checks a printed agreement on the verification page", async ({ page, request }) => {
  test.setTimeout(120_000);
  const stamp = Date.now();
  const uai = "0420024Y"; // Collège Gaston Baty, Saint-Étienne
  const host = await hostWithOffer(request, `rep${stamp}`, `Atelier reliure ${stamp}`, "41087291000063", 3);
  const { pupilEmail } = await schoolWithPupil(request, uai, `rep${stamp}`, 3);
  const principalEmail = `principal.rep${stamp}@ac-lyon.fr`;
  const login = async (email: string) =>
    (await (await request.post("/api/v1/auth/login", { data: { identifier: email, password: PASSWORD } })).json()).access_token as string;
  const pupil = await login(pupilEmail);
  const asPupil = { Authorization: `Bearer ${pupil}` };
  const pupilId = (await (await request.get("/api/v1/me", { headers: asPupil })).json()).id;
  const year = new Date().getMonth() >= 7 ? new Date().getFullYear() + 1 : new Date().getFullYear();
  const applied = await request.post(`/api/v1/offers/${host.id}/applications`, {
    data: { weeks: [isoWeek(year, 3)], motivation: "J'aime les livres et je voudrais découvrir ce métier." },
    headers: asPupil,
  });
  expect(applied.status()).toBe(201);
  const applicationId = (await applied.json()).id;
  expect(
    (await request.post(`/api/v1/applications/${applicationId}/accept`, { headers: { Authorization: `Bearer ${await login(host.email)}` } })).status(),
  ).toBe(200);
  expect((await request.post(`/api/v1/applications/${applicationId}/confirm`, { headers: asPupil })).status()).toBe(200);
  const firstDraft = (await (await request.get("/api/v1/agreements", { headers: asPupil })).json())[0];

  // The principal opens the agreement: nobody can sign for the family yet, and it says where to fix it.
  await logIn(page, principalEmail);
  await page.goto(`/conventions/${firstDraft.id}`);
  await expect(page.getByText("Aucun représentant légal de l'élève n'est renseigné", { exact: false })).toBeVisible();
  await expectAccessible(page, "convention sans représentant légal");

  // The pupil's file: no representative yet; one is entered.
  await page.goto(`/etablissement/${uai}/eleves/${pupilId}`);
  await expect(page.getByText("Non renseignés par l'élève.")).toBeVisible();
  const form = page.getByRole("form", { name: "Renseigner les représentants légaux" });
  await form.getByLabel("Nom et prénom").fill("Awa Diallo");
  await form.getByLabel("E-mail").fill(`awa.rep${stamp}@famille.fr`);
  await form.getByRole("button", { name: "Enregistrer les représentants légaux" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Représentants légaux enregistrés" })).toBeVisible();
  await expect(page.getByText(`Awa Diallo · awa.rep${stamp}@famille.fr`)).toBeVisible();
  await expectAccessible(page, "fiche élève : représentants légaux");

  // The verification page, as someone holding the paper: a draft is not a signed agreement, and
  // the draft printed before the representative was named is not the current text either.
  await page.goto(`/conventions/verifier?reference=${firstDraft.id}&empreinte=${firstDraft.document_hash}`);
  await page.getByRole("button", { name: "Vérifier" }).click();
  await expect(page.getByText(/ne correspond pas à la convention enregistrée/)).toBeVisible();
  const agreement = (await (await request.get("/api/v1/agreements", { headers: asPupil })).json())[0];
  expect(agreement.document_hash).not.toBe(firstDraft.document_hash);
  await page.goto(`/conventions/verifier?reference=${agreement.id}&empreinte=${agreement.document_hash}`);
  await expect(page.getByRole("heading", { level: 1, name: "Vérifier une convention de stage" })).toBeVisible();
  await page.getByRole("button", { name: "Vérifier" }).click();
  await expect(page.getByText(/n'est pas encore signé par toutes les parties/)).toBeVisible();
  await page.getByLabel("Référence de la convention").fill("inconnue");
  await page.getByRole("button", { name: "Vérifier" }).click();
  await expect(page.getByRole("heading", { name: "Convention introuvable" })).toBeVisible();
  await expectAccessible(page, "vérification d'une convention");
});
