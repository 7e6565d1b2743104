import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { SearchPage } from "./SearchPage";

// Leaflet needs a real layout engine: the map is checked in the browser (e2e/tests/public.spec.ts).
vi.mock("./OfferMap", () => ({ OfferMap: ({ centerLabel }: { centerLabel: string }) => <p>Carte autour : {centerLabel}</p> }));

const commune = (department_code: string, latitude: number, longitude: number) => ({
  insee_code: "00000",
  name: "Saint-Denis",
  kind: "COM",
  postal_codes: [],
  department_code,
  latitude,
  longitude,
});

describe("SearchPage", () => {
  it("asks which Saint-Denis, then searches around the one chosen and states the radius", async () => {
    const searched: string[] = [];
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json([])),
      http.get("*/api/v1/reference/communes", () => HttpResponse.json([commune("974", -20.9, 55.4), commune("93", 48.9, 2.3)])),
      http.get("*/api/v1/offers", ({ request }) => {
        searched.push(new URL(request.url).search);
        return HttpResponse.json({
          items: [],
          next_cursor: null,
          center_lat: 48.9,
          center_lon: 2.3,
          radius_km: 30,
          weeks: [],
          school_year: "2026-2027",
          grade_family: null,
          fallback: false,
        });
      }),
      http.get("*/api/v1/offers/map", () => HttpResponse.json([])),
    );
    renderAt("/offres?rayon=30", <SearchPage />, "/offres");
    await userEvent.type(screen.getByLabelText(/Commune ou code postal/), "saint-denis");
    await userEvent.click(screen.getByRole("button", { name: "Rechercher" }));
    const question = await screen.findByRole("heading", { name: "Plusieurs communes s'appellent Saint-Denis : laquelle ?" });
    expect(question).toHaveFocus();
    expect(searched).toEqual([]);
    await userEvent.click(screen.getByRole("button", { name: "Saint-Denis (93)" }));
    expect(await screen.findByText("Aucune offre pour l'instant dans ce périmètre (dans un rayon de 30 km autour de Saint-Denis (93)).")).toBeInTheDocument();
    expect(searched).toEqual(["?lat=48.9&lon=2.3&radius_km=30"]);
    expect(screen.getByLabelText(/Commune ou code postal/)).toHaveValue("Saint-Denis (93)");
    // The map comes with its own chunk (Leaflet), after the list.
    expect(await screen.findByText("Carte autour : Lieu recherché : Saint-Denis (93)")).toBeInTheDocument();
  });
});
