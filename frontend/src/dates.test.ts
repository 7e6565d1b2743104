import { describe, expect, it } from "vitest";
import { calendarDate, instant } from "./dates";

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
