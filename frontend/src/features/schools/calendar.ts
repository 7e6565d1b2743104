// School years and ISO weeks, as the API counts them.
import { isoWeek, weekText, type IsoWeek } from "../../dates";
export { mondayOf, weekParts, isoWeek, type IsoWeek } from "../../dates";

export function currentSchoolYear(today = new Date()): string {
  const y = today.getMonth() >= 7 ? today.getFullYear() : today.getFullYear() - 1;
  return `${y}-${y + 1}`;
}

export function isoWeekOf(d: Date): IsoWeek {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  return isoWeek(t.getUTCFullYear(), Math.ceil(((t.getTime() - yearStart.getTime()) / 86400000 + 1) / 7));
}

/** "semaine du 1er février 2027" (one writing for every screen: see `dates.ts`). */
export const weekLabel = weekText;

/** A week's key in lists and sets: its wire form, already unique. */
export const weekKey = (w: IsoWeek) => w;

/** The weeks of a school year (September to June), Monday to Friday inside it. */
export function weeksOfSchoolYear(schoolYear: string): IsoWeek[] {
  const start = Number(schoolYear.slice(0, 4));
  const out: IsoWeek[] = [];
  const d = new Date(Date.UTC(start, 8, 1));
  while ((d.getUTCDay() || 7) !== 1) d.setUTCDate(d.getUTCDate() + 1);
  const end = new Date(Date.UTC(start + 1, 5, 30));
  for (; d.getTime() + 4 * 86400000 <= end.getTime(); d.setUTCDate(d.getUTCDate() + 7)) {
    out.push(isoWeekOf(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())));
  }
  return out;
}
