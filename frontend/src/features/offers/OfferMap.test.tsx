import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import L from "leaflet";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import { OfferMap } from "./OfferMap";

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
});
