// Which weeks a host may still offer, by the server's rule: a week is over once its Friday is
// before today (in Paris); an offer may keep a past week it already had, never add one.
import { mondayOf, type IsoWeek } from "../schools/calendar";

const parisDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });

/** Friday of an ISO week, "2027-01-22". */
export function fridayOf(w: IsoWeek): string {
  const d = mondayOf(w);
  d.setUTCDate(d.getUTCDate() + 4);
  return d.toISOString().slice(0, 10);
}

/** Whether the week is over: it cannot be added to an offer any more. */
export function isPastWeek(w: IsoWeek, now = new Date()): boolean {
  return fridayOf(w) < parisDay.format(now);
}
