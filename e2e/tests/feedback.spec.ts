import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { openSection } from "../fixtures/schoolSpace";
import { hostWithOffer, isoWeek, schoolYear } from "../fixtures/schools";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";
import { freshTotp } from "../fixtures/totp";

// After the internship (issue 26): a finished placement asks the pupil for feedback, the teacher
// following the class reads it, the host writes its word on the week and sees only an anonymous
// summary, referents read the quality per host. The week is made past in the database (no
// endpoint moves dates). Screenshots at phone and desktop widths go to SHOTS.

const UAI = "0421569C"; // Collège Aristide Briand, Saint-Étienne (a school no other spec registers)
const SHOTS = process.env.SHOTS_DIR ?? path.join(dataDir, "shots");
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function shoot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [size, viewport] of [
    ["phone", { width: 390, height: 844 }],
    ["desktop", { width: 1280, height: 800 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({
      path: path.join(SHOTS, `feedback-${name}-${size}.png`),
      fullPage: true,
    });
    if (size === "desktop") await expectAccessible(page, `${name} (ordinateur)`);
  }
  await page.setViewportSize({ width: 390, height: 844 });
}

async function token(request: APIRequestContext, email: string) {
  return (
    await (
      await request.post("/api/v1/auth/login", {
        data: { identifier: email, password: PASSWORD },
      })
    ).json()
  ).access_token as string;
}

/** SQL on the test server's database (sqlite3 CLI, waiting for the server's writes). */
function sql(statement: string) {
  execFileSync("sqlite3", ["-cmd", ".timeout 5000", path.join(dataDir, "e2e.db"), statement]);
}

/** Through the API: the school, its class followed by a main teacher, a pupil with consent and a
 *  confirmed placement (its agreement drafted). Then the week is moved into the past and the
 *  hourly feedback pass is made due. */
async function finishedPlacement(request: APIRequestContext, stamp: number) {
  const year = schoolYear();
  const principalEmail = `principal.fb${stamp}@ac-lyon.fr`;
  const principal = bearer(
    await confirmedAccount(request, principalEmail, "school_staff", {
      staff_function: "principal",
      first_name: "Anne",
      last_name: "Leroy",
    }),
  );
  expect(
    (
      await request.post("/api/v1/schools", {
        data: { uai: UAI },
        headers: principal,
      })
    ).status(),
  ).toBe(201);
  const cls = await (
    await request.post(`/api/v1/schools/${UAI}/classes`, {
      data: { school_year: year.label, name: "3e C", grade: "troisieme" },
      headers: principal,
    })
  ).json();
  const weeks = await request.put(`/api/v1/schools/${UAI}/weeks`, {
    data: {
      school_year: year.label,
      grade_family: "college",
      weeks: [isoWeek(year.start + 1, 3)],
    },
    headers: principal,
  });
  expect(weeks.status()).toBe(200);

  const teacherEmail = `prof.fb${stamp}@ac-lyon.fr`;
  const teacher = await confirmedAccount(request, teacherEmail, "school_staff", {
    staff_function: "main_teacher",
    first_name: "Karim",
    last_name: "Haddad",
  });
  expect(
    (
      await request.post(`/api/v1/schools/${UAI}/join`, {
        data: { function: "main_teacher" },
        headers: bearer(teacher),
      })
    ).status(),
  ).toBeLessThan(300);
  const staff = await (await request.get(`/api/v1/schools/${UAI}/staff`, { headers: principal })).json();
  const member = staff.find((m: { last_name: string }) => m.last_name === "Haddad");
  expect(
    (
      await request.post(`/api/v1/schools/${UAI}/staff/${member.user_id}/approve`, {
        data: { class_ids: [cls.id] },
        headers: principal,
      })
    ).status(),
  ).toBeLessThan(300);

  const pupilEmail = `eleve.lea.fb${stamp}@exemple.fr`;
  const pupil = bearer(
    await confirmedAccount(request, pupilEmail, "student", {
      first_name: "Léa",
      last_name: "Moreau",
    }),
  );
  expect(
    (
      await request.put("/api/v1/pupils/me/enrolment", {
        data: { class_id: cls.id, join_code: cls.join_code },
        headers: pupil,
      })
    ).status(),
  ).toBe(200);
  const pupilId = (await (await request.get("/api/v1/me", { headers: pupil })).json()).id;
  const today = new Date().toISOString().slice(0, 10);
  expect(
    (
      await request.post(`/api/v1/schools/${UAI}/pupils/${pupilId}/consent`, {
        data: { consent_date: today },
        headers: principal,
      })
    ).status(),
  ).toBe(200);
  const profile = await request.put("/api/v1/pupils/me/profile", {
    data: {
      birth_date: "2012-03-04",
      gender: "female",
      home_postal_code: "42000",
      contact_phone: null,
      legal_representatives: [
        {
          name: "Nadia Moreau",
          email: `parent.fb${stamp}@famille.fr`,
          phone: null,
        },
      ],
    },
    headers: pupil,
  });
  expect(profile.status()).toBe(200);

  const title = `Atelier ébénisterie ${stamp}`;
  const host = await hostWithOffer(request, `fb${stamp}`, title, freshSiret(), 3);
  const hostAuth = bearer(await token(request, host.email));
  const applied = await request.post(`/api/v1/offers/${host.id}/applications`, {
    data: {
      weeks: [isoWeek(year.start + 1, 3)],
      motivation: "Je voudrais découvrir le travail du bois et des meubles.",
    },
    headers: pupil,
  });
  expect(applied.status(), await applied.text()).toBe(201);
  const applicationId = (await applied.json()).id;
  expect(
    (
      await request.post(`/api/v1/applications/${applicationId}/accept`, {
        headers: hostAuth,
      })
    ).status(),
  ).toBe(200);
  expect(
    (
      await request.post(`/api/v1/applications/${applicationId}/confirm`, {
        headers: pupil,
      })
    ).status(),
  ).toBe(200);
  const agreement = ((await (await request.get("/api/v1/agreements", { headers: pupil })).json()) as { id: string }[])[0];
  expect(agreement).toBeTruthy();

  // The week is over: moved to January 2020, and the hourly pass made due at once.
  sql(`UPDATE agreements SET starts_on = '2020-01-06', ends_on = '2020-01-10' WHERE id = '${agreement.id}'`);
  sql("UPDATE periodic_runs SET last_run_at = '1970-01-01 00:00:00' WHERE name = 'feedback'");
  await expect
    .poll(async () => ((await (await request.get("/api/v1/me/feedback", { headers: pupil })).json()) as unknown[]).length, { timeout: 30_000 })
    .toBe(1);
  return {
    pupilEmail,
    teacherEmail,
    hostEmail: host.email,
    agreementId: agreement.id,
    title,
  };
}

test("a finished placement asks the pupil for feedback, the teacher reads it, the host writes its word and sees only a summary", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const { pupilEmail, teacherEmail, hostEmail, agreementId, title } = await finishedPlacement(request, stamp);

  // The pupil: the home says a questionnaire waits; four questions, "tu", who reads what.
  await logIn(page, pupilEmail);
  const nudge = page.getByRole("region", { name: "Raconte ton stage" });
  await expect(nudge).toContainText("Ton professeur lit tes réponses");
  await expectAccessible(page, "accueil de l'élève, questionnaire à remplir");
  await shoot(page, "eleve-accueil");
  await nudge.getByRole("link", { name: "Répondre au questionnaire" }).click();
  await expect(page).toHaveURL(/\/eleve\/retours$/);
  await expect(page.getByRole("heading", { level: 1, name: "Mes retours de stage" })).toBeVisible();
  await expect(page.getByText(/L'organisme qui t'a accueilli ne voit jamais ton nom/)).toBeVisible();
  await expect(page.getByText("À remplir")).toBeVisible();
  await expectAccessible(page, "questionnaire de l'élève");
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await expect(page.getByText("Choisis « Oui » ou « Non ».")).toBeVisible();
  await page.getByLabel(/Qu'as-tu observé/).fill("Le travail du bois, les machines et les règles de sécurité de l'atelier.");
  await page.getByText("Oui", { exact: true }).click();
  await page.getByLabel("Quels métiers as-tu découverts ?").fill("Ébéniste, menuisier");
  await page.getByLabel("Un mot pour ta classe").fill("Allez-y, l'équipe explique tout !");
  await page.getByRole("button", { name: "Envoyer mes réponses" }).click();
  await expect(
    page.getByRole("status").filter({
      hasText: "Merci ! Tes réponses sont envoyées à ton professeur.",
    }),
  ).toBeVisible();
  await expect(page.getByText("Réponses envoyées")).toBeVisible();
  await shoot(page, "eleve-questionnaire");

  // The host writes its word on the week from the agreement; its own page shows no answer under 5.
  await logIn(page, hostEmail);
  await page.goto(`/conventions/${agreementId}`);
  const form = page.getByRole("form", {
    name: "Votre appréciation (organisme d'accueil)",
  });
  await form.getByText("Présent toute la semaine").click();
  await form.getByLabel("Comportement et implication (facultatif)").fill("Ponctuelle, curieuse, a posé beaucoup de questions.");
  await form.getByLabel("Un mot pour l'élève (facultatif)").fill("Bravo Léa, reviens nous voir quand tu veux !");
  await form.getByRole("button", { name: "Enregistrer l'appréciation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Appréciation enregistrée" })).toBeVisible();
  await expectAccessible(page, "convention : appréciation de l'organisme");
  await page.goto("/espace");
  await page.getByRole("link", { name: "Retours des élèves" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Retours des élèves" })).toBeVisible();
  await expect(page.getByText(/1 élève a répondu pour l'instant : il faut au moins 5 réponses/)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("moins de 5 réponses");
  await expect(page.getByText("Le travail du bois, les machines")).toHaveCount(0);
  await shoot(page, "organisme-retours");

  // The pupil reads the tutor's word on the agreement.
  await logIn(page, pupilEmail);
  await page.goto(`/conventions/${agreementId}`);
  const words = page.getByRole("region", {
    name: "Ce qu'ils disent de ta semaine",
  });
  await expect(words.getByRole("heading", { name: "Le mot de ton tuteur" })).toBeVisible();
  await expect(words).toContainText("Bravo Léa, reviens nous voir quand tu veux !");
  await expectAccessible(page, "convention : le mot du tuteur, côté élève");
  await shoot(page, "eleve-convention");

  // The main teacher reads the class's answers in the school's space.
  await logIn(page, teacherEmail);
  // (The side menu folds behind its button on a phone once the school is shown.)
  await expect(page.getByRole("heading", { level: 1, name: "Collège Aristide Briand" })).toBeVisible();
  await openSection(page, "Retours de stage");
  await expect(page.getByRole("heading", { level: 2, name: "Retours de stage" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: "3e C" })).toBeVisible();
  await expect(page.getByText("1 réponse", { exact: true })).toBeVisible();
  const answer = page.getByRole("article").filter({ hasText: "Léa Moreau" });
  await expect(answer).toContainText("Le travail du bois, les machines et les règles de sécurité de l'atelier.");
  await expect(answer).toContainText("Ébéniste, menuisier");
  await expect(answer).toContainText("Oui");
  await expectAccessible(page, "retours de stage de l'établissement");
  await shoot(page, "etablissement-retours");
});

test("a referent reads the quality per host, with what each indicator counts", { tag: "@desktop" }, async ({ page }) => {
  const referent = demoAccounts(dataDir).find((a) => a.email === "referent.paris@demo.passerelle.fr")!;
  await page.goto("/connexion");
  await page.getByLabel("Adresse e-mail ou numéro de mobile").fill(referent.email);
  await page.getByRole("textbox", { name: "Mot de passe", exact: true }).fill(referent.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.getByLabel("Code de votre application d'authentification").fill(await freshTotp(referent.email, referent.totp_secret!));
  await page.getByRole("button", { name: "Se connecter" }).click();
  const quality = page.getByRole("region", { name: "Qualité des stages" });
  await expect(
    quality.getByRole("table", {
      name: /Qualité des stages par organisme d'accueil/,
    }),
  ).toBeVisible();
  await expect(quality.getByText(/ne sont pas publiés et ne notent personne/)).toBeVisible();
  await expect(quality.getByText(/Affichée à partir de 5 réponses seulement/)).toBeVisible();
  await quality.getByRole("button", { name: /^Stages confirmés/ }).click();
  await expect(quality.getByRole("columnheader", { name: /Stages confirmés/ })).toHaveAttribute("aria-sort", "descending");
  await expectAccessible(page, "qualité des stages, référent");
  fs.mkdirSync(SHOTS, { recursive: true });
  await quality.screenshot({
    path: path.join(SHOTS, `feedback-referent-qualite-${page.viewportSize()!.width}.png`),
  });
});
