import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { LoginPage } from "./LoginPage";
import { SignupPage } from "./SignupPage";
import { ConfirmPage } from "./ConfirmPage";

const me = {
  id: "01935a2e-7c4a-7d2e-9b1c-2f1e3a4b5c6d",
  email: "ines@exemple.fr",
  phone: null,
  role: "student",
  staff_function: null,
  scope: null,
  first_name: "Inès",
  last_name: "Moreau",
  confirmed: true,
  pending_email: null,
  created_at: "2026-11-23T10:00:00",
};

describe("LoginPage", () => {
  it("shows the server's French message when the password is wrong", async () => {
    server.use(
      http.post("*/api/v1/auth/login", () =>
        HttpResponse.json({ code: "INVALID_CREDENTIALS", message: "Identifiant ou mot de passe incorrect." }, { status: 401 }),
      ),
    );
    renderAt("/connexion", <LoginPage />);
    await userEvent.type(screen.getByLabelText("Adresse e-mail ou numéro de mobile"), "ines@exemple.fr");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "mauvais");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Identifiant ou mot de passe incorrect.");
  });

  it("asks for the cookie session and goes to the role's space", async () => {
    let sent: unknown = null;
    server.use(
      http.post("*/api/v1/auth/login", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json({ access_token: "jwt", token_type: "Bearer", expires_in: 900, refresh_token: null, user: me });
      }),
    );
    renderAt("/connexion", <LoginPage />);
    await userEvent.type(screen.getByLabelText("Adresse e-mail ou numéro de mobile"), "ines@exemple.fr");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "un-mot-de-passe-solide");
    await userEvent.click(screen.getByRole("button", { name: "Se connecter" }));
    expect(await screen.findByText("Espace atteint")).toBeInTheDocument();
    expect(sent).toEqual({ identifier: "ines@exemple.fr", password: "un-mot-de-passe-solide", use_cookie: true });
  });
});

describe("SignupPage", () => {
  it("asks staff for their function only", async () => {
    renderAt("/inscription", <SignupPage />);
    expect(screen.queryByLabelText("Votre fonction dans l'établissement")).not.toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Personnel d'établissement"));
    expect(screen.getByLabelText("Votre fonction dans l'établissement")).toBeInTheDocument();
  });

  it("says tu to a pupil and vous to an adult, before and after sending", async () => {
    server.use(http.post("*/api/v1/auth/signup", () => HttpResponse.json({}, { status: 201 })));
    renderAt("/inscription", <SignupPage />);
    expect(screen.getByRole("group", { name: "Je suis" })).toBeInTheDocument();
    expect(screen.getByRole("group", { name: "Comment veux-tu confirmer ton compte ?" })).toBeInTheDocument();
    expect(screen.getByText("Ton mot de passe doit contenir :")).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Organisme d'accueil"));
    expect(screen.getByRole("group", { name: "Comment voulez-vous confirmer votre compte ?" })).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText("Élève"));
    await userEvent.type(screen.getByLabelText("Prénom"), "Zoé");
    await userEvent.type(screen.getByLabelText("Nom"), "Lefèvre");
    await userEvent.type(screen.getByLabelText(/Adresse e-mail/), "zoe@exemple.fr");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "un-mot-de-passe-solide");
    await userEvent.click(screen.getByRole("button", { name: "Créer mon compte" }));
    expect(await screen.findByText("Vérifie ta boîte e-mail")).toBeInTheDocument();
    expect(screen.getByText("Nous t'avons envoyé un message à zoe@exemple.fr : suis-le pour continuer.")).toBeInTheDocument();
  });

  it("puts each field error next to its field", async () => {
    server.use(
      http.post("*/api/v1/auth/signup", () =>
        HttpResponse.json(
          { code: "CONFLICT", message: "Un compte existe déjà avec cette adresse e-mail.", fields: { email: ["Adresse déjà utilisée."] } },
          { status: 409 },
        ),
      ),
    );
    renderAt("/inscription", <SignupPage />);
    await userEvent.type(screen.getByLabelText("Prénom"), "Inès");
    await userEvent.type(screen.getByLabelText("Nom"), "Moreau");
    await userEvent.type(screen.getByLabelText(/Adresse e-mail/), "ines@exemple.fr");
    await userEvent.type(screen.getByLabelText("Mot de passe"), "un-mot-de-passe-solide");
    await userEvent.click(screen.getByRole("button", { name: "Créer mon compte" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Un compte existe déjà avec cette adresse e-mail.");
    expect(screen.getByText("Adresse déjà utilisée.")).toBeInTheDocument();
  });

  it("renders what people type as text, never as markup", async () => {
    server.use(
      http.post("*/api/v1/auth/signup", () =>
        HttpResponse.json({ code: "VALIDATION_ERROR", message: "<img src=x onerror=alert(1)>", fields: {} }, { status: 422 }),
      ),
    );
    const { container } = renderAt("/inscription", <SignupPage />);
    await userEvent.type(screen.getByLabelText("Prénom"), "x");
    await userEvent.click(screen.getByRole("button", { name: "Créer mon compte" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("<img src=x onerror=alert(1)>");
    expect(container.querySelector("img[src='x']")).toBeNull();
  });
});

describe("ConfirmPage", () => {
  it("confirms from the token in the link, once", async () => {
    let calls = 0;
    server.use(
      http.post("*/api/v1/auth/confirm", async ({ request }) => {
        calls += 1;
        expect(await request.json()).toEqual({ token: "abc" });
        return HttpResponse.json(me);
      }),
    );
    renderAt("/confirmation?token=abc", <ConfirmPage />, "/confirmation");
    expect(await screen.findByText("Votre compte est confirmé")).toBeInTheDocument();
    await waitFor(() => expect(calls).toBe(1));
  });
});
