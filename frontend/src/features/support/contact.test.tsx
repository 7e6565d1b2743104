import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { ContactPage } from "./ContactPage";

const pupil = {
  id: "p1",
  email: null,
  phone: "+33612345678",
  role: "student",
  first_name: "Inès",
  last_name: "Moreau",
  confirmed: true,
  created_at: "2026-09-01T08:00:00Z",
  totp_enabled: false,
  totp_required: false,
};

async function fill(name: RegExp, value: string) {
  await userEvent.type(screen.getByRole("textbox", { name }), value);
}

describe("ContactPage", () => {
  it("a visitor gives a name and an e-mail; the page it came from goes with the message", async () => {
    let sent: Record<string, unknown> = {};
    server.use(
      http.post("*/api/v1/support/tickets", async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({ id: "t1", reference: "4F2A-91C3" }, { status: 201 });
      }),
    );
    renderAt("/contact?depuis=%2Foffres%2F42", <ContactPage />);
    await screen.findByRole("textbox", { name: /^Nom et prénom/ });
    await fill(/^Nom et prénom/, "Claire Dumas");
    await fill(/^Adresse e-mail/, "claire@exemple.fr");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: /^Sujet/ }), "Une convention");
    await fill(/^Objet/, "Signature");
    await fill(/^Message/, "Le lien de signature ne s'ouvre pas.");
    await userEvent.click(screen.getByRole("button", { name: "Envoyer le message" }));
    expect(await screen.findByText("Votre demande n° 4F2A-91C3 est bien reçue")).toBeInTheDocument();
    expect(screen.getByText(/Une réponse arrive par e-mail à claire@exemple.fr/)).toBeInTheDocument();
    expect(sent).toEqual({
      category: "agreement",
      subject: "Signature",
      message: "Le lien de signature ne s'ouvre pas.",
      page: "/offres/42",
      name: "Claire Dumas",
      email: "claire@exemple.fr",
    });
  });

  it("puts the server's messages next to their fields", async () => {
    server.use(
      http.post("*/api/v1/support/tickets", () =>
        HttpResponse.json(
          { code: "VALIDATION_ERROR", message: "Certains champs sont invalides. Merci de les corriger.", fields: { email: ["Adresse e-mail invalide."] } },
          { status: 422 },
        ),
      ),
    );
    renderAt("/contact", <ContactPage />);
    await screen.findByRole("textbox", { name: /^Nom et prénom/ });
    await fill(/^Nom et prénom/, "Claire Dumas");
    await fill(/^Adresse e-mail/, "claire");
    await userEvent.selectOptions(screen.getByRole("combobox", { name: /^Sujet/ }), "Autre question");
    await fill(/^Objet/, "Question");
    await fill(/^Message/, "Bonjour.");
    await userEvent.click(screen.getByRole("button", { name: "Envoyer le message" }));
    expect(await screen.findByText("Certains champs sont invalides. Merci de les corriger.")).toBeInTheDocument();
    expect(screen.getByText("Adresse e-mail invalide.")).toBeInTheDocument();
  });

  it("a pupil signed in by phone is addressed with « tu » and asked only for an e-mail", async () => {
    window.localStorage.setItem("passerelle.session", "1");
    server.use(http.post("*/api/v1/auth/refresh", () => HttpResponse.json({ access_token: "t", token_type: "Bearer", expires_in: 900, user: pupil })));
    renderAt("/contact", <ContactPage />);
    expect(await screen.findByText(/Tu écris en tant que/)).toBeInTheDocument();
    expect(screen.getByText(/Écris-nous/)).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: /^Nom et prénom/ })).not.toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /^Adresse e-mail/ })).toBeInTheDocument();
    window.localStorage.removeItem("passerelle.session");
  });
});
