// Which weeks a host may still offer: never one that has begun.
import { isoWeekOf, mondayOf, type IsoWeek } from "../schools/calendar";

/** Monday of the current week, at midnight UTC (as `mondayOf` counts). */
export function thisMonday(today = new Date()): Date {
  return mondayOf(isoWeekOf(today));
}

/** A week whose Monday is before this week's Monday is past: it cannot be chosen or published. */
export function isPastWeek(w: IsoWeek, today = new Date()): boolean {
  return mondayOf(w).getTime() < thisMonday(today).getTime();
}
