import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoOrganisationAndOffer } from "../fixtures/demoOffer";
import { demoAccounts } from "../fixtures/accounts";
import { waitForMailContaining } from "../fixtures/mail";
import { dataDir, outboxDir } from "../fixtures/paths";
import { mondayText } from "../fixtures/schools";
import { confirmedAccount, logIn, PASSWORD } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";

// Issue 21, the host's journey as the demo host (Sophie Martin, Atelier Lumière) walks it: her
// home, the inbox across offers, one application opened and answered, a refusal of several with
// one reason, the confirmed placement and its agreement, a placement cancelled with a reason;
// then a host of two organisations switches between them.

/** axe at phone and computer widths (and screenshots when SHOTS_DIR is set). */
async function bothWidths(page: Page, label: string) {
  await expectAccessible(page, `${label} (téléphone)`);
  const shot = (w: string) => path.join(process.env.SHOTS_DIR ?? "", `host-${label.replace(/\W+/g, "-")}-${w}.png`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("phone"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `${label} (ordinateur)`);
  if (process.env.SHOTS_DIR) await page.screenshot({ path: shot("desktop"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}

test("the demo host answers her inbox, follows the confirmed placement to its agreement and cancels it with a reason", async ({ page, request }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const accounts = demoAccounts(dataDir);
  const host = accounts.find((a) => a.role === "employer")!;
  const principal = accounts.find((a) => a.function === "principal")!;
  const login = async (email: string, password = PASSWORD) => ({
    Authorization: `Bearer ${(await (await request.post("/api/v1/auth/login", { data: { identifier: email, password } })).json()).access_token}`,
  });
  const asHost = await login(host.email, host.password);
  const asPrincipal = await login(principal.email, principal.password);

  // Through the API: three pupils join the demo school's 3e A with its code, get consent, and
  // apply to the demo offer on its week.
  const uai = (await (await request.get("/api/v1/schools/mine", { headers: asPrincipal })).json())[0].school.uai;
  const { org, offer } = await demoOrganisationAndOffer(request, asHost);
  const week = offer.weeks[0].week;
  const classes = await (await request.get(`/api/v1/schools/${uai}/classes?school_year=${offer.school_year}`, { headers: asPrincipal })).json();
  const cls = classes.find((c: { name: string }) => c.name === "3e A");
  const pupils: Record<string, { email: string; headers: { Authorization: string }; applicationId: string }> = {};
  for (const [first, last] of [
    ["Hugo", "Petit"],
    ["Léa", "Roux"],
    ["Adam", "Nguyen"],
  ]) {
    const email = `${first
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")}.hj${stamp}@exemple.fr`;
    const headers = {
      Authorization: `Bearer ${await confirmedAccount(request, email, "student", { first_name: first, last_name: last })}`,
    };
    expect(
      (
        await request.put("/api/v1/pupils/me/enrolment", {
          data: { class_id: cls.id, join_code: cls.join_code },
          headers,
        })
      ).status(),
    ).toBe(200);
    const me = await (await request.get("/api/v1/me", { headers })).json();
    expect(
      (
        await request.post(`/api/v1/schools/${uai}/pupils/${me.id}/consent`, {
          data: { consent_date: new Date().toISOString().slice(0, 10) },
          headers: asPrincipal,
        })
      ).status(),
    ).toBe(200);
    const applied = await request.post(`/api/v1/offers/${offer.id}/applications`, {
      data: {
        weeks: [week],
        motivation: "Je voudrais découvrir les métiers de l'électricité et travailler en équipe.",
      },
      headers,
    });
    expect(applied.status(), await applied.text()).toBe(201);
    pupils[first] = {
      email,
      headers,
      applicationId: (await applied.json()).id,
    };
  }

  // 1. Her home: a labelled "Publier une offre", the inbox's counts, each offer with its weeks.
  await logIn(page, host.email, host.password);
  await expect(page.getByRole("heading", { level: 1, name: "Atelier Lumière (démo)" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Publier une offre", exact: true })).toBeVisible();
  await expect(page.getByText("3 nouvelles candidatures")).toBeVisible();
  // Each of her offers (the demo host publishes several on the school's week) with its week.
  await expect(page.getByText(new RegExp(`^Semaine du ${mondayText(week)} : \\d stages? confirmés? sur 2 places$`)).first()).toBeVisible();
  await bothWidths(page, "accueil de l'organisme");

  // 2. The inbox: three new applications, each with its 15-day clock.
  await page.getByRole("link", { name: /Voir toutes les candidatures/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidatures reçues" })).toBeVisible();
  await expect(page.getByText("Nouvelle, sans réponse")).toHaveCount(3);
  await expect(page.getByText(/Sans réponse, expire dans 1[45] jours/)).toHaveCount(3);
  await bothWidths(page, "boîte de réception");

  // 3. Hugo's application, opened (read), accepted.
  await page.getByRole("link", { name: /Hugo Petit/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Candidature d'Hugo Petit" })).toBeVisible();
  await expect(page.getByText("Lue, sans réponse")).toBeVisible();
  await page.getByRole("button", { name: "Accepter la candidature" }).click();
  await expect(page.getByText("Candidature d'Hugo Petit acceptée : Hugo doit maintenant confirmer.")).toBeVisible();
  await expect(page.getByText("Acceptée, en attente de l'élève")).toBeVisible();
  await bothWidths(page, "candidature acceptée");

  // 4. Léa's and Adam's refused together with one reason.
  await page.getByRole("link", { name: "Candidatures reçues" }).click();
  // The list may re-render once the accepted application's change comes back: tick until it holds.
  for (const label of ["Sélectionner la candidature de Léa Roux", "Sélectionner la candidature d'Adam Nguyen"]) {
    await expect(async () => {
      await page.getByLabel(label).check({ force: true });
      await expect(page.getByLabel(label)).toBeChecked({ timeout: 1000 });
    }).toPass({ timeout: 15_000 });
  }
  await page.getByLabel("Motif du refus, lu par chaque élève").fill("Nos places de janvier sont prises : tentez votre chance dans un autre atelier.");
  await page.getByRole("button", { name: "Refuser les 2 candidatures sélectionnées" }).click();
  await expect(page.getByText("2 candidatures refusées : les élèves ont reçu votre message.")).toBeVisible();
  await waitForMailContaining(outboxDir, pupils["Adam"].email, "Nos places de janvier sont prises");

  // 5. Hugo confirms: the placement and its agreement in "Stages confirmés", her turn to fill it.
  expect((await request.post(`/api/v1/applications/${pupils["Hugo"].applicationId}/confirm`, { headers: pupils["Hugo"].headers })).status()).toBe(200);
  // One request: the placements carry their agreement's state (the agreements' list is not read).
  const agreementLists: string[] = [];
  page.on("request", (r) => {
    if (new URL(r.url()).pathname === "/api/v1/agreements") agreementLists.push(r.url());
  });
  await page.goto(`/organismes/${org.id}/candidatures?onglet=confirmes`);
  const card = page.getByRole("listitem").filter({
    has: page.getByRole("heading", {
      name: "Hugo Petit : ouvrir la candidature",
    }),
  });
  await expect(card).toContainText("À vous : remplissez la partie de l'organisme");
  await expect(card).toContainText("Convention : À remplir par l'organisme d'accueil");
  expect(agreementLists).toEqual([]);
  await bothWidths(page, "stages confirmés");
  await card.getByRole("link", { name: "Remplir la convention d'Hugo Petit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Convention de stage" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Aller au formulaire" })).toBeVisible();

  // 6. An empêchement: the placement cancelled with a reason; Hugo is told, with it.
  await page.goto(`/candidatures/${pupils["Hugo"].applicationId}`);
  await page.getByLabel("Motif de l'annulation").fill("L'atelier ferme cette semaine-là pour travaux, désolée.");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Annuler le stage" }).click();
  await expect(page.getByText("Stage annulé : Hugo et son établissement sont prévenus, avec votre motif.")).toBeVisible();
  await waitForMailContaining(outboxDir, pupils["Hugo"].email, "L'atelier ferme cette semaine-là pour travaux");
  await bothWidths(page, "stage annulé");

  // 7. Her team: the invitation form, labelled.
  await page.goto(`/espace`);
  await page.getByRole("link", { name: "Mon équipe" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mon équipe" })).toBeVisible();
  await expect(page.getByLabel("Adresse e-mail professionnelle")).toBeVisible();
  await bothWidths(page, "mon équipe");
});

test("a host of two organisations switches between them, the choice kept in the address", async ({ page, request }) => {
  const stamp = Date.now();
  const email = `hote.deux.${stamp}@entreprise.fr`;
  const headers = {
    Authorization: `Bearer ${await confirmedAccount(request, email, "employer", { first_name: "Marc", last_name: "Durand" })}`,
  };
  for (const name of [`Boulangerie Durand ${stamp}`, `Pâtisserie Durand ${stamp}`]) {
    const res = await request.post("/api/v1/organisations", {
      data: {
        name,
        siret: freshSiret(),
        kind: "company",
        is_public: false,
        address: "3 place Jean Jaurès",
        postal_code: "42000",
        city: "Saint-Étienne",
      },
      headers,
    });
    expect(res.status(), await res.text()).toBe(201);
  }
  await logIn(page, email);
  const switcher = page.getByLabel("Organisme affiché");
  await expect(page.getByText("Vous êtes membre de 2 organismes.")).toBeVisible();
  const first = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  const other = first.startsWith("Boulangerie") ? `Pâtisserie Durand ${stamp}` : `Boulangerie Durand ${stamp}`;
  await switcher.selectOption({ label: `${other} (Saint-Étienne)` });
  await expect(page.getByRole("heading", { level: 1, name: other })).toBeVisible();
  await expect(page).toHaveURL(/\?organisme=/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: other })).toBeVisible();
  await bothWidths(page, "deux organismes");
});
