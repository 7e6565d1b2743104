// School years and ISO weeks, as the API counts them.
export type IsoWeek = { year: number; week: number };

export function currentSchoolYear(today = new Date()): string {
  const y = today.getMonth() >= 7 ? today.getFullYear() : today.getFullYear() - 1;
  return `${y}-${y + 1}`;
}

export function isoWeekOf(d: Date): IsoWeek {
  const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  return { year: t.getUTCFullYear(), week: Math.ceil(((t.getTime() - yearStart.getTime()) / 86400000 + 1) / 7) };
}

export function mondayOf(w: IsoWeek): Date {
  const jan4 = new Date(Date.UTC(w.year, 0, 4));
  const day = jan4.getUTCDay() || 7;
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - day + 1 + (w.week - 1) * 7);
  return monday;
}

export function weekLabel(w: IsoWeek): string {
  return `semaine du ${mondayOf(w).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })}`;
}

export const weekKey = (w: IsoWeek) => `${w.year}-${w.week}`;

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
