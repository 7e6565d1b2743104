import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { Me } from "../../api/client";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { AccountPage } from "./AccountPage";

const referent = {
  id: "r1",
  email: "referent.loire@prefecture.gouv.fr",
  phone: null,
  role: "referent",
  staff_function: null,
  scope: { kind: "department", code: "42" },
  first_name: "Claire",
  last_name: "Durand",
  totp_enabled: true,
} as unknown as Me;

function signedInAs(user: Me) {
  localStorage.setItem("passerelle.session", "1");
  server.use(http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", user })));
}

describe("the weekly figures by e-mail", () => {
  it("lets a referent opt out, and says so", async () => {
    signedInAs(referent);
    let sent: unknown = null;
    server.use(
      http.get("*/api/v1/me/kpi-email", () => HttpResponse.json({ subscribed: true })),
      http.put("*/api/v1/me/kpi-email", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ subscribed: false });
      }),
    );
    renderAt("/compte", <AccountPage />);
    const toggle = await screen.findByRole("checkbox", { name: /Recevoir chaque lundi les chiffres/ });
    expect(toggle).toBeChecked();
    await userEvent.click(toggle);
    await waitFor(() => expect(sent).toEqual({ subscribed: false }));
    expect(await screen.findByRole("status")).toHaveTextContent("Vous ne recevrez plus ce courriel.");
    expect(toggle).not.toBeChecked();
  });

  it("is not offered to pupils", async () => {
    signedInAs({ ...referent, role: "student", scope: null } as unknown as Me);
    let asked = false;
    server.use(
      http.get("*/api/v1/me/kpi-email", () => {
        asked = true;
        return HttpResponse.json({ subscribed: true });
      }),
    );
    renderAt("/compte", <AccountPage />);
    expect(await screen.findByRole("heading", { name: "Mon compte" })).toBeInTheDocument();
    expect(screen.queryByText(/Recevoir chaque lundi/)).not.toBeInTheDocument();
    expect(asked).toBe(false);
  });
});
