import { describe, expect, it } from "vitest";
import { currentSchoolYear, isoWeekOf, mondayOf, weeksOfSchoolYear } from "./calendar";

describe("calendar", () => {
  it("counts ISO weeks like the API", () => {
    expect(isoWeekOf(new Date(2027, 0, 18))).toEqual("2027-W03");
    expect(isoWeekOf(new Date(2026, 11, 31))).toEqual("2026-W53");
    expect(mondayOf("2027-W03").toISOString().slice(0, 10)).toBe("2027-01-18");
  });

  it("lists the weeks of a school year, September to June", () => {
    const weeks = weeksOfSchoolYear("2026-2027");
    expect(weeks[0]).toEqual("2026-W37");
    // Week 26 of 2027 ends on 2 July, outside the year: the API refuses it too.
    expect(weeks[weeks.length - 1]).toEqual("2027-W25");
    expect(currentSchoolYear(new Date(2027, 1, 1))).toBe("2026-2027");
    expect(currentSchoolYear(new Date(2026, 8, 1))).toBe("2026-2027");
  });
});
