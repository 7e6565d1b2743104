import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";

// Guides, FAQ and legal pages (issue 26): every page opens, says when it was updated, and passes
// axe, at phone and desktop widths (the desktop project runs the @desktop tests).
const SHOTS = process.env.SHOTS_DIR ?? path.join(dataDir, "shots");

async function shot(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({
    path: path.join(SHOTS, `${name}-${width < 600 ? "phone" : "desktop"}.png`),
    fullPage: true,
  });
}

const pages: [path: string, title: string, updated: boolean][] = [
  ["/guides", "Guides", false],
  ["/guides/eleves-familles", "Guide des élèves et des familles", true],
  ["/guides/etablissements", "Guide des établissements", true],
  ["/guides/accueil", "Guide des organismes d'accueil", true],
  ["/guides/associations", "Guide des associations partenaires", true],
  ["/guides/referents", "Guide des référents de l'État", true],
  ["/faq", "Foire aux questions", true],
  ["/confidentialite", "Données personnelles", true],
  ["/conditions-utilisation", "Conditions générales d'utilisation", true],
  ["/signature-electronique", "Signature électronique des conventions", true],
  ["/mentions-legales", "Mentions légales", true],
  ["/accessibilite", "Déclaration d'accessibilité", true],
  ["/cookies", "Cookies et stockage dans le navigateur", true],
  ["/plan-du-site", "Plan du site", false],
];

