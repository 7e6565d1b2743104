import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { OfferPage } from "./OfferPage";

const offer = {
  id: "o1",
  title: "Découvrir l'électricité",
  description: "Une semaine sur les chantiers.",
  jobs: "Électricien",
  activities: "",
  organisation_name: "Atelier Lumière",
  sector: { id: "s10", name: "Bâtiment et travaux publics (BTP)" },
  grade_family: "college",
  status: "published",
  group_mode: "individual",
  mine: false,
  weeks: [],
  two_weeks_only: false,
  schedule: [],
  address: "3 rue de la Paix",
  postal_code: "42000",
  city: "Saint-Étienne",
  tutor_name: "Paul Martin",
  tutor_function: "Chef d'équipe",
  lunch: "none",
  accessibility: "",
  practical_info: "",
  partner_link: null,
};

describe("OfferPage", () => {
  it("links to the ONISEP's sheets of the offer's sector, in a new window", async () => {
    const url = "https://www.onisep.fr/Decouvrir-les-metiers/Des-metiers-par-secteur/Batiment-et-travaux-publics";
    server.use(
      http.get("*/api/v1/offers/:id", () => HttpResponse.json(offer)),
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json([{ id: "s10", name: "Bâtiment et travaux publics (BTP)", onisep_url: url }])),
    );
    renderAt("/offres/o1", <OfferPage />, "/offres/:offerId");
    const link = await screen.findByRole("link", { name: "Découvrir les métiers du secteur sur ONISEP (nouvelle fenêtre)" });
    expect(link).toHaveAttribute("href", url);
    expect(link).toHaveAttribute("target", "_blank");
    expect(link.getAttribute("rel")).toContain("noopener");
  });

  it("has no such link for a sector without sheets", async () => {
    let answered = false;
    server.use(
      http.get("*/api/v1/offers/:id", () => HttpResponse.json(offer)),
      http.get("*/api/v1/reference/sectors", () => {
        answered = true;
        return HttpResponse.json([{ id: "s10", name: "Bâtiment et travaux publics (BTP)", onisep_url: null }]);
      }),
    );
    renderAt("/offres/o1", <OfferPage />, "/offres/:offerId");
    expect(await screen.findByRole("heading", { level: 1, name: "Découvrir l'électricité" })).toBeInTheDocument();
    await waitFor(() => expect(answered).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole("link", { name: /ONISEP/ })).toBeNull();
  });
});
