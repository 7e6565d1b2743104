import { describe, expect, it } from "vitest";
import type { components } from "../../api/client";
import { canSearch, emptySearch, joinSectors, radiusText, readSearch, resolvePlace, sectorList, writeSearch } from "./searchState";

type Commune = components["schemas"]["CommuneResponse"];
const commune = (name: string, department_code: string, postal_codes: string[], kind = "COM", latitude = 48.9, longitude = 2.3): Commune => ({
  insee_code: "00000",
  name,
  kind,
  postal_codes,
  department_code,
  latitude,
  longitude,
});

const saintDenis = [
  commune("Saint-Denis", "974", ["97400", "97417", "97490"], "COM", -20.93, 55.44),
  commune("Saint-Denis", "93", ["93200", "93210", "93380"], "COM", 48.92, 2.35),
  commune("Saint-Denis", "11", ["11310"]),
  commune("Saint-Denis", "93", ["93200"], "COMD"),
  commune("Vert-Saint-Denis", "77", ["77240"]),
];

describe("the search in the URL", () => {
  it("writes only what is filled, and reads it back", () => {
    const s = { ...emptySearch, q: "électricité", place: "Saint-Denis (93)", radius: "30", grade: "college" as const };
    const params = writeSearch(s);
    expect(params.toString()).toBe("q=%C3%A9lectricit%C3%A9&lieu=Saint-Denis+%2893%29&rayon=30&niveau=college");
    expect(readSearch(params)).toEqual(s);
  });

  it("keeps several sectors in one parameter, each once, and the former one-sector links", () => {
    const s = { ...emptySearch, sector: "s10,s12" };
    expect(writeSearch(s).toString()).toBe("secteur=s10%2Cs12");
    expect(readSearch(new URLSearchParams("secteur=s10,s12"))).toEqual(s);
    expect(readSearch(new URLSearchParams("secteur=s10"))).toEqual({ ...emptySearch, sector: "s10" });
    expect(readSearch(new URLSearchParams("secteur=s10, s12,s10,x,"))).toEqual(s);
    expect(sectorList("")).toEqual([]);
    expect(joinSectors(["s3", "s3", "s51"])).toBe("s3,s51");
  });

  it("ignores values it does not know (a hand-edited link)", () => {
    expect(readSearch(new URLSearchParams("rayon=7&niveau=maternelle&semaine=demain"))).toEqual(emptySearch);
  });

  it("searches for a visitor only once a place is given; a pupil always", () => {
    expect(canSearch(emptySearch, false)).toBe(false);
    expect(canSearch({ ...emptySearch, place: "Lyon" }, false)).toBe(true);
    expect(canSearch(emptySearch, true)).toBe(true);
  });
});

describe("resolvePlace", () => {
  it("asks which commune when several share the name, one choice per department", () => {
    const r = resolvePlace("saint denis", saintDenis);
    expect(r.kind).toBe("choose");
    if (r.kind === "choose") expect(r.choices.map((c) => c.label)).toEqual(["Saint-Denis (974)", "Saint-Denis (93)", "Saint-Denis (11)"]);
  });

  it("takes the commune of a choice written back from the URL", () => {
    expect(resolvePlace("Saint-Denis (93)", saintDenis)).toEqual({ kind: "found", place: { label: "Saint-Denis (93)", lat: 48.92, lon: 2.35 } });
  });

  it("searches a postal code from its own commune, the most precise one", () => {
    const paris = [commune("Paris", "75", ["75001", "75020"]), commune("Paris 20e Arrondissement", "75", ["75020"], "ARM", 48.86, 2.4)];
    expect(resolvePlace("75020", paris)).toEqual({ kind: "found", place: { label: "Paris 20e Arrondissement (75020)", lat: 48.86, lon: 2.4 } });
    expect(resolvePlace("93200", saintDenis.slice(1))).toMatchObject({ kind: "found", place: { label: "Saint-Denis (93200)" } });
  });

  it("takes the best match of a name found once, and says when nothing matches", () => {
    const r = resolvePlace("saint etienne", [commune("Saint-Étienne", "42", ["42000"]), commune("Saint-Étienne-du-Rouvray", "76", ["76800"])]);
    expect(r).toMatchObject({ kind: "found", place: { label: "Saint-Étienne (42)" } });
    expect(resolvePlace("Nulle-Part", [])).toEqual({ kind: "unknown" });
  });
});

describe("radiusText", () => {
  it("states the radius in words, with French elision", () => {
    expect(radiusText(60, "Saint-Denis (93)")).toBe("dans un rayon de 60 km autour de Saint-Denis (93)");
    expect(radiusText(30, "Orléans (45)")).toBe("dans un rayon de 30 km autour d'Orléans (45)");
    expect(radiusText(30, "ton établissement")).toBe("dans un rayon de 30 km autour de ton établissement");
    // A school open to national search: no radius to state.
    expect(radiusText(20000, "ton établissement")).toBe("partout en France, autour de ton établissement");
  });
});
