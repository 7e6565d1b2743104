import { describe, expect, it } from "vitest";
import { addableWeeks, fridayOf, isPastWeek, neighboursText } from "./weeks";

describe("isPastWeek (the server's rule: its Friday is before today)", () => {
  it("finds the Friday", () => {
    expect(fridayOf("2027-W03")).toBe("2027-01-22");
  });
  it("keeps the current week until its Friday", () => {
    const wednesday = new Date("2027-01-20T10:00:00Z");
    expect(isPastWeek("2027-W03", wednesday)).toBe(false);
    expect(isPastWeek("2027-W03", new Date("2027-01-22T20:00:00Z"))).toBe(false);
    expect(isPastWeek("2027-W02", wednesday)).toBe(true);
  });
  it("a week whose Friday has gone is over, even on its weekend", () => {
    const sunday = new Date("2026-12-06T12:00:00Z");
    expect(isPastWeek("2026-W49", sunday)).toBe(true);
    expect(isPastWeek("2026-W50", sunday)).toBe(false);
    expect(isPastWeek("2025-W52", sunday)).toBe(true);
  });
});

describe("neighboursText", () => {
  it("says who chose the week and how many pupils", () => {
    expect(neighboursText([])).toBe("");
    expect(neighboursText([{ name: "Collège A", pupils: 1 }])).toBe("Choisie par 1 établissement proche (Collège A) : 1 élève");
    expect(
      neighboursText([
        { name: "Collège A", pupils: 120 },
        { name: "Collège B", pupils: 1000 },
        { name: "Collège C", pupils: 3 },
        { name: "Collège D", pupils: 4 },
      ]),
    ).toBe("Choisie par 4 établissements proches (Collège A, Collège B, Collège C et 1 autre) : 1\u202f127 élèves");
  });
});

describe("addableWeeks (the school's weeks section)", () => {
  it("offers neither a week that is over nor one already chosen, and counts those over", () => {
    const all = ["2026-W49", "2026-W50", "2026-W51", "2027-W03"];
    // Sunday 6 December 2026: week 49 ended on Friday the 4th.
    const { options, past } = addableWeeks(all, ["2027-W03"], new Date("2026-12-06T10:00:00Z"));
    expect(options).toEqual(["2026-W50", "2026-W51"]);
    expect(past).toBe(1);
  });
});
