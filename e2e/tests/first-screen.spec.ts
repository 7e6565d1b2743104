import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";

// Issue 31, the first screen on a phone: it blocks on one stylesheet (the page's frame and the
// home page), the other DSFR components come with the later screens' code, the DSFR's script comes
// with the first touch, click or key (or once the phone is idle) and still takes hold of the page,
// and the pupil's space shows at once in its final shape. Scores are measured by `make lighthouse`.

/** The stylesheets, scripts and API calls the page asks for, from now on. */
function watch(page: Page) {
  const styles: string[] = [];
  const scripts: string[] = [];
  const api: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (r.resourceType() === "stylesheet") styles.push(url.pathname);
    if (r.resourceType() === "script") scripts.push(url.pathname);
    if (url.pathname.startsWith("/api/")) api.push(url.pathname);
  });
  return { styles, scripts, api };
}

test(
  "the home page blocks on one stylesheet; the search brings the other components' styles; the DSFR's script opens the menu",
  { tag: "@desktop" },
  async ({ page, request }) => {
    // What blocks the first paint is in the page itself: one stylesheet (the frame and the home
    // page). The three Marianne faces every screen shows are preloaded, their Latin-1 part only
    // (16 KB each): text drawn first in the fallback font moved when they came.
    const html = await (await request.get("/")).text();
    expect(html.match(/<link rel="stylesheet"[^>]*>/g) ?? []).toHaveLength(1);
    expect(html).toMatch(/<link rel="stylesheet"[^>]*href="\/assets\/index-[\w-]+\.css"/);
    const fonts = html.match(/<link rel="preload" as="font"[^>]*>/g) ?? [];
    expect(fonts).toHaveLength(3);
    for (const font of fonts) expect(font).toMatch(/href="\/assets\/Marianne-(Regular|Medium|Bold)-latin-[\w-]+\.woff2"/);
    const seen = watch(page);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Trouver son stage d'observation, simplement" })).toBeVisible();
    // The DSFR's script comes with the first interaction (a tap on the menu is held and given
    // again once it has started) or once the page is idle, and takes hold of the page.
    const menu = page.getByRole("button", { name: "Menu", exact: true });
    if (await menu.isVisible()) {
      // The header's menu is the DSFR's modal: only its script opens it.
      const opened = page.locator(".fr-header__menu");
      await menu.click();
      await expect(opened.getByRole("link", { name: "Se connecter" })).toBeVisible();
      await opened.getByRole("button", { name: "Fermer" }).click();
      await expect(opened.getByRole("link", { name: "Se connecter" })).toBeHidden();
    }
    await expect.poll(() => seen.scripts.some((s) => /\/assets\/dsfr\.module-/.test(s)), { timeout: 15_000 }).toBe(true);
    await expectAccessible(page, "page d'accueil (premier écran)");

    // The search's choices are styled by the components' stylesheet that came with its code.
    await page.goto("/offres?lieu=75020");
    await expect(page.getByRole("heading", { level: 2, name: "Résultats" })).toBeVisible();
    expect(seen.styles.some((s) => /\/assets\/dsfrMore-/.test(s))).toBe(true);
    const arrow = await page.getByLabel("Secteur").evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(arrow).not.toBe("none");
    await expectAccessible(page, "recherche (styles des composants chargés avec l'écran)");
  },
);

test("an offer opened from a link is asked for once, and shows", { tag: "@desktop" }, async ({ page, request }) => {
  const offers = await (await request.get("/api/v1/offers?place=75020")).json();
  const offer = offers.items[0];
  const seen = watch(page);
  await page.goto(`/offres/${offer.id}`);
  await expect(page.getByRole("heading", { level: 1, name: offer.title })).toBeVisible();
  expect(seen.api.filter((p) => p === `/api/v1/offers/${offer.id}`)).toHaveLength(1);
});

test("the pupil's space shows its next step at once: the links below it do not move", { tag: "@desktop" }, async ({ page }) => {
  const pupil = demoAccounts(dataDir).find((a) => a.role === "student");
  expect(pupil).toBeDefined();
  await logIn(page, pupil!.email, pupil!.password);
  // Where the links first stand, read as soon as the page puts them in (before any paint).
  await page.addInitScript(() => {
    const w = window as unknown as { firstLinksTop?: number };
    new MutationObserver((_, observer) => {
      const nav = document.querySelector('nav[aria-label="Mes pages"]');
      if (!nav) return;
      w.firstLinksTop = nav.getBoundingClientRect().top + window.scrollY;
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  const links = page.getByRole("navigation", { name: "Mes pages" });
  await expect(links).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Ta prochaine étape/ })).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.evaluate(() => document.fonts.ready);
  const first = await page.evaluate(() => (window as unknown as { firstLinksTop?: number }).firstLinksTop);
  const settled = await links.evaluate((nav) => nav.getBoundingClientRect().top + window.scrollY);
  // Fonts may still swap (a few pixels); no section arrives above the links.
  expect(first).toBeDefined();
  expect(Math.abs(settled - (first ?? 0))).toBeLessThan(40);
  await expectAccessible(page, "espace élève (premier écran)");
});
