// Which weeks a host may still offer, by the server's rule: a week is over once its Friday is
// before today (in Paris); an offer may keep a past week it already had, never add one.
import { listFr } from "../../i18n";
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

const key = (w: IsoWeek) => w;

/** The weeks a school may still add: not over, not chosen already; and how many are over. */
export function addableWeeks(all: IsoWeek[], chosen: IsoWeek[], now = new Date()): { options: IsoWeek[]; past: number } {
  const taken = new Set(chosen.map(key));
  const upcoming = all.filter((w) => !isPastWeek(w, now));
  return { options: upcoming.filter((w) => !taken.has(key(w))), past: all.length - upcoming.length };
}

type Neighbour = { name: string; pupils: number };

/** Under a week of the offer form: "Choisie par 2 établissements proches (Collège A, Collège B) :
 *  142 élèves", the nearest first, three names at most. Empty when no school around chose it. */
export function neighboursText(schools: Neighbour[]): string {
  if (schools.length === 0) return "";
  const pupils = schools.reduce((n, s) => n + s.pupils, 0);
  const names = schools.slice(0, 3).map((s) => s.name);
  const others = schools.length - names.length;
  const listed = others > 0 ? `${names.join(", ")} et ${others} autre${others > 1 ? "s" : ""}` : listFr(names);
  const who = schools.length > 1 ? `${schools.length} établissements proches` : "1 établissement proche";
  return `Choisie par ${who} (${listed}) : ${pupils.toLocaleString("fr-FR")} ${pupils >= 2 ? "élèves" : "élève"}`;
}