test("every guide, the FAQ and every legal page open, dated and versioned, and pass axe", { tag: "@desktop" }, async ({ page }) => {
  test.setTimeout(120_000);
  for (const [address, title, updated] of pages) {
    await page.goto(address);
    await expect(page.getByRole("heading", { level: 1, name: title }), address).toBeVisible();
    await expect(page).toHaveTitle(`${title} – Passerelle`);
    if (updated) await expect(page.getByText(/Mis à jour le 6 décembre 2026 · version \d+/), address).toBeVisible();
    await expectAccessible(page, address);
    await shot(page, `guidance${address.replaceAll("/", "-")}`);
  }
  // A long page has its table of contents, whose links lead to the sections.
  await page.goto("/guides/accueil");
  const summary = page.getByRole("navigation", { name: "Sommaire" });
  await summary.getByRole("link", { name: "Sécurité et règles pour un mineur" }).click();
  await expect(page).toHaveURL(/#securite-mineurs$/);
  await expect(
    page.getByRole("heading", {
      level: 2,
      name: "Sécurité et règles pour un mineur",
    }),
  ).toBeInViewport();
  // An unknown audience is a missing page.
  await page.goto("/guides/inconnu");
  await expect(page.getByRole("heading", { level: 1, name: "Page introuvable" })).toBeVisible();
});

test("the FAQ is searched without accents, by audience, and its answers lead to the right screens", { tag: "@desktop" }, async ({ page }) => {
  await page.goto("/faq");
  // Typed at once, while the DSFR script (which runs the answers' collapse) may still be starting:
  // the page opens the answers found all the same.
  const search = page.getByRole("searchbox", {
    name: /Rechercher une question/,
  });
  await search.fill("MOT DE PASSE OUBLIE");
  await expect(page.getByRole("status").filter({ hasText: "trouvée" })).toContainText("pour « MOT DE PASSE OUBLIE »");
  const question = page.getByRole("button", {
    name: "J'ai oublié mon mot de passe",
  });
  await expect(question).toBeVisible();
  // Questions whose title matches come first; others only if every word is in their answer.
  await expect(page.locator(".fr-accordion").first()).toContainText("J'ai oublié mon mot de passe");
  await expect(
    page.getByRole("button", {
      name: "Comment changer mon adresse e-mail ?",
    }),
  ).toHaveCount(0);
  await expect(page).toHaveURL(/q=MOT/);
  await expectAccessible(page, "FAQ, recherche");
  await shot(page, "guidance-faq-search");
  // Few results: their answers are all open (two here, each with a link to the screen); a link
  // goes to the screen without reloading.
  const answers = page.locator(".fr-accordion .fr-collapse");
  await expect(answers).toHaveCount(2);
  for (const answer of await answers.all()) await expect(answer).toBeVisible();
  await answers.first().getByRole("link", { name: "Mot de passe oublié", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mot de passe oublié" })).toBeVisible();

  // By audience: the host's questions only, then nothing for a pupil's word, with a way out.
  await page.goto("/faq");
  await page.getByRole("tab", { name: "Organismes d'accueil" }).click();
  await expect(page).toHaveURL(/public=accueil/);
  await expect(
    page.getByRole("button", {
      name: "Que peut faire un élève de moins de 16 ans ?",
    }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "J'ai oublié mon mot de passe" })).toHaveCount(0);
  await page.getByRole("searchbox", { name: /Rechercher une question/ }).fill("representant legal lien");
  await expect(page.getByText("Aucune question ne correspond.")).toBeVisible();
  await page.getByRole("button", { name: "Chercher dans toutes les questions" }).click();
  await expect(
    page.getByRole("button", {
      name: /Mon représentant légal n'a pas reçu le lien/,
    }),
  ).toBeVisible();
  await expectAccessible(page, "FAQ, toutes les questions");
  // A question's own address opens it.
  await page.goto("/faq#compte-verrouille");
  await expect(page.getByText("Après 8 essais de mot de passe erronés")).toBeVisible();
});

test("the footer and the site map lead to the guides, the FAQ, the legal pages and the contact", { tag: "@desktop" }, async ({ page }) => {
  await page.goto("/");
  const footer = page.locator("footer");
  for (const name of [
    "Données personnelles",
    "Conditions d'utilisation",
    "Signature électronique",
    "Cookies",
    "Mentions légales",
    "Foire aux questions",
    "Nous contacter",
    "Organismes d'accueil",
  ]) {
    await expect(footer.getByRole("link", { name, exact: true }), name).toBeVisible();
  }
  await footer.getByRole("link", { name: "Données personnelles", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Données personnelles" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Télécharger mes données" }).or(page.getByText("Télécharger mes données").first())).toBeVisible();
  await footer.getByRole("link", { name: "Organismes d'accueil", exact: true }).click();
  await expect(
    page.getByRole("heading", {
      level: 1,
      name: "Guide des organismes d'accueil",
    }),
  ).toBeVisible();
  await page.goto("/plan-du-site");
  for (const [to, name] of [
    ["/guides/accueil", "Guide des organismes d'accueil"],
    ["/faq", "Foire aux questions"],
    ["/confidentialite", "Données personnelles"],
    ["/cookies", "Cookies et stockage"],
    ["/contact", "Nous contacter"],
  ]) {
    await expect(page.locator("main").getByRole("link", { name, exact: true })).toHaveAttribute("href", to);
  }
});

test("the offer form shows a read-only summary before publishing; only 'Publier l'offre' sends", async ({ page }) => {
  test.setTimeout(120_000);
  const host = demoAccounts(dataDir).find((a) => a.role === "employer")!;
  await logIn(page, host.email, host.password);
  await page.getByRole("link", { name: "Publier une offre" }).click();
  await expect(page.getByRole("link", { name: "Guide : rédiger une offre claire" })).toBeVisible();
  await expect(page.getByText("EDF - Énergie - Découverte des métiers de la distribution d'électricité")).toBeVisible();
  await expect(
    page.getByText("quel secteur l'élève va-t-il découvrir ?", {
      exact: false,
    }),
  ).toBeVisible();
  const title = `Découvrir l'atelier de lutherie ${Date.now()}`;
  await page.getByLabel("Titre de l'offre").fill(title);
  await page.getByLabel("Description").fill("Une semaine dans un atelier de lutherie : le bois, les outils, la réparation d'un violon.");
  await page.getByLabel("Secteur d'activité").selectOption({ index: 1 });
  await page.getByLabel("Métiers observés").fill("Luthier, vendeuse");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByLabel("Fonction du tuteur").fill("Maître luthier");
  await page.getByLabel("Téléphone du tuteur").fill("01 43 00 00 00");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await page
    .getByRole("group", { name: /Semaines proposées/ })
    .getByRole("checkbox")
    .last()
    .check({ force: true });
  await page.getByLabel("Nombre d'élèves accueillis par semaine").fill("2");
  await page.getByRole("button", { name: "Étape suivante" }).click();
  await expect(
    page.getByRole("link", {
      name: "Guide : horaires et règles pour un élève mineur",
    }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Vérifier" }).click();

  // The summary: everything entered, read-only; nothing is sent yet.
  await expect(page.getByRole("heading", { level: 2, name: "Élèves et semaines" })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
  await expect(page.getByText("2 élèves par semaine")).toBeVisible();
  await expect(
    page.getByText("Lundi : 09 h 00 – 16 h 00, pause de 60 min", {
      exact: false,
    }),
  ).toBeVisible();
  await expect(page.getByRole("textbox")).toHaveCount(0);
  await expectAccessible(page, "résumé de l'offre avant publication");
  await shot(page, "guidance-offer-summary");
  // "Modifier" on one part goes back to its step, with what was entered.
  await page.getByRole("button", { name: "Modifier « Lieu et tuteur »" }).click();
  await expect(page.getByLabel("Fonction du tuteur")).toHaveValue("Maître luthier");
  await page.getByLabel("Fonction du tuteur").fill("Luthier, maître d'apprentissage");
  for (let i = 0; i < 2; i++) await page.getByRole("button", { name: "Étape suivante" }).click();
  await page.getByRole("button", { name: "Vérifier" }).click();
  await expect(page.getByText(/Luthier, maître d'apprentissage/)).toBeVisible();
  await page.getByRole("button", { name: "Publier l'offre" }).click();
  await expect(page).toHaveURL(/\/espace/);
  await expect(page.getByText(`« ${title} » est en ligne`, { exact: false })).toBeVisible();
  await expect(page.getByRole("link", { name: title, exact: true })).toBeVisible();
});
