import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { loginError } from "./LoginPage";
import { UnlockPage } from "./UnlockPage";

describe("UnlockPage", () => {
  it("unlocks with the link's token, once", async () => {
    const tokens: string[] = [];
    server.use(
      http.post("*/api/v1/auth/unlock", async ({ request }) => {
        tokens.push(((await request.json()) as { token: string }).token);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderAt("/compte/deverrouiller?token=abcdefghijklmnop", <UnlockPage />);
    expect(await screen.findByText("Votre compte est déverrouillé : vous pouvez vous connecter.")).toBeInTheDocument();
    // (DSFR buttons are links once main.tsx registers the router with the DSFR.)
    expect(screen.getByText("Se connecter")).toBeInTheDocument();
    expect(tokens).toEqual(["abcdefghijklmnop"]);
  });

  it("shows the server's message for a used or expired link, with the way out", async () => {
    server.use(
      http.post("*/api/v1/auth/unlock", () =>
        HttpResponse.json({ code: "TOKEN_INVALID", message: "Ce lien n'est plus valable : il a déjà servi ou a expiré." }, { status: 400 }),
      ),
    );
    renderAt("/compte/deverrouiller?token=abcdefghijklmnop", <UnlockPage />);
    expect(await screen.findByText("Ce lien n'est plus valable : il a déjà servi ou a expiré.")).toBeInTheDocument();
    expect(screen.getByText("Mot de passe oublié")).toBeInTheDocument();
  });
});

describe("loginError", () => {
  it("names the lock and the short wait, with the server's words", () => {
    expect(loginError({ status: 429, code: "ACCOUNT_LOCKED", message: "Trop de tentatives." })).toEqual({
      title: "Compte verrouillé",
      text: "Trop de tentatives.",
      locked: true,
    });
    expect(loginError({ status: 429, code: "TOO_MANY_ATTEMPTS", message: "Patientez." }).title).toBe("Patientez quelques secondes");
    expect(loginError({ status: 401, code: "INVALID_CREDENTIALS", message: "Identifiant ou mot de passe incorrect." }).title).toBe("Connexion impossible");
  });
});
