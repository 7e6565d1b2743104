// The page's head asks for the opened page's data (issue 31): each request is made once, by the
// head, and the SPA's query takes its answer, because both ask the same address with the same
// session; other requests, or another session, go to the server as before.
import { screen } from "@testing-library/react";
import { QueryClient } from "@tanstack/react-query";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keys } from "../api/keys";
import { restoreSession, setSession } from "../api/client";
import { EARLY_MAX_AGE_MS, earlyKey, takeEarlyGet } from "../api/early";
import { server } from "../test/server";
import { renderAt } from "../test/render";
import { prefetchOpenedOffer } from "../features/offers/detail/queries";
import { prefetchPupilSpace } from "../features/pupils/space/queries";
import { schoolYearOf, todayInParis } from "../features/pupils/space/paths";
import { SearchPage } from "../features/offers/SearchPage";
import { startEarlyData } from "./earlyData";

vi.mock("../features/offers/OfferMap", () => ({ OfferMap: () => <p>Carte</p> }));

const OFFER = "01a2502c-b945-7688-b771-4e764d1798dc";

/** The page's head as if the browser had opened `path`: the SPA then finds what it started. */
function openHead(path: string, signedInHere: boolean) {
  if (signedInHere) localStorage.setItem("passerelle.session", "1");
  else localStorage.removeItem("passerelle.session");
  const url = new URL(path, window.location.origin);
  const head = { location: { pathname: url.pathname, search: url.search, origin: url.origin }, localStorage, fetch: window.fetch.bind(window) };
  const early = startEarlyData(head as unknown as Window);
  if (early) window.__passerelleEarly = early;
  return early;
}

/** Counts the requests to each path (with their Authorization header). */
function counting(...paths: [path: string, body: unknown][]) {
  const seen: Record<string, (string | null)[]> = {};
  server.use(
    ...paths.map(([path, body]) =>
      http.get(`*${path}`, ({ request }) => {
        (seen[path] ??= []).push(request.headers.get("authorization"));
        return HttpResponse.json(body as object);
      }),
    ),
  );
  return seen;
}

afterEach(() => {
  delete window.__passerelleEarly;
  setSession(null, null);
});

describe("the page head's early requests", () => {
  it("ask a visitor's offer once: the offer page's query takes the answer", async () => {
    const seen = counting([`/api/v1/offers/${OFFER}`, { id: OFFER, title: "Découvrir l'électricité" }]);
    expect(openHead(`/offres/${OFFER}`, false)).not.toBeNull();
    const client = new QueryClient();
    prefetchOpenedOffer(client, `/offres/${OFFER}`, false);
    await expect.poll(() => client.getQueryData(keys.offers.detail(OFFER))).toMatchObject({ title: "Découvrir l'électricité" });
    expect(seen[`/api/v1/offers/${OFFER}`]).toEqual([null]);
  });

  it("ask a visitor's search around a postal code (communes, then offers and map) once each", async () => {
    const paris20 = {
      insee_code: "75120",
      name: "Paris 20e Arrondissement",
      kind: "ARM",
      postal_codes: ["75020"],
      department_code: "75",
      latitude: 48.86,
      longitude: 2.4,
    };
    const answer = {
      items: [],
      next_cursor: null,
      center_lat: 48.86,
      center_lon: 2.4,
      radius_km: 60,
      weeks: [],
      school_year: "2026-2027",
      grade_family: null,
      fallback: false,
    };
    const seen = counting(["/api/v1/reference/communes", [paris20]], ["/api/v1/offers/map", []], ["/api/v1/offers", answer]);
    server.use(http.get("*/api/v1/reference/sectors", () => HttpResponse.json([])));
    openHead("/offres?lieu=75020", false);
    renderAt("/offres?lieu=75020", <SearchPage />, "/offres");
    expect(await screen.findByText(/Aucune offre pour l'instant dans ce périmètre/)).toBeInTheDocument();
    await screen.findByText("Carte");
    expect(seen).toEqual({ "/api/v1/reference/communes": [null], "/api/v1/offers": [null], "/api/v1/offers/map": [null] });
  });

  it("restore the session once on the pupil's space and leave its data to the SPA, which asks with that session", async () => {
    let refreshed = 0;
    server.use(
      http.post("*/api/v1/auth/refresh", () => {
        refreshed++;
        return HttpResponse.json({ access_token: "t1", token_type: "Bearer", expires_in: 900, user: { id: "u1", role: "student", email: "e@x.fr" } });
      }),
    );
    const paths = [
      "/api/v1/pupils/me",
      "/api/v1/pupils/me/applications",
      "/api/v1/agreements",
      "/api/v1/me/feedback",
      `/api/v1/campaigns/${schoolYearOf(todayInParis())}`,
      "/api/v1/pupils/me/external-internships",
    ];
    const seen = counting(...paths.map((p): [string, unknown] => [p, []]));
    const early = openHead("/espace", true);
    expect(early && Object.keys(early.gets)).toEqual([]);
    expect(await restoreSession()).toBe(true);
    const client = new QueryClient();
    prefetchPupilSpace(client, "/espace");
    await expect.poll(() => paths.every((p) => seen[p]?.length === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(refreshed).toBe(1);
    for (const p of paths) expect(seen[p]).toEqual(["Bearer t1"]);
  });

  it("leave to the SPA what was asked for another person, and the pages without data", async () => {
    server.use(
      http.post("*/api/v1/auth/refresh", () =>
        HttpResponse.json({ access_token: "t2", token_type: "Bearer", expires_in: 900, user: { id: "u2", role: "school_staff", email: "s@x.fr" } }),
      ),
    );
    const early = openHead("/espace", true);
    const first = "/api/v1/pupils/me";
    const request = new Request(new URL(first, window.location.origin));
    expect(await takeEarlyGet(request, "t2")).toBeUndefined();
    expect(early && Object.keys(early.gets)).not.toContain(first);
    expect(openHead("/", false)).toBeNull();
    expect(openHead(`/offres/${OFFER}/candidatures`, true)).toBeNull();
    expect(openHead("/espace", false)).toBeNull();
  });

  it("are not used with another token, nor once older than the cache's freshness", async () => {
    counting([`/api/v1/offers/${OFFER}`, { id: OFFER }]);
    const url = new URL(`/api/v1/offers/${OFFER}`, window.location.origin);
    openHead(`/offres/${OFFER}`, false);
    expect(await takeEarlyGet(new Request(url), "someone")).toBeUndefined();
    const early = openHead(`/offres/${OFFER}`, false);
    if (early) early.at -= EARLY_MAX_AGE_MS + 1;
    expect(await takeEarlyGet(new Request(url), null)).toBeUndefined();
  });

  it("key a request by its path and sorted parameters", () => {
    expect(earlyKey("/api/v1/offers?lon=2.4&lat=48.86", "http://x")).toBe(earlyKey("http://x/api/v1/offers?lat=48.86&lon=2.4", "http://x"));
  });
});
