import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router-dom";
import { createQueryClient } from "../../api/query";
import { http, HttpResponse } from "msw";
import L from "leaflet";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { groupBySpot, OfferMap } from "./OfferMap";

const noTiles = () => server.use(http.get("*/api/v1/map-settings", () => HttpResponse.json({ tile_url: "", attribution: "" })));
const bakery = { id: "o1", title: "Boulangerie", latitude: 48.9, longitude: 2.4, distance_km: 3 };
const florist = { id: "o2", title: "Fleuriste", latitude: 48.9, longitude: 2.4, distance_km: 3 };
const garage = { id: "o3", title: "Garage", latitude: 48.8, longitude: 2.3, distance_km: 6 };

/** The map with a page for the offers' links: following one must change the route, not reload. */
function renderMap(points: (typeof bakery)[], action?: (p: typeof bakery) => React.ReactNode) {
  return render(
    <QueryClientProvider client={createQueryClient({ retry: false })}>
      <MemoryRouter initialEntries={["/recherche"]}>
        <Routes>
          <Route
            path="/recherche"
            element={<OfferMap points={points} center={[48.85, 2.35]} centerLabel="Collège Voltaire" radiusKm={10} popupAction={action} />}
          />
          <Route path="/offres/:id" element={<p>Page de l'offre</p>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe("OfferMap", () => {
  it("fits the offers with room for the zoom buttons: no mark under them on a phone", async () => {
    server.use(http.get("*/api/v1/map-settings", () => HttpResponse.json({ tile_url: "", attribution: "" })));
    // The test DOM has no layout: the fitting itself is Leaflet's, what it is asked is ours.
    const fit = vi.spyOn(L.Map.prototype, "fitBounds").mockImplementation(function (this: L.Map) {
      return this;
    });
    const point = { id: "o1", title: "Boulangerie", latitude: 48.9, longitude: 2.4, distance_km: 3 };
    renderAt("/", <OfferMap points={[point]} center={[48.85, 2.35]} centerLabel="Collège Voltaire" radiusKm={10} />);
    expect(await screen.findByText(/Le fond de carte n'a pas pu être chargé/)).toBeInTheDocument();
    expect(fit).toHaveBeenCalledTimes(1);
    const [bounds, options] = fit.mock.calls[0];
    expect((bounds as L.LatLngBounds).contains([48.85, 2.35])).toBe(true);
    // The zoom buttons: 10 px from the corner, 34 px wide, about 70 px tall.
    const topLeft = L.point(options?.paddingTopLeft ?? options?.padding ?? [0, 0]);
    expect(topLeft.x).toBeGreaterThanOrEqual(50);
    expect(topLeft.y).toBeGreaterThanOrEqual(76);
  });

  it("groups offers at one place, nearest place first", () => {
    const spots = groupBySpot([bakery, garage, { ...florist, latitude: 48.900001 }]);
    expect(spots.map((s) => s.points.map((p) => p.id))).toEqual([["o1", "o2"], ["o3"]]);
  });

  it("gives one mark per place, a button naming every offer there, opened from the keyboard", async () => {
    noTiles();
    vi.spyOn(L.Map.prototype, "fitBounds").mockImplementation(function (this: L.Map) {
      return this;
    });
    renderMap([bakery, florist, garage], (p) => <button type="button">Étoile {p.title}</button>);
    const region = screen.getByRole("region", { name: /^Carte des offres : / });
    const marks = within(region).getAllByRole("button", { name: /offre/i });
    expect(marks.map((m) => m.getAttribute("aria-label"))).toEqual([
      "2 offres au même endroit (3\u00a0km) : Boulangerie, Fleuriste",
      "Offre : Garage (6\u00a0km)",
    ]);
    // Tab reaches the marks; Enter opens the popup with both offers, and the focus goes into it.
    expect(marks[0]).toHaveAttribute("tabindex", "0");
    marks[0].focus();
    fireEvent.keyDown(marks[0], { key: "Enter", keyCode: 13 });
    fireEvent.keyPress(marks[0], { key: "Enter", keyCode: 13, charCode: 13 });
    const first = await screen.findByRole("link", { name: "Boulangerie (3\u00a0km)" });
    expect(screen.getByRole("link", { name: "Fleuriste (3\u00a0km)" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Étoile Fleuriste" })).toBeInTheDocument();
    expect(marks[0]).toHaveAttribute("aria-expanded", "true");
    await waitFor(() => expect(first).toHaveFocus());
    // Escape closes it and gives the focus back to the mark.
    fireEvent.keyDown(first, { key: "Escape" });
    await waitFor(() => expect(screen.queryByRole("link", { name: "Boulangerie (3\u00a0km)" })).not.toBeInTheDocument());
    expect(marks[0]).toHaveFocus();
    expect(marks[0]).toHaveAttribute("aria-expanded", "false");
    // Space opens it too.
    fireEvent.keyDown(marks[1], { key: " " });
    expect(await screen.findByRole("link", { name: "Garage (6\u00a0km)" })).toBeInTheDocument();
  });

  it("follows a popup's link inside the application", async () => {
    noTiles();
    vi.spyOn(L.Map.prototype, "fitBounds").mockImplementation(function (this: L.Map) {
      return this;
    });
    renderMap([bakery]);
    fireEvent.click(screen.getByRole("button", { name: "Offre : Boulangerie (3\u00a0km)" }));
    const link = await screen.findByRole("link", { name: "Boulangerie (3\u00a0km)" });
    expect(link).toHaveAttribute("href", "/offres/o1");
    await userEvent.click(link);
    // A router link: the page changed without a document load (a plain link would do nothing in jsdom).
    expect(await screen.findByText("Page de l'offre")).toBeInTheDocument();
  });
});
