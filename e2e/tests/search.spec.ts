import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { hostWithOffer, schoolWithPupil } from "../fixtures/schools";
import { logIn } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";

// Issue 27, search: keyword suggestions while typing (a combobox), several sectors at once, the
// offers reserved for a pupil first with their badge, another town for a school open to national
// search, and the ONISEP's job sheets from the offer's page. Collège Jules Vallès, Saint-Étienne
// (REP+): a school no other spec registers.
const SCHOOL = "0421176A";

/** axe at phone and computer widths (and screenshots when SHOTS_DIR is set). */
async function bothWidths(page: Page, label: string) {
  const shot = (w: string) =>
    path.join(
      process.env.SHOTS_DIR ?? "",
      `search-${label.replace(/\W+/g, "-")}-${w}.png`,
    );
  await expectAccessible(page, `${label} (téléphone)`);
  if (process.env.SHOTS_DIR)
    await page.screenshot({ path: shot("phone"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page, `${label} (ordinateur)`);
  if (process.env.SHOTS_DIR)
    await page.screenshot({ path: shot("desktop"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
}

test("suggestions while typing, several sectors, the offers reserved for a pupil first, another town, ONISEP", async ({
  page,
  request,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const { pupilEmail, principal } = await schoolWithPupil(
    request,
    SCHOOL,
    `srch${stamp}`,
    3,
  );
  const bakery = "Au fournil : le pain du quartier";
  await hostWithOffer(request, `srchb${stamp}`, bakery, freshSiret(), 3, {
    sector_id: "s28",
    jobs: "Boulanger, pâtissier",
  });
  const reserved = "Réparer les ordinateurs du collège";
  await hostWithOffer(request, `srchr${stamp}`, reserved, freshSiret(), 3, {
    sector_id: "s31",
    jobs: "Technicien informatique",
    reserved_schools: [SCHOOL],
  });
  const rep = "Sur le chantier avec les maçons";
  await hostWithOffer(request, `srchp${stamp}`, rep, freshSiret(), 3, {
    sector_id: "s10",
    jobs: "Maçon",
    rep_only: true,
  });

  // 1. A visitor types "elec": suggestions under the field, chosen with the keyboard. (The API
  // builds its vocabulary every few minutes: the demo offer's job and the sectors are in it at
  // once; offers published by this spec may not be yet.)
  await page.goto("/offres?lieu=75020");
  await expect(
    page.getByRole("heading", { level: 2, name: "Résultats" }),
  ).toBeVisible();
  const field = page.getByRole("combobox", { name: /Mot-clé/ });
  await field.pressSequentially("elec", { delay: 50 });
  const list = page.getByRole("listbox", { name: "Suggestions" });
  const job = list.getByRole("option", { name: /^Électricien\b.*Métier/ });
  await expect(job).toBeVisible();
  await expect(
    list.getByRole("option", { name: /^Électronique\b.*Secteur/ }),
  ).toBeVisible();
  await expect(field).toHaveAttribute("aria-expanded", "true");
  await bothWidths(page, "suggestions");
  // The list stayed open through the resizes; the arrows go to the job.
  for (
    let i = 0;
    i < 8 && (await job.getAttribute("aria-selected")) !== "true";
    i++
  )
    await field.press("ArrowDown");
  await expect(job).toHaveAttribute("aria-selected", "true");
  await expect(field).toHaveAttribute(
    "aria-activedescendant",
    (await job.getAttribute("id"))!,
  );
  await field.press("Enter");
  await expect(page).toHaveURL(/q=%C3%89lectricien/);
  await expect(field).toHaveValue("Électricien");
  await expect(
    page.getByRole("link", {
      name: "Découvrir les métiers de l'électricité",
      exact: true,
    }),
  ).toBeVisible();
  // Escape closes the list, the words typed stay.
  await field.fill("ele");
  await expect(job).toBeVisible();
  await field.press("Escape");
  await expect(field).toHaveAttribute("aria-expanded", "false");
  await expect(field).toHaveValue("ele");

  // 2. Near Saint-Étienne, a sector suggested (typed without its accent) joins the sectors.
  await page.getByLabel("Commune ou code postal").fill("42000");
  await field.fill("");
  await field.pressSequentially("indus", { delay: 50 });
  await list
    .getByRole("option", { name: /^Industrie alimentaire\b.*Secteur/ })
    .click();
  await expect(page).toHaveURL(/secteur=s28/);
  await expect(page).toHaveURL(/lieu=42000/);
  await expect(
    page.getByRole("button", { name: "Retirer Industrie alimentaire" }),
  ).toBeVisible();
  await expect(
    page.getByRole("link", { name: bakery, exact: true }),
  ).toBeVisible();
  // Reserved offers are never a visitor's.
  await expect(
    page.getByRole("link", { name: reserved, exact: true }),
  ).toHaveCount(0);

  // 3. Another sector from the list: both are searched; one taken out.
  await page
    .getByRole("combobox", { name: /^Secteurs/ })
    .selectOption({ label: "Informatique et réseaux" });
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/secteur=s28%2Cs31/);
  await expect(
    page.getByRole("link", { name: bakery, exact: true }),
  ).toBeVisible();
  await bothWidths(page, "secteurs");
  await page
    .getByRole("button", { name: "Retirer Industrie alimentaire" })
    .click();
  await expect(page.getByRole("combobox", { name: /^Secteurs/ })).toBeFocused();
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/secteur=s31(&|$)/);

  // 4. The pupil of a REP+ school: the offers kept for them first, with their badges, once.
  await logIn(page, pupilEmail);
  await page.goto("/offres");
  const kept = page.getByRole("region", { name: "Réservées pour toi" });
  await expect(
    kept.getByRole("link", { name: reserved, exact: true }),
  ).toBeVisible();
  await expect(
    kept.getByRole("link", { name: rep, exact: true }),
  ).toBeVisible();
  await expect(
    kept
      .locator("li", {
        has: page.getByRole("link", { name: reserved, exact: true }),
      })
      .getByText("Réservée à ton collège"),
  ).toBeVisible();
  await expect(
    kept
      .locator("li", {
        has: page.getByRole("link", { name: rep, exact: true }),
      })
      .getByText("Réservée aux élèves de l'éducation prioritaire"),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: rep, exact: true })).toHaveCount(
    1,
  );
  await expect(
    page
      .getByRole("region", { name: "Résultats" })
      .getByRole("link", { name: bakery, exact: true }),
  ).toBeVisible();
  // Searching around the school only: no place to give.
  await expect(page.getByLabel(/Autre commune/)).toHaveCount(0);
  await bothWidths(page, "reservees");

  // 5. The school opens to national search: the pupil may look around another town.
  const open = await request.put(`/api/v1/schools/${SCHOOL}/search-scope`, {
    data: { national_search: true, search_radius_km: 60 },
    headers: { Authorization: `Bearer ${principal}` },
  });
  expect(open.status()).toBe(200);
  await page.reload();
  await expect(
    page.getByText(/partout en France, autour de ton établissement/),
  ).toBeVisible();
  await page.getByLabel(/Autre commune/).fill("Lyon");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(/lieu=Lyon/);
  await expect(
    page.getByText(/partout en France, autour de Lyon \(69\)/),
  ).toBeVisible();
  await bothWidths(page, "autre-commune");

  // 6. The offer's page links to the ONISEP's sheets of its sector.
  await page.goto("/offres?q=fournil");
  await page.getByRole("link", { name: bakery, exact: true }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: bakery }),
  ).toBeVisible();
  const onisep = page.getByRole("link", {
    name: "Découvrir les métiers du secteur sur ONISEP (nouvelle fenêtre)",
  });
  await expect(onisep).toHaveAttribute(
    "href",
    /onisep\.fr\/.*Industrie-alimentaire/,
  );
  await expect(onisep).toHaveAttribute("target", "_blank");
  await expect(onisep).toHaveAttribute("rel", /noopener/);
  await bothWidths(page, "page-offre");
});
