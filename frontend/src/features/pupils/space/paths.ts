// The addresses of the pupil's space's first data (./queries.ts asks for them), without the query
// library: the page's head asks for them too, as soon as the session is back (src/routing/
// earlyData.ts, issue 31). queries.test.ts checks the two lists are the same.

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

/** What the pupil's space asks for at once: profile, applications, agreements, questionnaire,
 *  the current school year's campaigns, internships found elsewhere. */
export const pupilSpacePaths = (today: string) => [
  "/api/v1/pupils/me",
  "/api/v1/pupils/me/applications",
  "/api/v1/agreements",
  "/api/v1/me/feedback",
  `/api/v1/campaigns/${schoolYearOf(today)}`,
  "/api/v1/pupils/me/external-internships",
];
