import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { LoginPage } from "./LoginPage";
import { grouped } from "./TotpPage";

const admin = {
  id: "01935a2e-7c4a-7d2e-9b1c-2f1e3a4b5c6d",
  email: "admin@exemple.fr",
  phone: null,
  role: "admin",
  staff_function: null,
  scope: null,
  first_name: "Nadia",
  last_name: "Fontaine",
  confirmed: true,
  pending_email: null,
  created_at: "2026-11-23T10:00:00",
  totp_enabled: true,
  totp_required: false,
};

describe("two-factor sign-in", () => {
  it("asks for the app's code when the server wants it, then signs in", async () => {
    const bodies: Record<string, unknown>[] = [];
    server.use(
      http.post("*/api/v1/auth/login", async ({ request }) => {
        const body = (await request.json()) as Record<string, unknown>;
        bodies.push(body);
        if (!body.totp_code)
          return HttpResponse.json({ code: "TOTP_REQUIRED", message: "Saisissez le code.", fields: { totp_code: ["Code attendu."] } }, { status: 401 });
        return HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, refresh_token: null, user: admin });
      }),
    );
    renderAt("/connexion", <LoginPage />);
    await userEvent.type(screen.getByLabelText("Adresse e-mail ou numéro de mobile"), "admin@exemple.fr");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "Passerelle-demo-2026");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    const codeField = await screen.findByLabelText(/Code de votre application d'authentification/);
    expect(screen.queryByRole("alert")).toBeNull();
    await userEvent.type(codeField, "123456");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    expect(await screen.findByText("Espace atteint")).toBeInTheDocument();
    expect(bodies.map((b) => b.totp_code)).toEqual([undefined, "123456"]);
  });

  it("shows the secret in groups of four", () => {
    expect(grouped("PASSERELLEDEMOTOTP")).toBe("PASS EREL LEDE MOTO TP");
  });
});
