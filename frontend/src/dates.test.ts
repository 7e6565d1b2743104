import { describe, expect, it } from "vitest";
import { calendarDate, formatDateFr, formatDateTimeFr, instant, weekText } from "./dates";

describe("dates", () => {
  it("reads instants as UTC with or without the offset", () => {
    expect(instant("2026-12-02T06:38:46Z").toISOString()).toBe("2026-12-02T06:38:46.000Z");
    expect(instant("2026-12-02T06:38:46.5").toISOString()).toBe("2026-12-02T06:38:46.500Z");
    expect(instant("2026-12-02T07:38:46+01:00").toISOString()).toBe("2026-12-02T06:38:46.000Z");
  });
  it("keeps a calendar date on its day", () => {
    const d = calendarDate("2027-01-18");
    expect([d.getFullYear(), d.getMonth(), d.getDate()]).toEqual([2027, 0, 18]);
  });
});

describe("formatDateFr", () => {
  it("writes the first of a month as 1er", () => {
    expect(formatDateFr("2027-02-01")).toBe("1er février 2027");
    expect(formatDateFr("2027-02-01", { weekday: true, year: false })).toBe("lundi 1er février");
  });
  it("writes the other days as numbers", () => {
    expect(formatDateFr("2027-01-18")).toBe("18 janvier 2027");
    expect(formatDateFr("2027-01-11")).toBe("11 janvier 2027");
    expect(formatDateFr("2027-01-21", { weekday: true, year: false })).toBe("jeudi 21 janvier");
  });
  it("adds the time to an instant", () => {
    expect(formatDateTimeFr("2027-03-01T12:00:00Z")).toMatch(/^1er mars 2027 à \d\d:\d\d$/);
  });
  it("names a week by its Monday", () => {
    expect(weekText("2027-W05")).toBe("semaine du 1er février 2027");
    expect(weekText("2027-W03")).toBe("semaine du 18 janvier 2027");
  });
});
