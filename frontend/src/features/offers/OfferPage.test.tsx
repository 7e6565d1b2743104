import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
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

type Lodging = components["schemas"]["Lodging"];

const noLodging: Lodging = { far: false, boarding_houses: [] };

const boardingHouses: Lodging["boarding_houses"] = [
  {
    uai: "0421742R",
    name: "Lycée professionnel Tézenas du Montcel (internat)",
    address: "14 place Girodet",
    postal_code: "42000",
    city: "Saint-Etienne",
    distance_km: 1.2,
    places: 8,
    contact: "ce.0421742r@ac-lyon.fr",
  },
  {
    uai: "0420073B",
    name: "Lycée professionnel Jacob Holtzer (internat)",
    address: "5 rue Michelet",
    postal_code: "42704",
    city: "Firminy",
    distance_km: 11.5,
    places: null,
    contact: "04 77 10 11 12",
  },
  {
    uai: "0420001A",
    name: "Internat de la réussite",
    address: "1 rue du Lycée",
    postal_code: "42100",
    city: "Saint-Etienne",
    distance_km: 3,
    places: 1,
    contact: "https://internat.exemple.fr/stages",
  },
];

const farMessage =
  "Ce stage se trouve à environ 48 km de chez toi. As-tu bien pris en compte la distance à parcourir ainsi que les modalités liées au logement ? Parles-en avec ta famille et ton professeur principal : un internat proche peut parfois t'accueillir pendant la semaine.";

function signedInAs(role: string) {
  server.use(
    http.post("*/api/v1/auth/refresh", () =>
      HttpResponse.json({
        access_token: "t",
        token_type: "Bearer",
        expires_in: 900,
        user: {
          id: "p1",
          email: "ines@exemple.fr",
          phone: null,
          role,
          first_name: "Inès",
          last_name: "Moreau",
          confirmed: true,
          created_at: "2026-09-01T08:00:00Z",
          totp_enabled: false,
          totp_required: false,
        },
      }),
    ),
    // The pupil's star and apply block: not the subject here.
    http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json([])),
    http.get("*/api/v1/pupils/me", () => HttpResponse.json({ code: "NOT_FOUND", message: "Introuvable." }, { status: 404 })),
  );
}

/** The offer's page with this lodging answer; resolves once the lodging was asked for. */
function offerWithLodging(lodging: Lodging) {
  let asked = false;
  server.use(
    http.get("*/api/v1/offers/:id", () => HttpResponse.json(offer)),
    http.get("*/api/v1/offers/:id/lodging", () => {
      asked = true;
      return HttpResponse.json(lodging);
    }),
    http.get("*/api/v1/reference/sectors", () => HttpResponse.json([])),
  );
  renderAt("/offres/o1", <OfferPage />, "/offres/:offerId");
  return () => asked;
}

describe("OfferPage, far from home", () => {
  it("tells a pupil far away how far, asks the guide's question and lists the boarding houses with their contacts", async () => {
    signedInAs("student");
    offerWithLodging({ distance_km: 47.6, distance_from: "home", far: true, message: farMessage, boarding_houses: boardingHouses });
    expect(await screen.findByText("À environ 48 km de chez toi")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 3, name: "Le trajet et le logement" })).toBeInTheDocument();
    expect(screen.getByText(farMessage)).toBeInTheDocument();
    const section = screen.getByRole("region", { name: "Internats proches" });
    const items = within(section).getAllByRole("listitem");
    expect(items).toHaveLength(3);
    expect(items[0]).toHaveTextContent("Lycée professionnel Tézenas du Montcel (internat)");
    expect(items[0]).toHaveTextContent("14 place Girodet, 42000 Saint-Etienne");
    expect(items[0]).toHaveTextContent("À 1,2 km du lieu de stage · 8 places pour les élèves en stage");
    expect(within(items[0]).getByRole("link", { name: "ce.0421742r@ac-lyon.fr" })).toHaveAttribute("href", "mailto:ce.0421742r@ac-lyon.fr");
    // Places unknown: not written.
    expect(items[1]).toHaveTextContent("À 11,5 km du lieu de stage");
    expect(items[1]).not.toHaveTextContent("places");
    expect(within(items[1]).getByRole("link", { name: "04 77 10 11 12" })).toHaveAttribute("href", "tel:0477101112");
    expect(items[2]).toHaveTextContent("1 place pour les élèves en stage");
    const site = within(items[2]).getByRole("link", { name: "internat.exemple.fr (site de l'internat, nouvelle fenêtre)" });
    expect(site).toHaveAttribute("href", "https://internat.exemple.fr/stages");
    expect(site).toHaveAttribute("target", "_blank");
  });

  it("tells a pupil close by how far from their school, without the question", async () => {
    signedInAs("student");
    offerWithLodging({ distance_km: 2.4, distance_from: "school", far: false, boarding_houses: [] });
    expect(await screen.findByText("À environ 2 km de ton collège")).toBeInTheDocument();
    expect(screen.queryByText("Le trajet et le logement")).toBeNull();
    expect(screen.queryByRole("region", { name: "Internats proches" })).toBeNull();
  });

  it("shows a visitor the boarding houses, without any distance", async () => {
    offerWithLodging({ far: false, boarding_houses: boardingHouses.slice(0, 1) });
    const section = await screen.findByRole("region", { name: "Internats proches" });
    expect(within(section).getAllByRole("listitem")).toHaveLength(1);
    expect(screen.queryByText(/de chez toi|de ton collège/)).toBeNull();
    expect(screen.queryByText("Le trajet et le logement")).toBeNull();
  });

  it("says nothing to a visitor when no boarding house is near", async () => {
    const asked = offerWithLodging(noLodging);
    expect(await screen.findByRole("heading", { level: 1, name: "Découvrir l'électricité" })).toBeInTheDocument();
    await waitFor(() => expect(asked()).toBe(true));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole("region", { name: "Internats proches" })).toBeNull();
    expect(screen.queryByText(/km/)).toBeNull();
  });
});

describe("OfferPage", () => {
  it("links to the ONISEP's sheets of the offer's sector, in a new window", async () => {
    const url = "https://www.onisep.fr/Decouvrir-les-metiers/Des-metiers-par-secteur/Batiment-et-travaux-publics";
    server.use(
      http.get("*/api/v1/offers/:id", () => HttpResponse.json(offer)),
      http.get("*/api/v1/offers/:id/lodging", () => HttpResponse.json(noLodging)),
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
      http.get("*/api/v1/offers/:id/lodging", () => HttpResponse.json(noLodging)),
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
