import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { server } from "../../test/server";
import { renderAt } from "../../test/render";
import type { components } from "../../api/client";
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

type Hit = components["schemas"]["OfferHit"];
const hit = (id: string, title: string, over: Partial<Hit> = {}): Hit => ({
  id,
  title,
  organisation_name: "Atelier Lumière",
  sector: { id: "s10", name: "Bâtiment et travaux publics (BTP)" },
  city: "Saint-Étienne",
  latitude: 45.4,
  longitude: 4.4,
  distance_km: 2,
  grade_family: "college",
  group_mode: "individual",
  rep_only: false,
  reserved: false,
  weeks: [],
  ...over,
});

const answer = (over: Record<string, unknown> = {}) => ({
  items: [],
  next_cursor: null,
  center_lat: 45.4,
  center_lon: 4.4,
  radius_km: 30,
  weeks: [],
  school_year: "2026-2027",
  grade_family: null,
  fallback: false,
  priority: [],
  ...over,
});

const sectors = [
  { id: "s10", name: "Bâtiment et travaux publics (BTP)", onisep_url: null },
  { id: "s20", name: "Électronique", onisep_url: null },
  { id: "s31", name: "Informatique et réseaux", onisep_url: null },
];

function signedInAsPupil() {
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
          role: "student",
          first_name: "Inès",
          last_name: "Moreau",
          confirmed: true,
          created_at: "2026-09-01T08:00:00Z",
          totp_enabled: false,
          totp_required: false,
        },
      }),
    ),
    http.get("*/api/v1/pupils/me/favourites", () => HttpResponse.json([])),
  );
}

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

  it("suggests while typing (a combobox): a sector chosen joins the sectors, a job becomes the keyword", async () => {
    const searched: URLSearchParams[] = [];
    const asked: string[] = [];
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json(sectors)),
      http.get("*/api/v1/reference/communes", () => HttpResponse.json([commune("93", 48.9, 2.3)])),
      http.get("*/api/v1/offers/suggestions", ({ request }) => {
        const q = new URL(request.url).searchParams.get("q") ?? "";
        asked.push(q);
        return HttpResponse.json([
          { text: "Électronique", kind: "sector", sector_id: "s20", offers: 0 },
          { text: "Électricien", kind: "job", sector_id: null, offers: 3 },
        ]);
      }),
      http.get("*/api/v1/offers", ({ request }) => {
        searched.push(new URL(request.url).searchParams);
        return HttpResponse.json(answer());
      }),
      http.get("*/api/v1/offers/map", () => HttpResponse.json([])),
    );
    renderAt("/offres?lieu=Saint-Denis+%2893%29&secteur=s10", <SearchPage />, "/offres");
    const field = screen.getByRole("combobox", { name: /Mot-clé/ });
    expect(field).toHaveAttribute("aria-expanded", "false");
    // One letter: nothing asked.
    await userEvent.type(field, "é");
    await userEvent.type(field, "lec");
    const list = await screen.findByRole("listbox");
    expect(field).toHaveAttribute("aria-expanded", "true");
    expect(field).toHaveAttribute("aria-controls", list.id);
    // Typing fast asks once, when typing pauses.
    expect(asked).toEqual(["élec"]);
    expect(
      within(list)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Électronique, Secteur", "Électricien, Métier · 3 offres"]);
    expect(await screen.findByText("2 suggestions, flèches haut et bas pour les parcourir.")).toBeInTheDocument();

    // Arrows move in the list, Escape closes it without clearing the field.
    await userEvent.keyboard("{ArrowDown}");
    const first = within(list).getByRole("option", { name: /Électronique/ });
    expect(first).toHaveAttribute("aria-selected", "true");
    expect(field).toHaveAttribute("aria-activedescendant", first.id);
    await userEvent.keyboard("{ArrowDown}{ArrowDown}");
    expect(first).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{ArrowUp}");
    expect(within(list).getByRole("option", { name: /Électricien/ })).toHaveAttribute("aria-selected", "true");
    await userEvent.keyboard("{Escape}");
    expect(field).toHaveAttribute("aria-expanded", "false");
    expect(field).toHaveValue("élec");

    // Enter on a sector: added to the sectors (the keyword goes), searched at once.
    await userEvent.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    await waitFor(() => expect(searched.at(-1)?.get("sectors")).toBe("s10,s20"));
    expect(searched.at(-1)?.get("q")).toBeNull();
    expect(field).toHaveValue("");
    expect(screen.getByRole("button", { name: "Retirer Électronique" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retirer Bâtiment et travaux publics (BTP)" })).toBeInTheDocument();

    // A click on a job: the keyword.
    await userEvent.type(field, "elec");
    await waitFor(() => expect(asked).toEqual(["élec", "elec"]));
    await userEvent.click(await screen.findByRole("option", { name: /Électricien/ }));
    await waitFor(() => expect(searched.at(-1)?.get("q")).toBe("Électricien"));
    expect(searched.at(-1)?.get("sectors")).toBe("s10,s20");
    expect(field).toHaveAttribute("aria-expanded", "false");
    // Typed again, a text asked before comes from the cache.
    await userEvent.clear(field);
    await userEvent.type(field, "élec");
    expect(await screen.findByRole("option", { name: /Électronique/ })).toBeInTheDocument();
    expect(asked).toEqual(["élec", "elec"]);
    // Much typing: slow on a busy machine.
  }, 20_000);

  it("takes several sectors from the list and gives each one back with its tag", async () => {
    const searched: URLSearchParams[] = [];
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json(sectors)),
      http.get("*/api/v1/reference/communes", () => HttpResponse.json([commune("93", 48.9, 2.3)])),
      http.get("*/api/v1/offers", ({ request }) => {
        searched.push(new URL(request.url).searchParams);
        return HttpResponse.json(answer());
      }),
      http.get("*/api/v1/offers/map", () => HttpResponse.json([])),
    );
    renderAt("/offres?lieu=Saint-Denis+%2893%29", <SearchPage />, "/offres");
    const list = screen.getByLabelText(/^Secteurs/);
    await screen.findByRole("option", { name: "Électronique" });
    await userEvent.selectOptions(list, "s31");
    await userEvent.selectOptions(list, "s10");
    // A sector chosen leaves the list.
    expect(within(list).queryByRole("option", { name: "Informatique et réseaux" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Rechercher" }));
    await waitFor(() => expect(searched.at(-1)?.get("sectors")).toBe("s31,s10"));
    await userEvent.click(screen.getByRole("button", { name: "Retirer Informatique et réseaux" }));
    expect(list).toHaveFocus();
    await userEvent.click(screen.getByRole("button", { name: "Rechercher" }));
    await waitFor(() => expect(searched.at(-1)?.get("sectors")).toBe("s10"));
  }, 20_000);

  it("shows a pupil the offers kept for them first, with their badge, and once only", async () => {
    signedInAsPupil();
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json(sectors)),
      http.get("*/api/v1/offers", () =>
        HttpResponse.json(
          answer({
            priority: [hit("a", "Découvrir la menuiserie", { reserved: true }), hit("b", "Découvrir la boulangerie", { rep_only: true, distance_km: 4 })],
            items: [hit("c", "Découvrir l'électricité", { distance_km: 3 }), hit("b", "Découvrir la boulangerie", { rep_only: true, distance_km: 4 })],
          }),
        ),
      ),
      http.get("*/api/v1/offers/map", () => HttpResponse.json([])),
    );
    renderAt("/offres", <SearchPage />, "/offres");
    const kept = await screen.findByRole("region", { name: "Réservées pour toi" });
    expect(
      within(kept)
        .getAllByRole("heading", { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(["Découvrir la menuiserie", "Découvrir la boulangerie"]);
    expect(within(kept).getByText("Réservée à ton collège")).toBeInTheDocument();
    expect(within(kept).getByText("Réservée aux élèves de l'éducation prioritaire")).toBeInTheDocument();
    const results = screen.getByRole("region", { name: "Résultats" });
    expect(
      within(results)
        .getAllByRole("heading", { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(["Découvrir l'électricité"]);
    expect(screen.getAllByRole("link", { name: "Découvrir la boulangerie" })).toHaveLength(1);
    // A pupil of a school not open to national search has no place to give.
    expect(screen.queryByLabelText(/Autre commune/)).toBeNull();
  });

  it("lets a pupil of a school open to national search look around another town", async () => {
    signedInAsPupil();
    const searched: URLSearchParams[] = [];
    server.use(
      http.get("*/api/v1/reference/sectors", () => HttpResponse.json(sectors)),
      http.get("*/api/v1/reference/communes", () => HttpResponse.json([{ ...commune("69", 45.76, 4.83), name: "Lyon", postal_codes: ["69001"] }])),
      http.get("*/api/v1/offers", ({ request }) => {
        searched.push(new URL(request.url).searchParams);
        return HttpResponse.json(answer({ radius_km: 20000 }));
      }),
      http.get("*/api/v1/offers/map", () => HttpResponse.json([])),
    );
    renderAt("/offres", <SearchPage />, "/offres");
    expect(await screen.findByText("Aucune offre pour l'instant dans ce périmètre (partout en France, autour de ton établissement).")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/Autre commune/), "Lyon");
    await userEvent.click(screen.getByRole("button", { name: "Rechercher" }));
    await waitFor(() => expect(searched.at(-1)?.get("lat")).toBe("45.76"));
    expect(await screen.findByText("Aucune offre pour l'instant dans ce périmètre (partout en France, autour de Lyon (69)).")).toBeInTheDocument();
  });
});
