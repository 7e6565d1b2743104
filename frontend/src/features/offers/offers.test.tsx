import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { OfferFormPage } from "./OfferForm";

describe("OfferFormPage", () => {
  it("walks the steps and brings the host back to the step of a field the server refused", async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json([{ id: "s10", name: "Bâtiment et travaux publics (BTP)", onisep_url: null }])),
      http.get("*/api/v1/school-years/:year", () => HttpResponse.json({ school_year: "2026-2027", seconde_weeks: [], set_by_admin: false, updated_at: null })),
      // A new offer starts at the organisation's address; the weeks show the schools around.
      http.get("*/api/v1/organisations/:org", () =>
        HttpResponse.json({
          id: "o1",
          name: "Martin Électricité",
          siret: "73282932000074",
          kind: "company",
          is_public: false,
          address: "3 rue de la Paix",
          postal_code: "42000",
          city: "Saint-Étienne",
          latitude: 45.43,
          longitude: 4.39,
        }),
      ),
      http.get("*/api/v1/school-weeks/around", () =>
        HttpResponse.json({
          school_year: "2026-2027",
          grade_family: "college",
          radius_km: 30,
          weeks: [
            {
              week: "2027-W05",
              schools: [{ uai: "0420916T", name: "Collège Puits de La Loire", commune_name: "Saint-Étienne", distance_km: 1.2, classes: 2, pupils: 48 }],
            },
          ],
        }),
      ),
      http.post("*/api/v1/organisations/:org/offers", ({ request }) => {
        keys.push(request.headers.get("Idempotency-Key"));
        return HttpResponse.json(
          { code: "VALIDATION_ERROR", message: "Certains champs sont invalides.", fields: { title: ["150 caractères au plus."] } },
          { status: 422 },
        );
      }),
    );
    renderAt("/organismes/o1/offres/nouvelle", <OfferFormPage />, "/organismes/:orgId/offres/nouvelle");
    // A required field stops the first step, at the field.
    await userEvent.click(await screen.findByRole("button", { name: "Étape suivante" }));
    expect(screen.getAllByText("Ce champ est obligatoire.").length).toBeGreaterThan(0);
    await userEvent.type(screen.getByLabelText(/Titre de l'offre/), "Découvrir l'électricité");
    await userEvent.type(screen.getByLabelText(/Description/), "Une semaine sur les chantiers avec l'équipe.");
    await userEvent.selectOptions(screen.getByLabelText("Secteur d'activité"), "s10");
    await userEvent.type(screen.getByLabelText(/^Métiers observés/), "Électricien");
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    expect(await screen.findByText("Étape « L'offre » complète.")).toBeInTheDocument();
    expect(screen.getByLabelText("Adresse du stage")).toHaveValue("3 rue de la Paix");
    expect(screen.getByLabelText("Commune")).toHaveValue("Saint-Étienne");
    for (const [label, value] of [
      ["Nom du tuteur ou de la tutrice", "Paul Martin"],
      ["Fonction du tuteur", "Chef d'équipe"],
      ["E-mail du tuteur", "paul@exemple.fr"],
      ["Téléphone du tuteur", "0477000000"],
    ]) {
      await userEvent.type(screen.getByLabelText(label), value);
    }
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    expect(await screen.findByText("Choisie par 1 établissement proche (Collège Puits de La Loire) : 48 élèves")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    await userEvent.click(screen.getByRole("button", { name: "Vérifier" }));
    // The summary: everything entered, read-only, nothing sent yet.
    expect(await screen.findByRole("heading", { name: "Lieu et tuteur" })).toBeInTheDocument();
    expect(screen.getByText("3 rue de la Paix, 42000 Saint-Étienne")).toBeInTheDocument();
    expect(screen.getByText("Paul Martin, Chef d'équipe")).toBeInTheDocument();
    expect(keys).toHaveLength(0);
    await userEvent.click(screen.getByRole("button", { name: "Publier l'offre" }));
    // Back on step 1 with the message at the title; the same key on a second try.
    expect(await screen.findByText("150 caractères au plus.")).toBeInTheDocument();
    expect(screen.getByLabelText(/Titre de l'offre/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    await userEvent.click(screen.getByRole("button", { name: "Étape suivante" }));
    await userEvent.click(screen.getByRole("button", { name: "Vérifier" }));
    await userEvent.click(screen.getByRole("button", { name: "Publier l'offre" }));
    await screen.findByText("150 caractères au plus.");
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    // Many typed fields: slow on a busy machine.
  }, 20_000);
});
