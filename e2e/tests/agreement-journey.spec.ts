import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoOrganisationAndOffer } from "../fixtures/demoOffer";
import { demoAccounts } from "../fixtures/accounts";
import { decodeQuotedPrintable, waitForMailContaining } from "../fixtures/mail";
import { dataDir, outboxDir } from "../fixtures/paths";
import { mondayText, schoolYear, weekParts } from "../fixtures/schools";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";

// Issue 21, the agreement journey as its people walk it, with the demo accounts: the demo pupil
// (Inès Moreau) is placed at the demo host (Atelier Lumière) on the demo school's week; then
// each party finds on their home page whether it is their turn, fills or signs, and the legal
// representative signs through the mailed link and receives the signed PDF.

/** axe at phone and computer widths (and screenshots when SHOTS_DIR is set). */
async function bothWidths(page: Page, label: string) {
  await expectAccessible(page, `${label} (téléphone)`);
  if (process.env.SHOTS_DIR)
    await page.screenshot({
      path: path.join(process.env.SHOTS_DIR, `agreement-${label.replace(/\W+/g, "-")}-phone.png`),
      fullPage: true,
    });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `${label} (ordinateur)`);
  if (process.env.SHOTS_DIR)
    await page.screenshot({
      path: path.join(process.env.SHOTS_DIR, `agreement-${label.replace(/\W+/g, "-")}-desktop.png`),
      fullPage: true,
    });
  await page.setViewportSize({ width: 390, height: 844 });
}

const conventions = (page: Page) => page.getByRole("region", { name: "Conventions de stage" });

