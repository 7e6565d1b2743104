import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";

// Issue 31: a pupil's phone loads only what the screen shows. Scores are measured by
// `make lighthouse`; here, which code each screen brings, and that screens still work when
// their code comes later.

/** The scripts and API calls the page asks for, from now on. */
function watch(page: Page) {
  const scripts: string[] = [];
  const api: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (r.resourceType() === "script") scripts.push(url.pathname);
    if (url.pathname.startsWith("/api/")) api.push(url.pathname);
  });
  return { scripts, api };
}

const screenCode = /\/assets\/(OfferMap|AdminLayout|AgreementPages|SchoolHome|StatsPages|PartnerPages|HostHome|InboxPage|OfferForm|SearchPage)-/;

test("the home page brings no other screen's code, no map library and no session call for a first visitor; the search brings the map when it shows one", { tag: "@desktop" }, async ({ page }) => {
  // Its first scripts hold no query cache (TanStack Query): it comes once the page is painted.
  const html = await (await page.request.get("/")).text();
  expect(html).toMatch(/\/assets\/vendor-[\w-]+\.js/);
  expect(html).not.toMatch(/query-cache-/);
  const seen = watch(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Trouver son stage d'observation, simplement" })).toBeVisible();
  await expect(page.getByRole("search", { name: "Chercher un stage" }).getByLabel(/Où/)).toBeEditable();
  expect(seen.scripts.filter((s) => screenCode.test(s) && !/SearchPage-/.test(s))).toEqual([]);
  // Never signed in here: no refused session refresh in the console.
  expect(seen.api).not.toContain("/api/v1/auth/refresh");
  // Every script comes from this site (map tiles are images, and only on the search).
  expect(seen.scripts.every((s) => s.startsWith("/"))).toBe(true);
  await expectAccessible(page, "page d'accueil (chargement découpé)");

  const box = page.getByRole("search", { name: "Chercher un stage" });
  await box.getByLabel(/Où/).fill("75020");
  await box.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Chercher un stage" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Carte des offres" })).toBeVisible();
  await expect(page.getByRole("region", { name: /la liste ci-dessus présente les mêmes offres/ })).toBeVisible();
  expect(seen.scripts.some((s) => /\/assets\/OfferMap-/.test(s))).toBe(true);
  expect(seen.scripts.filter((s) => /\/assets\/(AdminLayout|AgreementPages|SchoolHome|StatsPages|PartnerPages)-/.test(s))).toEqual([]);
});

test("pointing at a link fetches its screen before the click; the page then shows with the focus on its content", { tag: "@desktop" }, async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const seen = watch(page);
  const signup = page.getByRole("main").getByRole("link", { name: "Créer un compte" });
  await signup.hover();
  await expect.poll(() => seen.scripts.some((s) => /\/assets\/SignupPage-/.test(s))).toBe(true);
  await signup.click();
  await expect(page.getByRole("heading", { level: 1, name: /Créer (un|ton|votre) compte/ })).toBeVisible();
  // Focus moves to the content after a navigation within the site, as before the split.
  await expect(page.locator("main#contenu")).toBeFocused();
});

test("the pupil's space loads after sign-in and after a reload (the session is restored from the cookie)", async ({ page }) => {
  const pupil = demoAccounts(dataDir).find((a) => a.role === "student");
  expect(pupil).toBeDefined();
  await logIn(page, pupil!.email, pupil!.password);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const seen = watch(page);
  await page.reload();
  await expect(page).toHaveURL(/\/espace$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(seen.api).toContain("/api/v1/auth/refresh");
  // A pupil's phone does not load the school's, the host's or the back office's screens.
  expect(seen.scripts.filter((s) => /\/assets\/(AdminLayout|SchoolHome|HostHome|InboxPage|StatsPages|PartnerPages|OfferMap)-/.test(s))).toEqual([]);
  await expectAccessible(page, "espace élève (chargement découpé)");

  // Signing out forgets the session here: the next visit asks nothing.
  const menu = page.getByRole("button", { name: "Menu", exact: true });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole("button", { name: "Se déconnecter" }).filter({ visible: true }).click();
  await expect(page).toHaveURL(/\/connexion$/);
  const after = watch(page);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Trouver son stage d'observation, simplement" })).toBeVisible();
  expect(after.api).not.toContain("/api/v1/auth/refresh");
});
