import { expect, test } from "@playwright/test";
import { expectAccessible } from "../fixtures/a11y";
import { demoAccounts } from "../fixtures/accounts";
import { dataDir } from "../fixtures/paths";
import { logIn } from "../fixtures/session";

// Issue 26: a host renews an offer for the whole next school year from its home page; the draft
// carries every week of that year (deleted at the end: other specs read the demo host's offers).
test("the demo host renews an offer for the whole next school year", async ({ page, request }) => {
  const host = demoAccounts(dataDir).find((a) => a.role === "employer")!;
  const token = (
    await (
      await request.post("/api/v1/auth/login", {
        data: { identifier: host.email, password: host.password },
      })
    ).json()
  ).access_token;
  const headers = { Authorization: `Bearer ${token}` };
  const org = (await (await request.get("/api/v1/organisations/mine", { headers })).json())[0];
  const before: { id: string }[] = await (await request.get(`/api/v1/organisations/${org.id}/offers`, { headers })).json();
  let draft: { id: string; weeks: unknown[]; status: string; school_year: string } | undefined;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, host.email, host.password);
    await page
      .getByRole("button", {
        name: /^Renouveler pour toute l'année \d{4}-\d{4} « Découvrir les métiers de l'électricité »$/,
      })
      .first()
      .click();
    await expect(page.getByText(/Offre renouvelée pour toute l'année \d{4}-\d{4}/)).toBeVisible();
    await expectAccessible(page, "offre renouvelée pour l'année (téléphone)");
    const after: {
      id: string;
      weeks: unknown[];
      status: string;
      school_year: string;
    }[] = await (await request.get(`/api/v1/organisations/${org.id}/offers`, { headers })).json();
    draft = after.find((o) => !before.some((b) => b.id === o.id));
    expect(draft?.status).toBe("draft");
    expect(draft!.weeks.length).toBeGreaterThan(25);
  } finally {
    if (draft) expect((await request.delete(`/api/v1/offers/${draft.id}`, { headers })).status()).toBe(204);
  }
});
