import { describe, expect, it } from "vitest";
import { isPastWeek } from "./weeks";

describe("isPastWeek", () => {
  // Sunday 6 December 2026 belongs to ISO week 49 (Monday 30 November).
  const today = new Date(2026, 11, 6, 12);
  it("keeps this week and later ones", () => {
    expect(isPastWeek({ year: 2026, week: 49 }, today)).toBe(false);
    expect(isPastWeek({ year: 2026, week: 50 }, today)).toBe(false);
    expect(isPastWeek({ year: 2027, week: 3 }, today)).toBe(false);
  });
  it("refuses the weeks before", () => {
    expect(isPastWeek({ year: 2026, week: 48 }, today)).toBe(true);
    expect(isPastWeek({ year: 2025, week: 52 }, today)).toBe(true);
  });
});
