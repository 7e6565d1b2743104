import { describe, expect, it } from "vitest";
import { exportNames } from "./StatsPages";
import { departmentsOfScope, scopeLabel, withEveryDepartment, zeroRow } from "./territory";

const dep = (code: string, name: string, region: [string, string], academie: [string, string]) => ({
  code,
  name,
  region_code: region[0],
  region_name: region[1],
  academie_code: academie[0],
  academie_name: academie[1],
});
const departments = [
  dep("75", "Paris", ["11", "Île-de-France"], ["01", "Paris"]),
  dep("93", "Seine-Saint-Denis", ["11", "Île-de-France"], ["24", "Créteil"]),
  dep("13", "Bouches-du-Rhône", ["93", "Provence-Alpes-Côte d'Azur"], ["02", "Aix-Marseille"]),
  dep("2A", "Corse-du-Sud", ["94", "Corse"], ["27", "Corse"]),
  dep("971", "Guadeloupe", ["01", "Guadeloupe"], ["32", "Guadeloupe"]),
];
const row = (code: string, offers: number) => ({ ...zeroRow(code, code), offers });

describe("scopeLabel", () => {
  it("says the territory in French", () => {
    expect(scopeLabel(null, departments)).toBe("France entière");
    expect(scopeLabel({ kind: "national", code: "" }, departments)).toBe("France entière");
    expect(scopeLabel({ kind: "department", code: "93" }, departments)).toBe("Seine-Saint-Denis (département 93)");
    expect(scopeLabel({ kind: "academie", code: "02" }, departments)).toBe("Académie d'Aix-Marseille");
    expect(scopeLabel({ kind: "academie", code: "24" }, departments)).toBe("Académie de Créteil");
    expect(scopeLabel({ kind: "region", code: "11" }, departments)).toBe("Île-de-France (région)");
    expect(scopeLabel({ kind: "ministry", code: "m1" }, departments, [{ id: "m1", name: "Ministère des Armées" }])).toBe(
      "Ministère des Armées (offres publiques)",
    );
  });
});

describe("departments of a scope", () => {
  it("lists every department of the national view, those at zero too, in code order", () => {
    const all = withEveryDepartment([row("93", 4), row("13", 1)], departmentsOfScope({ kind: "national", code: "" }, departments));
    expect(all.map((r) => [r.code, r.offers])).toEqual([
      ["13", 1],
      ["2A", 0],
      ["75", 0],
      ["93", 4],
      ["971", 0],
    ]);
  });

  it("keeps to the région or the académie", () => {
    expect(departmentsOfScope({ kind: "region", code: "11" }, departments).map((d) => d.code)).toEqual(["75", "93"]);
    expect(departmentsOfScope({ kind: "academie", code: "24" }, departments).map((d) => d.code)).toEqual(["93"]);
    expect(departmentsOfScope({ kind: "ministry", code: "m1" }, departments)).toEqual([]);
  });
});

describe("export names", () => {
  it("are French", () => {
    expect(Object.values(exportNames)).toEqual(["secteurs", "genres", "departements", "etablissements"]);
  });
});

describe("definitionId", () => {
  it("gives each indicator of the glossary its own anchor, without accents", async () => {
    const { definitionId, indicatorDefinitions } = await import("./Glossary");
    expect(definitionId("Élèves ayant trouvé leur stage")).toBe("definition-eleves-ayant-trouve-leur-stage");
    expect(definitionId("Objectif et % atteint")).toBe("definition-objectif-et-atteint");
    const ids = indicatorDefinitions.map(([term]) => definitionId(term));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
