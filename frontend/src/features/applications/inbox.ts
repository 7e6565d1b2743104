// The host's inbox, as rules without React: the clock's words and the sections.
import type { components } from "../../api/client";
import { formatDateFr, instant } from "../../dates";
import { applicationStatusLabels } from "../../i18n";

type HostApplication = components["schemas"]["HostApplication"];

/** An application whose clock runs out within this many days is "expiring soon". */
export const SOON_DAYS = 3;

const DAY = 86_400_000;
const parisDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" });
/** The calendar day in Paris, as a count of days (to subtract two of them). */
const dayNumber = (d: Date) => Date.parse(`${parisDay.format(d)}T00:00:00Z`) / DAY;

/** Calendar days (in Paris) left before `expiresAt`: 1 is tomorrow, 0 today or already past. */
export function daysLeft(expiresAt: string, now = new Date()): number {
  return Math.max(0, dayNumber(instant(expiresAt)) - dayNumber(now));
}

/** "expire dans 12 jours (le 18 décembre 2026)", "expire demain", "expire aujourd'hui". */
export function clockText(expiresAt: string, now = new Date()): string {
  const n = daysLeft(expiresAt, now);
  const when = formatDateFr(instant(expiresAt), { timeZone: "Europe/Paris" });
  if (n <= 0) return `expire aujourd'hui (${when})`;
  if (n === 1) return `expire demain (${when})`;
  return `expire dans ${n} jours (le ${when})`;
}

export type InboxFilter = "all" | "new" | "unanswered" | "soon" | "accepted";

export const filterLabels: Record<InboxFilter, string> = {
  all: "Toutes",
  new: "Nouvelles",
  unanswered: "Sans réponse",
  soon: "Expirent bientôt",
  accepted: "Acceptées, en attente de l'élève",
};

const unanswered = (a: HostApplication) => a.status === "submitted" || a.status === "read";

/** Whether an application belongs to a section of the inbox. */
export function inFilter(a: HostApplication, f: InboxFilter, now = new Date()): boolean {
  switch (f) {
    case "all":
      return true;
    case "new":
      return !a.read_at && unanswered(a);
    case "unanswered":
      return unanswered(a);
    case "soon":
      return unanswered(a) && !!a.expires_at && daysLeft(a.expires_at, now) <= SOON_DAYS;
    case "accepted":
      return a.status === "accepted";
  }
}

/** How many applications each section holds. */
export function countByFilter(apps: HostApplication[], now = new Date()): Record<InboxFilter, number> {
  const out = { all: 0, new: 0, unanswered: 0, soon: 0, accepted: 0 };
  for (const f of Object.keys(out) as InboxFilter[]) out[f] = apps.filter((a) => inFilter(a, f, now)).length;
  return out;
}

/** Only unanswered applications can be refused. */
export const canReject = unanswered;

/** The most urgent first: the clock that runs out soonest, then the oldest. */
export function byUrgency(a: HostApplication, b: HostApplication): number {
  const ea = a.expires_at ? instant(a.expires_at).getTime() : Infinity;
  const eb = b.expires_at ? instant(b.expires_at).getTime() : Infinity;
  return ea - eb || instant(a.submitted_at).getTime() - instant(b.submitted_at).getTime();
}

/** Confirmed placements, the soonest internship first. */
export function bySoonestWeek(a: HostApplication, b: HostApplication): number {
  const first = (x: HostApplication) => Math.min(...x.weeks.map((w) => Number(w.replace("-W", ""))));
  return first(a) - first(b) || a.pupil_first_name.localeCompare(b.pupil_first_name, "fr");
}

/** An application's state as its host reads it: "Lue par l'organisme" is the pupil's view;
 *  the host reads whether it still awaits an answer. */
export function hostStatusLabel(a: Pick<HostApplication, "status" | "read_at">): string {
  switch (a.status) {
    case "submitted":
    case "read":
      return a.read_at ? "Lue, sans réponse" : "Nouvelle, sans réponse";
    case "accepted":
      return "Acceptée, en attente de l'élève";
    default:
      return applicationStatusLabels[a.status];
  }
}
