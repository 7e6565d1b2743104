// What the pupil's space's first screen needs before the query library: its address (the page's
// head restores the session there, src/routing/earlyData.ts) and the school year of a day.

/** The school year a day (YYYY-MM-DD) belongs to, as the API counts them (a new year starts on
 *  1 August: schools::rules::SchoolYear::of). */
export function schoolYearOf(day: string): string {
  const [year, month] = day.split("-").map(Number);
  const start = month >= 8 ? year : year - 1;
  return `${start}-${start + 1}`;
}

/** Today in Paris (YYYY-MM-DD); dates.ts has the same, not loaded by the first screen. */
export const todayInParis = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());

/** The pupil's space's address. */
export const PUPIL_SPACE_PATH = "/espace";
