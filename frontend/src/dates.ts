// The API's instants are RFC 3339 in UTC ("2026-12-02T06:38:46.123Z"); calendar dates are plain
// "2026-12-02". Older answers cached by the browser may still lack the offset: read those as UTC
// too, never as local time. Every date shown to people is written here, the French way.
export function instant(s: string): Date {
  return new Date(/(Z|[+-]\d\d:\d\d)$/.test(s) ? s : `${s}Z`);
}

/** A calendar date at noon local time, so that no time zone moves it to the day before. */
export function calendarDate(s: string): Date {
  return s.length === 10 ? new Date(`${s}T12:00:00`) : instant(s);
}

type DateOptions = { weekday?: boolean; year?: boolean; timeZone?: string };

/** "1er février 2027", "18 janvier 2027", "lundi 1er février": the first of a month is "1er".
 *  A string is a calendar date ("2027-02-01") or an instant; a Date is shown as it is. */
export function formatDateFr(d: string | Date, { weekday = false, year = true, timeZone }: DateOptions = {}): string {
  const date = typeof d === "string" ? calendarDate(d) : d;
  const parts = new Intl.DateTimeFormat("fr-FR", {
    weekday: weekday ? "long" : undefined,
    day: "numeric",
    month: "long",
    year: year ? "numeric" : undefined,
    timeZone,
  }).formatToParts(date);
  return parts.map((p) => (p.type === "day" && p.value === "1" ? "1er" : p.value)).join("");
}

/** "1er février 2027 à 14:05", for an instant of the API. */
export function formatDateTimeFr(s: string): string {
  const d = instant(s);
  return `${formatDateFr(d)} à ${d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" })}`;
}

/** An optional instant, or a dash. */
export const formatDateTimeOrDash = (s?: string | null) => (s ? formatDateTimeFr(s) : "—");

/** Today's calendar date in Paris, "2027-01-18" (what the server compares with). */
export const todayInParis = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());

/** An ISO week as the API writes it everywhere: "2027-W03" (Monday to Sunday). */
export type IsoWeek = string;

/** The year and the number of an ISO week ("2027-W03" → 2027, 3). */
export function weekParts(w: IsoWeek): { year: number; week: number } {
  return { year: Number(w.slice(0, 4)), week: Number(w.slice(6, 8)) };
}

/** "2027-W03" from 2027 and 3. */
export const isoWeek = (year: number, week: number): IsoWeek => `${year}-W${String(week).padStart(2, "0")}`;

/** Monday of an ISO week, at midnight UTC. */
export function mondayOf(w: IsoWeek): Date {
  const { year, week } = weekParts(w);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const day = jan4.getUTCDay() || 7;
  const monday = new Date(jan4);
  monday.setUTCDate(jan4.getUTCDate() - day + 1 + (week - 1) * 7);
  return monday;
}

/** "semaine du 1er février 2027". */
export function weekText(w: IsoWeek): string {
  return `semaine du ${formatDateFr(mondayOf(w), { timeZone: "UTC" })}`;
}
