import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { account, goTo, logInWithTotp, shots } from "../fixtures/admin";
import { hostWithOffer, schoolWithPupil, schoolYear } from "../fixtures/schools";
import { freshSiret } from "../fixtures/siret";

// The back office's duplicates: an organisation registered twice is found, corrected and merged
// into the one kept (what moved is counted); a school's directory row is corrected. Each run makes
// its own organisations (fresh SIRETs), so it runs at both widths.

test.use({ actionTimeout: 15_000 });

const spaced = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;

test("an admin finds two organisations, corrects one, merges the duplicate and corrects a school's name", { tag: "@desktop" }, async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const dupName = `Entreprise dup${stamp}`;
  const keptName = `Entreprise dup${stamp} SAS`;

  // Through the API: a host's organisation with a published offer (the duplicate), and the demo
  // host's second registration of the same company (kept).
  const duplicateSiret = freshSiret();
  await hostWithOffer(request, `dup${stamp}`, `Découverte du câblage ${stamp}`, duplicateSiret, 6);
  const host = account("tuteur@demo.passerelle.fr");
  const login = await request.post("/api/v1/auth/login", { data: { identifier: host.email, password: host.password } });
  expect(login.status(), await login.text()).toBe(200);
  const keptSiret = freshSiret();
  const created = await request.post("/api/v1/organisations", {
    data: { name: keptName, siret: keptSiret, kind: "company", is_public: false, address: "1 rue X", postal_code: "42000", city: "Saint-Étienne" },
    headers: { Authorization: `Bearer ${(await login.json()).access_token}` },
  });
  expect(created.status(), await created.text()).toBe(201);

  // The admin's home links to the new screen.
  const admin = account("admin@demo.passerelle.fr");
  await logInWithTotp(page, admin);
  await page.goto("/admin");
  await page.getByRole("heading", { level: 2, name: "Organismes d'accueil" }).getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1, name: "Organismes d'accueil" })).toBeVisible();

  // Both found, in a table with their SIRET, members and offers; the search is in the address.
  await page.getByLabel("Rechercher un organisme").fill(`dup${stamp}`);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/organismes\\?q=dup${stamp}$`));
  await expect(page.getByText("2 organismes trouvés.")).toBeVisible();
  const table = page.getByRole("table", { name: `Organismes correspondant à « dup${stamp} »` });
  const dupRow = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${dupName} Entreprise,`) }) });
  await expect(dupRow.getByRole("cell")).toHaveText([/^Corriger.*Fusionner/, spaced(duplicateSiret), "Saint-Étienne (42000)", "1", "1"]);
  // The wide table scrolls inside its frame: the page itself never scrolls sideways on a phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectAccessible(page, "organismes : recherche");
  await shots(page, "dup-organismes");

  // Correcting with the other's SIRET is refused with the server's message beside the field.
  await page.getByRole("button", { name: `Corriger « ${keptName} »` }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Corriger « ${keptName} »` })).toBeFocused();
  const correction = page.getByRole("region", { name: `Corriger « ${keptName} »` });
  await expect(correction.getByLabel("Nom de l'organisme")).toHaveValue(keptName);
  await correction.getByLabel("SIRET").fill(duplicateSiret);
  await correction.getByRole("button", { name: "Enregistrer la correction" }).click();
  await expect(page.getByText("Un autre organisme porte ce SIRET : fusionnez-les plutôt.")).toBeVisible();
  await expectAccessible(page, "organismes : correction refusée");
  await shots(page, "dup-correction");
  await correction.getByLabel("SIRET").fill(keptSiret);
  await correction.getByLabel("Adresse").fill("12 rue de la République");
  await correction.getByRole("button", { name: "Enregistrer la correction" }).click();
  await expect(page.getByText(`Organisme corrigé : « ${keptName} » (SIRET ${spaced(keptSiret)}, Saint-Étienne).`)).toBeVisible();

  // Merging: the duplicate chosen, the organisation kept picked, a confirmation that says what
  // moves and that it cannot be undone.
  await page.getByRole("button", { name: `Fusionner « ${dupName} » avec un autre organisme` }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Fusionner le doublon « ${dupName} »` })).toBeFocused();
  await page
    .getByRole("group", { name: /Organisme à conserver/ })
    .locator("label")
    .filter({ hasText: keptName })
    .click();
  await shots(page, "dup-fusion-choix");
  await page.getByRole("button", { name: "Fusionner…" }).click();
  const modal = page.getByRole("dialog", { name: "Fusionner ces deux organismes ?" });
  await expect(modal).toBeVisible();
  await expect(modal).toContainText(`« ${dupName} » (SIRET ${spaced(duplicateSiret)}, Saint-Étienne) sera supprimé.`);
  await expect(modal).toContainText(`Son membre, son offre et ses conventions passeront à « ${keptName} » (SIRET ${spaced(keptSiret)}, Saint-Étienne).`);
  await expect(modal).toContainText("Cette fusion est définitive : elle ne peut pas être annulée.");
  await expectAccessible(page, "organismes : confirmation de la fusion");
  await shots(page, "dup-fusion-modal");
  await modal.getByRole("button", { name: "Fusionner définitivement" }).click();
  await expect(
    page.getByText(
      `Fusion faite : l'organisme « ${dupName} » est supprimé, tout passe à « ${keptName} » (1 membre déplacé, 1 offre déplacée et 0 convention déplacée).`,
    ),
  ).toBeVisible();
  await expect(page.getByText("1 organisme trouvé.")).toBeVisible();
  const keptRow = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${keptName} Entreprise,`) }) });
  await expect(keptRow.getByRole("cell")).toHaveText([/^Corriger/, spaced(keptSiret), "Saint-Étienne (42000)", "2", "1"]);
  await expectAccessible(page, "organismes : fusion faite");
  await shots(page, "dup-fusion-faite");

  // A ministry's target, for the journal below.
  await goTo(page, "Objectifs de la campagne");
  await page.getByLabel("Objectif d'un").selectOption("ministry");
  await page.getByLabel("Ministère", { exact: true }).selectOption({ index: 1 });
  const ministry = (await page.getByLabel("Ministère", { exact: true }).locator("option:checked").textContent())!.trim();
  await page.getByLabel("Offres attendues").fill("12");
  await page.getByLabel("dont offres publiques").fill("12");
  await page.getByLabel("dont offres privées").fill("0");
  await page.getByRole("button", { name: "Enregistrer l'objectif" }).click();
  await expect(page.getByText(`Objectif ${schoolYear().label} enregistré pour ${ministry} : 12 offres.`)).toBeVisible();

  // The journal names the merge, the correction and the ministry (not its id); its actor filter
  // lists the admin.
  await goTo(page, "Journal des actions");
  const journal = page.getByRole("table", { name: /^Actions des administrateurs/ });
  const rows = journal.locator("tbody tr");
  await expect(rows.nth(0).getByRole("rowheader")).toHaveText("Objectif de la campagne fixé");
  await expect(rows.nth(0).getByRole("cell").first()).toHaveText(`${ministry}, année ${schoolYear().label}`);
  await expect(rows.nth(1).getByRole("rowheader")).toHaveText("Organismes fusionnés");
  await expect(journal.getByText("Organisme corrigé").first()).toBeVisible();
  await expect(page.getByLabel("Administrateur").getByRole("option", { name: "Nadia Fontaine" })).toBeAttached();
  await page.getByLabel("Type d'action").selectOption({ label: "Organismes corrigés ou fusionnés" });
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(rows.nth(0).getByRole("rowheader")).toHaveText("Organismes fusionnés");
  await expect(journal.getByText("Objectif de la campagne fixé")).toHaveCount(0);
  await expectAccessible(page, "journal filtré");
  await shots(page, "dup-journal");

  // A school's name corrected (the directory's next import keeps it).
  await goTo(page, "Établissements scolaires");
  await expect(page.getByRole("heading", { level: 1, name: "Établissements scolaires" })).toBeVisible();
  await page.getByLabel("Rechercher un établissement").fill("0350027P");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("1 établissement trouvé.")).toBeVisible();
  await page.getByRole("button", { name: /^Corriger .* \(0350027P\)$/ }).click();
  await page.getByLabel("Nom de l'établissement").fill("Collège des Gayeulles");
  await page.getByLabel("Adresse").fill("140 boulevard de Vitré");
  await expectAccessible(page, "établissements : correction");
  await shots(page, "dup-etablissement-correction");
  await page.getByRole("button", { name: "Enregistrer la correction" }).click();
  await expect(
    page.getByText("Établissement corrigé : Collège des Gayeulles (0350027P), Rennes. Le prochain import de l'annuaire gardera cette correction."),
  ).toBeVisible();
  const schoolRow = page.getByRole("table", { name: "Établissements correspondant à « 0350027P »" }).getByRole("row", { name: /0350027P/ });
  await expect(schoolRow.getByRole("rowheader")).toHaveText("Collège des GayeullesUAI 0350027P");
  await expect(schoolRow.getByRole("cell").last()).toHaveText(/^Corrigé le \d{1,2}(er)? \p{L}+ \d{4}$/u);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  await expectAccessible(page, "établissements : correction faite");
  await shots(page, "dup-etablissement-corrige");
});

// Schools no other spec registers, far from Saint-Étienne; one pair per width (a regrouped UAI
// can never be registered again).
const schoolPairs: Record<string, { dup: string; dupName: string; kept: string; keptName: string }> = {
  mobile: { dup: "0421683B", dupName: "Collège Jules Ferry", kept: "0421684C", keptName: "Collège Albert Thomas" },
  desktop: { dup: "0421454C", dupName: "Collège Mario Meunier", kept: "0420012K", keptName: "Collège Le Palais" },
};

test("an admin regroups a school registered twice into the one kept, found by a second search", { tag: "@desktop" }, async ({ page, request }, info) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const pair = schoolPairs[info.project.name];
  await schoolWithPupil(request, pair.dup, `rgd${stamp}`, 5);
  await schoolWithPupil(request, pair.kept, `rgk${stamp}`, 5);

  await logInWithTotp(page, account("admin@demo.passerelle.fr"));
  await goTo(page, "Établissements scolaires");
  const search = async (q: string) => {
    await page.getByLabel("Rechercher un établissement").fill(q);
    await page.getByRole("button", { name: "Rechercher" }).click();
    await expect(page.getByText("1 établissement trouvé.")).toBeVisible();
  };
  await search(pair.dup);
  const dupRow = page.getByRole("row", { name: new RegExp(pair.dup) });
  await expect(dupRow.getByRole("cell")).toHaveText([/^Corriger.*Regrouper/, /\(42\d{3}\)$/, "Inscrit", "1", "1", "—"]);

  // The duplicate chosen; the school to keep is not among the results: a second search finds it.
  await page.getByRole("button", { name: `Regrouper ${pair.dupName} (${pair.dup}) avec un autre établissement` }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Regrouper ${pair.dupName} (${pair.dup})` })).toBeFocused();
  await expect(page.getByText("Aucun autre établissement dans les résultats : recherchez l'autre fiche ci-dessus.")).toBeVisible();
  await search(pair.kept);
  await page
    .getByRole("group", { name: /Établissement à conserver/ })
    .locator("label")
    .filter({ hasText: pair.kept })
    .click();
  await expectAccessible(page, "établissements : regroupement");
  await shots(page, "dup-regroupement-choix");
  await page.getByRole("button", { name: "Regrouper…" }).click();
  const modal = page.getByRole("dialog", { name: "Regrouper ces deux établissements ?" });
  await expect(modal).toContainText(`Tout passera de ${pair.dupName} (${pair.dup}) à ${pair.keptName} (${pair.kept}) : son équipe (1 personne)`);
  await expect(modal).toContainText("son élève, ses candidatures et ses conventions.");
  await expect(modal).toContainText(`L'UAI ${pair.dup} ne pourra plus être inscrit sur Passerelle.`);
  await expect(modal).toContainText("Ce regroupement est définitif : il ne peut pas être annulé.");
  await expectAccessible(page, "établissements : confirmation du regroupement");
  await modal.getByRole("button", { name: "Regrouper définitivement" }).click();
  await expect(
    page.getByText(
      `Regroupement fait de ${pair.dupName} (${pair.dup}) vers ${pair.keptName} (${pair.kept}) : 1 élève déplacé, 0 candidature déplacée, 0 convention déplacée et 1 classe fusionnée. L'UAI ${pair.dup} ne peut plus être inscrit.`,
    ),
  ).toBeVisible();
  await expect(
    page
      .getByRole("row", { name: new RegExp(pair.kept) })
      .getByRole("cell")
      .nth(4),
  ).toHaveText("2");
  await expectAccessible(page, "établissements : regroupement fait");
  await shots(page, "dup-regroupement-fait");

  // The old UAI says where it went and can no longer be regrouped.
  await search(pair.dup);
  await expect(dupRow.getByRole("cell").last()).toHaveText(`Regroupé avec ${pair.kept}`);
  await expect(page.getByRole("button", { name: /^Regrouper/ })).toHaveCount(0);
});
