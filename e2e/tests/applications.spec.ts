import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { waitForMailContaining } from "../fixtures/mail";
import { outboxDir } from "../fixtures/paths";
import { hostWithOffer, schoolWithPupil } from "../fixtures/schools";
import { logIn } from "../fixtures/session";

const SCHOOL = "0421172W"; // Collège François Truffaut, Rive-de-Gier

test("a pupil applies to two offers on one week, confirms the one accepted, and the other is withdrawn", async ({ page, request }) => {
  test.setTimeout(180_000);
  const stamp = Date.now();
  const a = await hostWithOffer(request, `a${stamp}`, `Atelier électricité ${stamp}`, "41087291000014", 3);
  const b = await hostWithOffer(request, `b${stamp}`, `Bureau d'études ${stamp}`, "41087291000022", 3);
  const { pupilEmail } = await schoolWithPupil(request, SCHOOL, `cand${stamp}`, 3);

  // The pupil applies to both, from the offer pages.
  await logIn(page, pupilEmail);
  for (const offer of [a, b]) {
    await page.goto(`/offres/${offer.id}`);
    await page.getByLabel("Ma lettre de motivation").fill("J'aime comprendre comment les choses fonctionnent et travailler en équipe.");
    await page.getByRole("button", { name: "Envoyer ma candidature" }).click();
    await expect(page.getByText("Candidature envoyée")).toBeVisible();
  }
  await expectAccessible(page, "offre avec candidature");

  // Host A accepts.
  await logIn(page, a.email);
  await page.getByRole("link", { name: /Candidatures \(1\)/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Candidatures/ })).toBeVisible();
  await page.getByRole("button", { name: /^Accepter/ }).click();
  await expect(page.getByText(/acceptée\./)).toBeVisible();
  await expectAccessible(page, "candidatures de l'offre");

  // The pupil confirms A; B shows "withdrawn".
  await logIn(page, pupilEmail);
  await page.getByRole("link", { name: "Mes candidatures" }).click();
  await page.getByRole("button", { name: /^Confirmer ce stage/ }).click();
  await expect(page.getByText(/confirmé !/)).toBeVisible();
  const cardB = page.locator("li", { has: page.getByRole("link", { name: `Bureau d'études ${stamp}` }) });
  await expect(cardB.getByText("Retirée", { exact: true })).toBeVisible();
  await expectAccessible(page, "mes candidatures");

  // Host B was told by mail.
  const mail = await waitForMailContaining(outboxDir, b.email, "choisi un autre stage");
  expect(mail).toContain(`Bureau d'études ${stamp}`);
});
