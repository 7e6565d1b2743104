import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { account, goTo, logInWithTotp, shots } from "../fixtures/admin";
import { hostWithOffer, schoolYear } from "../fixtures/schools";
import { confirmedAccount } from "../fixtures/session";
import { freshSiret } from "../fixtures/siret";

// The back office's reading side: the admins' journal, the hidden offers restored, the year's
// targets read back. Each run makes its own offer (a fresh SIRET), so it runs at both widths.

test.use({ actionTimeout: 15_000 });

/** Through the API: a published offer, reported by a visitor with an account. */
async function reportedOffer(request: APIRequestContext, stamp: number) {
  const title = `Atelier reliure ${stamp}`;
  const offer = await hostWithOffer(request, `bo${stamp}`, title, freshSiret(), 6);
  const reporter = await confirmedAccount(request, `signale.${stamp}@exemple.fr`, "employer");
  const report = await request.post(`/api/v1/offers/${offer.id}/reports`, {
    data: { reason: "Cette offre demande un travail de nuit à des mineurs." },
    headers: { Authorization: `Bearer ${reporter}` },
  });
  expect(report.status(), await report.text()).toBeLessThan(300);
  return { id: offer.id, title };
}

test(
  "an admin hides a reported offer, restores it from the hidden offers, reads it in the journal and reads back the year's targets",
  { tag: "@desktop" },
  async ({ page, request }) => {
    test.setTimeout(180_000);
    const stamp = Date.now();
    const offer = await reportedOffer(request, stamp);
    const admin = account("admin@demo.passerelle.fr");
    await logInWithTotp(page, admin);

    // Moderation: the report of this offer, hidden.
    await goTo(page, "Modération des offres");
    await expect(page.getByRole("heading", { level: 1, name: "Modération des offres" })).toBeVisible();
    const report = page.getByRole("listitem").filter({ has: page.locator(`a[href="/offres/${offer.id}"]`) });
    await report.getByLabel(/^Message à l'organisme/).fill("Le travail de nuit est interdit aux mineurs : corrigez les horaires.");
    await report.getByRole("button", { name: /^Masquer l'offre/ }).click();
    await expect(page.getByText("Décision enregistrée : l'offre est masquée.")).toBeVisible();

    // From moderation to the hidden offers, and back.
    await page.getByRole("link", { name: "Voir les offres masquées et en rétablir une" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Offres masquées" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Signalements en attente de décision" })).toBeVisible();
    const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: offer.title }) });
    await expect(card).toContainText(`Entreprise bo${stamp} · Saint-Étienne`);
    await expect(card).toContainText(/Masquée le \d{1,2}(er)? \p{L}+ \d{4} à \d\d:\d\d/u);
    await expectAccessible(page, "offres masquées");
    await shots(page, "bo-masquees");

    // Restoring asks first; "Annuler" keeps it hidden.
    await card.getByRole("button", { name: `Rétablir l'offre « ${offer.title} »` }).click();
    const modal = page.getByRole("dialog", { name: "Rétablir cette offre ?" });
    await expect(modal).toBeVisible();
    await expect(modal).toContainText(`L'offre « ${offer.title} » d'Entreprise bo${stamp} (Saint-Étienne) réapparaîtra dans la recherche des élèves.`);
    await expectAccessible(page, "confirmation du rétablissement");
    await shots(page, "bo-masquees-modal");
    await modal.getByRole("button", { name: "Annuler" }).click();
    await expect(modal).toBeHidden();
    await expect(card).toBeVisible();
    await card.getByRole("button", { name: `Rétablir l'offre « ${offer.title} »` }).click();
    await modal.getByRole("button", { name: "Rétablir l'offre" }).click();
    await expect(page.getByText(`L'offre « ${offer.title} » (Entreprise bo${stamp}) est de nouveau visible des élèves dans la recherche.`)).toBeVisible();
    await expect(page.getByRole("heading", { name: offer.title })).toHaveCount(0);
    expect((await request.get(`/api/v1/offers/${offer.id}`)).status()).toBe(200);

    // The journal: the restoring on top, by this admin, in French, linked to the offer.
    await goTo(page, "Journal des actions");
    await expect(page.getByRole("heading", { level: 1, name: "Journal des actions" })).toBeVisible();
    const table = page.getByRole("table", { name: /^Actions des administrateurs/ });
    const first = table.locator("tbody tr").first();
    await expect(first.getByRole("rowheader")).toHaveText("Offre rétablie");
    await expect(first.getByRole("cell").nth(1)).toHaveText(/^\d{1,2}(er)? \p{L}+ \d{4} à \d\d:\d\d$/u);
    await expect(first.getByRole("cell").nth(2)).toHaveText(/^\p{L}[\p{L}' -]+ \p{L}[\p{L}' -]+$/u);
    await expect(first.getByRole("link", { name: `offre ${offer.id.slice(0, 8)}…` })).toHaveAttribute("href", `/offres/${offer.id}`);
    await expect(table.getByText("Signalement traité").first()).toBeVisible();
    await expectAccessible(page, "journal des actions");
    await shots(page, "bo-journal");

    // Filtered: this admin's restorings of today, in the address (back and shared links work).
    const adminName = (await first.getByRole("cell").nth(2).textContent())!.trim();
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    await page.getByLabel("Type d'action").selectOption({ label: "Offres masquées rétablies" });
    await page.getByLabel("Administrateur").selectOption({ label: adminName });
    await page.getByLabel(/^Du/).fill(today);
    await page.getByLabel(/^Au/).fill(today);
    await page.getByRole("button", { name: "Filtrer" }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/journal\\?type=offres-retablies&admin=[0-9a-f-]+&du=${today}&au=${today}$`));
    // The form stays: the focus is where it was, the new total is read out.
    await expect(page.getByRole("button", { name: "Filtrer" })).toBeFocused();
    // The total, with the filters in words.
    await expect(
      page.getByRole("status").filter({ hasText: new RegExp(`^\\d+ actions? enregistrées? : « Offres masquées rétablies », par ${adminName}, le \\d{1,2}(er)? \\p{L}+ \\d{4}\\.$`, "u") }),
    ).toBeVisible();
    // By its address: two offers made the same minute share their shortened ids.
    await expect(table.locator(`a[href="/offres/${offer.id}"]`)).toBeVisible();
    await expect(table.getByText("Signalement traité")).toHaveCount(0);
    for (const row of await table.locator("tbody tr").all()) {
      await expect(row.getByRole("rowheader")).toHaveText("Offre rétablie");
      await expect(row.getByRole("cell").nth(2)).toHaveText(adminName);
    }
    await expectAccessible(page, "journal filtré");
    await shots(page, "bo-journal-filtre");
    // An end before the start: the server's message under "Au".
    await page.getByLabel(/^Du/).fill("2030-01-02");
    await page.getByLabel(/^Au/).fill("2030-01-01");
    await page.getByRole("button", { name: "Filtrer" }).click();
    await expect(page.getByText("La fin précède le début.")).toBeVisible();
    await shots(page, "bo-journal-erreur");
    await page.goBack();
    await expect(page.getByLabel(/^Du/)).toHaveValue(today);
    await expect(page.getByLabel("Type d'action")).toHaveValue("offres-retablies");
    await page.getByRole("link", { name: "Effacer les filtres" }).click();
    await expect(page).toHaveURL(/\/admin\/journal$/);
    await expect(table.getByText("Signalement traité").first()).toBeVisible();

    // Targets: this year's read back in a table; "Modifier" fills the form.
    const year = schoolYear().label;
    await goTo(page, "Objectifs de la campagne");
    await page.getByLabel("Objectif d'un").selectOption("ministry");
    await page.getByLabel("Ministère", { exact: true }).selectOption({ index: 1 });
    const ministry = (await page.getByLabel("Ministère", { exact: true }).locator("option:checked").textContent())!.trim();
    const total = String(10 + (stamp % 50));
    await page.getByLabel("Offres attendues").fill(total);
    await page.getByLabel("dont offres publiques").fill(total);
    await page.getByLabel("dont offres privées").fill("0");
    await page.getByRole("button", { name: "Enregistrer l'objectif" }).click();
    await expect(page.getByText(`Objectif ${year} enregistré pour ${ministry} : ${total} offres.`)).toBeVisible();
    const targets = page.getByRole("table", { name: `Ministères, ${year}` });
    const row = targets.getByRole("row").filter({ hasText: ministry });
    await expect(row.getByRole("cell")).toHaveText([total, total, "0", /^Modifier/]);
    await page.reload();
    await expect(targets.getByRole("row").filter({ hasText: ministry })).toBeVisible();
    await targets.getByRole("button", { name: `Modifier l'objectif du ministère ${ministry}` }).click();
    await expect(page.getByRole("heading", { level: 2, name: `Modifier l'objectif ${year}` })).toBeFocused();
    await expect(page.getByLabel("Offres attendues")).toHaveValue(total);
    await expect(page.getByLabel("Ministère", { exact: true })).toHaveValue(/.+/);
    await expect(page.getByText(`Objectif en vigueur : ${total} offres, dont ${total} publiques et 0 privée.`)).toBeVisible();
    await expectAccessible(page, "objectifs de l'année");
    await shots(page, "bo-objectifs");
  },
);
