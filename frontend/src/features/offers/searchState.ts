// The offer search as it lives in the address bar (back button, sharing), and the place typed by
// a visitor read as one commune: a postal code searches from its own commune, a name shared by
// several communes asks which one ("Saint-Denis (93)" or "Saint-Denis (974)").
import type { components } from "../../api/client";
import { de, formatNumber } from "../../i18n";

type Commune = components["schemas"]["CommuneResponse"];
type GradeFamily = components["schemas"]["GradeFamily"];

/** What the search form holds, and the URL's query string says (French parameter names).
 *  `sector`: one sector id or several, comma-separated ("s10,s12"), as the API takes them. */
export type SearchState = { q: string; place: string; sector: string; week: string; radius: string; grade: "" | GradeFamily };

export const emptySearch: SearchState = { q: "", place: "", sector: "", week: "", radius: "", grade: "" };

const paramNames: Record<keyof SearchState, string> = { q: "q", place: "lieu", sector: "secteur", week: "semaine", radius: "rayon", grade: "niveau" };

/** The radii a visitor may choose; the API's default (60 km) when none is chosen. */
export const radiusChoices = [10, 30, 60, 100, 200];

export function readSearch(params: URLSearchParams): SearchState {
  const get = (k: keyof SearchState) => params.get(paramNames[k])?.trim() ?? "";
  const grade = get("grade");
  const radius = get("radius");
  return {
    q: get("q"),
    place: get("place"),
    sector: joinSectors(sectorList(get("sector"))),
    week: /^\d{4}-W\d{2}$/.test(get("week")) ? get("week") : "",
    radius: radiusChoices.includes(Number(radius)) ? radius : "",
    grade: grade === "college" || grade === "lycee" ? grade : "",
  };
}

/** The query string of a search: only what is filled, in a stable order (a shared link reads well). */
export function writeSearch(s: SearchState): URLSearchParams {
  const out = new URLSearchParams();
  for (const k of Object.keys(paramNames) as (keyof SearchState)[]) {
    const v = s[k].trim();
    if (v) out.set(paramNames[k], v);
  }
  return out;
}

/** The sector ids of a search ("s10,s12" → ["s10", "s12"]): known shapes only, each once. */
export function sectorList(sector: string): string[] {
  return [...new Set(sector.split(",").map((s) => s.trim()))].filter((s) => /^s\d{1,3}$/.test(s));
}

export const joinSectors = (ids: string[]) => sectorList(ids.join(",")).join(",");

/** Whether there is anything to search: pupils always (around their school), others once they give a place. */
export const canSearch = (s: SearchState, isPupil: boolean) => isPupil || s.place.trim() !== "";

/** What the API's search is asked (`GET /api/v1/offers` and its map). */
export type SearchQuery = {
  q?: string;
  sectors?: string;
  weeks?: string;
  place?: string;
  lat?: number;
  lon?: number;
  radius_km?: number;
  grade_family?: GradeFamily;
};

/** The API's question for a search: a pupil's weeks (around their school unless a place is
 *  given), a visitor's radius and grade around the place found. The search page and the page's
 *  head (src/routing/earlyData.ts) ask the same. */
export function searchQuery(s: SearchState, isPupil: boolean, place: Place | null): SearchQuery {
  return {
    q: s.q || undefined,
    sectors: s.sector || undefined,
    weeks: isPupil ? s.week || undefined : undefined,
    lat: place?.lat,
    lon: place?.lon,
    radius_km: !isPupil && s.radius ? Number(s.radius) : undefined,
    grade_family: !isPupil ? s.grade || undefined : undefined,
  };
}

/** The API is asked about the name only: "Saint-Denis (93)" is looked up as "Saint-Denis". */
export const lookupText = (place: string) => place.replace(/\s*\([^)]*\)\s*$/, "").trim();

/** Lower case, no accents, hyphens and apostrophes as spaces: "Saint-Étienne" = "saint etienne". */
export function normalizeName(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[-'’\s]+/g, " ")
    .trim();
}

export type Place = { label: string; lat: number; lon: number };
export type PlaceResolution = { kind: "found"; place: Place } | { kind: "choose"; name: string; choices: Place[] } | { kind: "unknown" };

/** "Saint-Denis (93)": the name a choice is written with, and read back from the URL. */
export const communeLabel = (c: Commune) => `${c.name} (${c.department_code})`;

const located = (c: Commune): c is Commune & { latitude: number; longitude: number } => c.latitude != null && c.longitude != null;
// Current communes and Paris, Lyon and Marseille districts; not the former communes (COMD, COMA).
const current = (c: Commune) => c.kind === "COM" || c.kind === "ARM";

/** Reads what a visitor typed, against the communes the API found for it (best match first). */
export function resolvePlace(typed: string, communes: Commune[]): PlaceResolution {
  const text = typed.trim();
  const candidates = communes.filter((c) => current(c) && located(c));
  const at = (c: Commune, label: string): Place => ({ label, lat: c.latitude as number, lon: c.longitude as number });

  // A postal code: the commune of that code (the one with the fewest codes: "75020" is Paris 20e, not Paris).
  if (/^\d{5}$/.test(text)) {
    const own = candidates.filter((c) => c.postal_codes.includes(text)).sort((a, b) => a.postal_codes.length - b.postal_codes.length);
    const c = own[0] ?? candidates[0];
    return c ? { kind: "found", place: at(c, `${c.name} (${text})`) } : { kind: "unknown" };
  }

  // "Saint-Denis (93)": a choice made before, in a link or after going back.
  const withDepartment = /^(.*\S)\s*\((\d[\dAB]{1,2})\)$/.exec(text);
  if (withDepartment) {
    const [, name, department] = withDepartment;
    const c = candidates.find((x) => normalizeName(x.name) === normalizeName(name) && x.department_code === department);
    if (c) return { kind: "found", place: at(c, communeLabel(c)) };
  }

  // A name: several communes of exactly that name are a choice; otherwise the best match.
  const same = candidates.filter((c) => normalizeName(c.name) === normalizeName(text));
  const departments = new Set(same.map((c) => c.department_code));
  if (same.length > 1 && departments.size > 1) {
    const seen = new Set<string>();
    const choices = same.filter((c) => !seen.has(c.department_code) && seen.add(c.department_code)).map((c) => at(c, communeLabel(c)));
    return { kind: "choose", name: same[0].name, choices };
  }
  const c = same[0] ?? candidates[0];
  return c ? { kind: "found", place: at(c, communeLabel(c)) } : { kind: "unknown" };
}

/** The API's radius for a pupil of a school open to national search (all of France). */
export const NATIONAL_KM = 20_000;
export const isNational = (radiusKm: number) => radiusKm >= NATIONAL_KM;

/** "dans un rayon de 60 km autour de Saint-Denis (93)", "… autour d'Orléans (45)", said of the search that ran
 *  ("partout en France, autour de …" for a national search). */
export function radiusText(radiusKm: number, around: string): string {
  if (isNational(radiusKm)) return `partout en France, autour ${de(around)}`;
  return `dans un rayon de ${formatNumber(Math.round(radiusKm))} km autour ${de(around)}`;
}