test("each party sees whose turn it is, fills, signs; the representative signs by the mailed link and gets the signed PDF", async ({ page, request }) => {
  test.setTimeout(240_000);
  const accounts = demoAccounts(dataDir);
  const byEmail = (prefix: string) => accounts.find((a) => a.email.startsWith(prefix))!;
  const [principal, host] = [byEmail("principal.demo@"), byEmail("tuteur@")];
  const parentEmail = `nadia.moreau.${Date.now()}@famille.fr`;
  const year = schoolYear();
  const login = async (email: string, password: string) => ({
    Authorization: `Bearer ${(await (await request.post("/api/v1/auth/login", { data: { identifier: email, password } })).json()).access_token}`,
  });

  // Through the API: consent recorded, the pupil's profile names her mother; she applies to the
  // demo offer, the host accepts, she confirms.
  // A pupil of her own (not the demo pupil, whom other specs expect without consent), in the
  // demo school's 3e A by its join code.
  const asPrincipal = await login(principal.email, principal.password);
  const asHost = await login(host.email, host.password);
  const uai = (await (await request.get("/api/v1/schools/mine", { headers: asPrincipal })).json())[0].school.uai;
  const { org, offer } = await demoOrganisationAndOffer(request, asHost);
  const pupil = {
    email: `ines.moreau.${Date.now()}@exemple.fr`,
    password: PASSWORD,
  };
  const asPupil = {
    Authorization: `Bearer ${await confirmedAccount(request, pupil.email, "student", { first_name: "Inès", last_name: "Moreau" })}`,
  };
  const classes = await (await request.get(`/api/v1/schools/${uai}/classes?school_year=${offer.school_year}`, { headers: asPrincipal })).json();
  const cls = classes.find((c: { name: string }) => c.name === "3e A");
  expect(
    (
      await request.put("/api/v1/pupils/me/enrolment", {
        data: { class_id: cls.id, join_code: cls.join_code },
        headers: asPupil,
      })
    ).status(),
  ).toBe(200);
  const me = await (await request.get("/api/v1/me", { headers: asPupil })).json();
  expect(
    (
      await request.post(`/api/v1/schools/${uai}/pupils/${me.id}/consent`, {
        data: { consent_date: new Date().toISOString().slice(0, 10) },
        headers: asPrincipal,
      })
    ).status(),
  ).toBe(200);
  const profile = await request.put("/api/v1/pupils/me/profile", {
    data: {
      birth_date: "2012-03-04",
      gender: "female",
      home_postal_code: "75020",
      contact_phone: null,
      legal_representatives: [{ name: "Nadia Moreau", email: parentEmail, phone: null }],
    },
    headers: asPupil,
  });
  expect(profile.status(), await profile.text()).toBe(200);
  const week = offer.weeks[0].week;
  const applied = await request.post(`/api/v1/offers/${offer.id}/applications`, {
    data: {
      weeks: [week],
      motivation: "Mon oncle est électricien : je voudrais découvrir son métier sur un vrai chantier.",
    },
    headers: asPupil,
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const applicationId = (await applied.json()).id;
  expect(
    (
      await request.post(`/api/v1/applications/${applicationId}/accept`, {
        headers: asHost,
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await request.post(`/api/v1/applications/${applicationId}/confirm`, {
        headers: asPupil,
      })
    ).status(),
  ).toBe(200);
  expect(weekParts(week).year).toBeGreaterThanOrEqual(year.start);

  // 1. The host: the home says it is their turn; the agreement page leads to the form, which
  // starts with the signed-in person as representative. Naming the manager instead, the host is
  // warned that they will sign and names themself as delegate in one click.
  await logIn(page, host.email, host.password);
  await expect(conventions(page).getByText("À vous : remplissez la partie de l'organisme")).toBeVisible();
  await bothWidths(page, "accueil de l'organisme, à vous de remplir");
  await conventions(page)
    .getByRole("link", { name: /Inès Moreau/ })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Convention de stage" })).toBeVisible();
  await page.getByRole("link", { name: "Aller au formulaire" }).click();
  const representative = page.getByLabel("Nom du représentant de l'organisme");
  await expect(representative).toHaveValue("Sophie Martin");
  await representative.fill("Claire Martin");
  await page.getByLabel("Fonction du représentant").fill("Gérante");
  await expect(page.getByText("C'est vous, Sophie Martin, qui signerez pour l'organisme")).toBeVisible();
  await page.getByRole("button", { name: "Je signe par délégation" }).click();
  await expect(page.getByLabel(/^Signataire par délégation/)).toHaveValue("Sophie Martin");
  await expect(page.getByText("C'est vous, Sophie Martin, qui signerez pour l'organisme")).toHaveCount(0);
  await page.getByLabel("Fonction du signataire par délégation (facultatif)").fill("Cheffe d'atelier");
  await page.getByLabel("Compétences visées").fill("Règles de sécurité, lecture d'un schéma électrique");
  await page.getByLabel("Assurance responsabilité civile de l'organisme").fill("MAIF, contrat 778899");
  await page.getByLabel("Consignes de sécurité pour un élève mineur").fill("Aucune intervention sous tension ; chaussures fournies");
  await page.getByRole("button", { name: "Enregistrer la partie de l'organisme" }).click();
  // The outcome shows beside the button that was pressed.
  await expect(page.getByText("Partie de l'organisme enregistrée.")).toBeInViewport();
  await expect(page.getByText("À remplir par l'établissement.").first()).toBeVisible();
  await bothWidths(page, "convention, partie de l'organisme enregistrée");

  // 2. The principal: "À vous" on the school's home, fills the school's part and signs.
  await logIn(page, principal.email, principal.password);
  await expect(conventions(page).getByText("À vous : remplissez la partie de l'établissement")).toBeVisible();
  await conventions(page)
    .getByRole("link", { name: /Inès Moreau/ })
    .click();
  await page.getByLabel("Enseignant chargé du suivi de l'élève").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Enregistrer la partie de l'établissement" }).click();
  await expect(page.getByText("Partie de l'établissement enregistrée.")).toBeVisible();
  await expect(page.getByText("À vous : relisez la convention puis signez-la.")).toBeVisible();
  await expect(page.getByText("Reste aussi à signer : l'organisme d'accueil, l'élève et le représentant légal.")).toBeVisible();
  await page.getByRole("link", { name: "Aller à la signature" }).click();
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByText("Vous avez signé la convention.")).toBeVisible();
  await expect(page.getByText(/Pour l'établissement : signé par/)).toBeVisible();

  // 3. The host signs (named as delegate: accepted), then the pupil, addressed with "tu".
  await logIn(page, host.email, host.password);
  await expect(conventions(page).getByText("À vous : relisez la convention puis signez-la.")).toBeVisible();
  await conventions(page)
    .getByRole("link", { name: /Inès Moreau/ })
    .click();
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByText("Vous avez signé la convention.")).toBeVisible();

  await logIn(page, pupil.email, pupil.password);
  await expect(conventions(page).getByText("À toi : relis la convention puis signe-la.")).toBeVisible();
  await bothWidths(page, "espace élève, à toi de signer");
  await conventions(page)
    .getByRole("link", { name: /Inès Moreau/ })
    .click();
  // On the agreement itself (the home's next step tells the same dates until it has gone).
  await expect(page.getByText("J'ai lu la convention et je l'accepte")).toBeVisible();
  await expect(page.getByText(`Du ${mondayText(week)}`, { exact: false })).toBeVisible();
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByText("Tu as signé la convention.")).toBeVisible();
  await expect(page.getByText("Reste à signer : le représentant légal.")).toBeVisible();
  await bothWidths(page, "convention, en attente du représentant légal");

  // 4. The representative: no account, the mailed link and a code; the signed PDF by e-mail.
  await page.context().clearCookies();
  const linkMail = await waitForMailContaining(outboxDir, parentEmail, "/convention/signer/");
  const link = linkMail.match(/https?:\/\/[^\s"<>]+\/convention\/signer\/[A-Za-z0-9_-]+/)?.[0];
  await page.goto(new URL(link!).pathname);
  await expect(
    page.getByRole("heading", {
      level: 1,
      name: "Convention de stage d'Inès Moreau",
    }),
  ).toBeVisible();
  await expect(
    page.getByText("Une seule signature de représentant légal suffit.", {
      exact: false,
    }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Recevoir mon code de signature" }).click();
  const codeMail = await waitForMailContaining(outboxDir, parentEmail, "Votre code de signature de la convention");
  await page.getByText("J'ai lu la convention et je l'accepte").click();
  await page.getByLabel("Code reçu").fill(codeMail.match(/convention : (\d{6})/)![1]);
  await page.getByRole("button", { name: "Signer la convention" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Convention signée" })).toBeVisible();
  await expect(
    page.getByText("La convention est maintenant signée par toutes les parties : vous la recevez par e-mail (PDF).", { exact: false }),
  ).toBeVisible();
  await bothWidths(page, "représentant légal, convention signée");
  await expect
    .poll(() =>
      fs
        .readdirSync(outboxDir)
        .map((n) => decodeQuotedPrintable(fs.readFileSync(path.join(outboxDir, n), "utf8")))
        .some((m) => m.includes(parentEmail) && m.includes("application/pdf")),
    )
    .toBe(true);

  // 5. Signed: the pupil reads it on her home; the verification page says it is authentic.
  await logIn(page, pupil.email, pupil.password);
  await expect(
    conventions(page).getByText("Signée par toutes les parties.", {
      exact: false,
    }),
  ).toBeVisible();
  const agreement = (await (await request.get("/api/v1/agreements", { headers: asPupil })).json()).find(
    (g: { application_id: string }) => g.application_id === applicationId,
  );
  await page.goto(`/conventions/verifier?reference=${agreement.id}&empreinte=${agreement.document_hash}`);
  await page.getByRole("button", { name: "Vérifier" }).click();
  await expect(page.getByRole("heading", { name: "Convention authentique" })).toBeVisible();
  await bothWidths(page, "vérification d'une convention signée");
});
