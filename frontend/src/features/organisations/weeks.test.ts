import { describe, expect, it } from "vitest";
import { addableWeeks, fridayOf, isPastWeek, neighboursText } from "./weeks";

describe("isPastWeek (the server's rule: its Friday is before today)", () => {
  it("finds the Friday", () => {
    expect(fridayOf({ year: 2027, week: 3 })).toBe("2027-01-22");
  });
  it("keeps the current week until its Friday", () => {
    const wednesday = new Date("2027-01-20T10:00:00Z");
    expect(isPastWeek({ year: 2027, week: 3 }, wednesday)).toBe(false);
    expect(isPastWeek({ year: 2027, week: 3 }, new Date("2027-01-22T20:00:00Z"))).toBe(false);
    expect(isPastWeek({ year: 2027, week: 2 }, wednesday)).toBe(true);
  });
  it("a week whose Friday has gone is over, even on its weekend", () => {
    const sunday = new Date("2026-12-06T12:00:00Z");
    expect(isPastWeek({ year: 2026, week: 49 }, sunday)).toBe(true);
    expect(isPastWeek({ year: 2026, week: 50 }, sunday)).toBe(false);
    expect(isPastWeek({ year: 2025, week: 52 }, sunday)).toBe(true);
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
    const all = [
      { year: 2026, week: 49 },
      { year: 2026, week: 50 },
      { year: 2026, week: 51 },
      { year: 2027, week: 3 },
    ];
    // Sunday 6 December 2026: week 49 ended on Friday the 4th.
    const { options, past } = addableWeeks(all, [{ year: 2027, week: 3 }], new Date("2026-12-06T10:00:00Z"));
    expect(options).toEqual([
      { year: 2026, week: 50 },
      { year: 2026, week: 51 },
    ]);
    expect(past).toBe(1);
  });
});
