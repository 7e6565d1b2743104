import { describe, expect, it } from "vitest";
import { metropolitanBoxes, metropolitanShapes, overseasShapes } from "./departmentShapes";
import {
  accessibleName,
  classCounts,
  departmentRate,
  frame,
  frameAround,
  coverageRateMakesSense,
  rateClass,
  rateClasses,
  rateDetail,
  rateText,
} from "./mapData";
import { row } from "./testRows";

const paris = row("75", "Paris", {
  offers: 90,
  target_total: 200,
  reached_pct: 45,
  placements: 30,
  pupils: 400,
  pupils_placed: 28,
  pupils_placed_elsewhere: 6,
  coverage_pct: 8.5,
});
const cantal = row("15", "Cantal");

describe("departmentRate", () => {
  it("reads offers against the target, to a tenth of a per cent as the table", () => {
    expect(departmentRate(paris, "offers")).toEqual({ pct: 45 });
    expect(departmentRate(row("01", "Ain", { offers: 1, target_total: 3, reached_pct: 33.3 }), "offers")).toEqual({ pct: 33.3 });
    expect(departmentRate(row("01", "Ain", { offers: 1, target_total: 3 }), "offers")).toEqual({ pct: 33.3 });
    // Over the target: the figure is kept (the scale's last class says "100 % et plus").
    expect(departmentRate(row("01", "Ain", { offers: 30, target_total: 20, reached_pct: 150 }), "offers")).toEqual({ pct: 150 });
  });

  it("says when there is no target, or no pupil", () => {
    expect(departmentRate(cantal, "offers")).toEqual({ pct: null, missing: "no_target" });
    expect(departmentRate(row("01", "Ain", { target_total: 0 }), "offers")).toEqual({ pct: null, missing: "no_target" });
    expect(departmentRate(cantal, "coverage")).toEqual({ pct: null, missing: "no_pupils" });
  });

  it("reads pupils with an internship, on the platform or elsewhere, against pupils enrolled", () => {
    expect(departmentRate(paris, "coverage")).toEqual({ pct: 8.5 });
    // Without the API's figure: worked out from the pupils placed here and elsewhere.
    expect(departmentRate({ ...paris, coverage_pct: null }, "coverage")).toEqual({ pct: 8.5 });
    expect(departmentRate(row("01", "Ain", { pupils: 3, pupils_placed: 1 }), "coverage")).toEqual({ pct: 33.3 });
  });
});

describe("the colour scale", () => {
  it("puts 0 % apart, then each rate in a class of 25 points, the last for 100 % and more", () => {
    expect([0, 0.1, 24.9, 25, 49.9, 50, 74.9, 75, 99.9, 100, 250].map(rateClass)).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(rateClass(null)).toBeNull();
  });

  it("goes from light to dark", () => {
    const luminance = (hex: string) => [1, 3, 5].reduce((n, i) => n + parseInt(hex.slice(i, i + 2), 16), 0);
    const shades = rateClasses.map((c) => luminance(c.fill));
    expect([...shades].sort((a, b) => b - a)).toEqual(shades);
  });

  it("counts the departments of each class for the legend", () => {
    const rows = [paris, cantal, row("13", "Bouches-du-Rhône", { target_total: 10, reached_pct: 120 })];
    expect(classCounts(rows, "offers")).toEqual({ byClass: [0, 0, 1, 0, 0, 1], missing: 1 });
    expect(classCounts(rows, "coverage")).toEqual({ byClass: [0, 1, 0, 0, 0, 0], missing: 2 });
  });
});

describe("what is read out", () => {
  it("names each department with its rate", () => {
    expect(accessibleName(paris, departmentRate(paris, "offers"), "offers")).toBe("Paris : 45 % de l'objectif, cliquer pour voir le détail");
    expect(accessibleName(cantal, departmentRate(cantal, "offers"), "offers")).toBe("Cantal : pas d'objectif, cliquer pour voir le détail");
    expect(accessibleName(paris, departmentRate(paris, "coverage"), "coverage")).toBe(
      "Paris : 8,5 % des élèves inscrits ont un stage, cliquer pour voir le détail",
    );
    expect(rateText(departmentRate(cantal, "coverage"), "coverage")).toBe("pas d'élève inscrit");
  });

  it("gives the figures behind the rate", () => {
    expect(rateDetail(paris, "offers")).toBe("90 offres publiées pour un objectif de 200");
    expect(rateDetail(cantal, "offers")).toBe("0 offre publiée, sans objectif fixé");
    expect(rateDetail(paris, "coverage")).toBe("34 élèves avec un stage (28 sur Passerelle, 6 ailleurs) sur 400 élèves inscrits");
  });

  it("offers the second rate only when some department has pupils", () => {
    expect(coverageRateMakesSense([cantal])).toBe(false);
    expect(coverageRateMakesSense([cantal, paris])).toBe(true);
  });
});

describe("the outlines", () => {
  it("draw the 96 metropolitan departments and the five overseas ones", () => {
    expect(Object.keys(metropolitanShapes)).toHaveLength(96);
    expect(Object.keys(metropolitanShapes)).toEqual(expect.arrayContaining(["01", "2A", "2B", "75", "95"]));
    expect(overseasShapes.map((s) => s.code)).toEqual(["971", "972", "973", "974", "976"]);
    for (const d of Object.values(metropolitanShapes)) expect(d).toMatch(/^[Mm][\d\s.,hlvmzcsHLVMZCS-]+$/);
  });

  it("frame a territory: all of France, or a région with a margin", () => {
    expect(frame(Object.keys(metropolitanShapes))).toMatch(/^-\d+ -\d+ \d+ \d+$/);
    const [x, y, w, h] = frame(["75", "92", "93", "94"], 0)!.split(" ").map(Number);
    const paris = metropolitanBoxes["75"];
    expect(x).toBeLessThanOrEqual(paris[0]);
    expect(y).toBeLessThanOrEqual(paris[1]);
    expect(x + w).toBeGreaterThanOrEqual(paris[2]);
    expect(y + h).toBeGreaterThanOrEqual(paris[3]);
    expect(w).toBeLessThan(60);
    expect(frame(["971"])).toBeNull();
  });
  it("frames one department with its neighbours around: Paris with its inner ring", () => {
    const [x, y, w, h] = frameAround("75")!.split(" ").map(Number);
    // The box of Paris and its inner ring (486-517, 219-251) is inside.
    expect(x).toBeLessThanOrEqual(486);
    expect(x + w).toBeGreaterThanOrEqual(517);
    expect(y).toBeLessThanOrEqual(219);
    expect(y + h).toBeGreaterThanOrEqual(251);
    expect(w).toBeLessThan(100);
    // A large department: a third of its size on each side.
    const [gx, , gw] = frameAround("33")!.split(" ").map(Number);
    expect(gx).toBeLessThan(228 - 30);
    expect(gw).toBeGreaterThan(200);
    expect(frameAround("971")).toBeNull();
  });
});
