// The aftermath's rules on the screen side, without React: what the pupil still has to answer,
// the answers by class, rates shown only from enough answers, the quality table's order.
import { formatDateFr } from "../../dates";
import { listFr, plural } from "../../i18n";
import type { Assessment, ClassFeedback, FeedbackQuestion, HostQuality } from "./queries";

/** Under this many answers, nothing of what pupils said is shown (their anonymity). */
export const MIN_ANSWERS = 5;

export const attendanceLabels: Record<Assessment["attendance"], string> = {
  full: "Présent toute la semaine",
  partial: "Présent une partie de la semaine",
  absent: "Absent",
};

/** The questions the pupil has not answered yet, oldest first (the first one to do). */
export function unanswered(questions: FeedbackQuestion[]): FeedbackQuestion[] {
  return questions.filter((q) => !q.submitted_at).sort((a, b) => (a.asked_at < b.asked_at ? -1 : 1));
}

/** The nudge on the pupil's home, said with "tu"; nothing when every question is answered. */
export function feedbackNudge(questions: FeedbackQuestion[]): { title: string; text: string } | null {
  const todo = unanswered(questions);
  if (todo.length === 0) return null;
  const where = listFr([...new Set(todo.map((q) => q.organisation_name))]);
  return {
    title: todo.length > 1 ? "Raconte tes stages" : "Raconte ton stage",
    text: `Ton stage chez ${where} est terminé : réponds à ${todo.length > 1 ? `${todo.length} courts questionnaires` : "4 questions"} pour aider ta classe et les prochains élèves. Ton professeur lit tes réponses ; l'organisme ne voit qu'un résumé sans ton nom.`,
  };
}

/** The form's draft from a question (answered or not). */
export type Draft = { observed: string; recommend: "" | "yes" | "no"; jobs: string; for_class: string };

export function draftOf(q: FeedbackQuestion): Draft {
  return {
    observed: q.observed,
    recommend: q.recommend == null ? "" : q.recommend ? "yes" : "no",
    jobs: q.jobs,
    for_class: q.for_class,
  };
}

/** Checks made before sending (the server checks the same and answers in French too). */
export function draftProblems(d: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  const len = (s: string) => [...s.trim()].length;
  if (len(d.observed) < 3 || len(d.observed) > 2000) out.observed = "Raconte en quelques mots ce que tu as observé (3 à 2 000 caractères).";
  if (!d.recommend) out.recommend = "Choisis « Oui » ou « Non ».";
  if (len(d.jobs) > 500) out.jobs = "500 caractères au plus.";
  if (len(d.for_class) > 2000) out.for_class = "2 000 caractères au plus.";
  return out;
}

/** "Oui", "Non", or a dash when not answered. */
export const recommendText = (r?: boolean | null) => (r == null ? "—" : r ? "Oui" : "Non");

/** The answers grouped by class (classes in alphabetical order, pupils by last then first name). */
export function byClass(rows: ClassFeedback[]): [className: string, rows: ClassFeedback[]][] {
  const groups = new Map<string, ClassFeedback[]>();
  for (const r of rows) groups.set(r.class_name, [...(groups.get(r.class_name) ?? []), r]);
  const name = (r: ClassFeedback) => `${r.pupil_last_name} ${r.pupil_first_name}`;
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "fr", { numeric: true }))
    .map(([c, rs]) => [c, rs.slice().sort((x, y) => name(x).localeCompare(name(y), "fr"))]);
}

/** "3 réponses" for a class's heading (the school reads only the questionnaires answered). */
export function answeredText(rows: ClassFeedback[]): string {
  return plural(rows.filter((r) => r.submitted_at).length, "réponse", "réponses");
}

const decimal = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** "83,3 %", or why there is no rate ("moins de 5 réponses"). */
export function rateText(rate: number | null | undefined, answers: number): string {
  if (rate != null) return `${decimal.format(rate)} %`;
  return answers === 0 ? "aucune réponse" : `moins de ${MIN_ANSWERS} réponses`;
}

export type QualityKey = "name" | "offers" | "placements" | "cancellations" | "absences" | "answers" | "recommend_rate";
export type SortOrder = { key: QualityKey; descending: boolean };

/** The quality table in the order asked; hosts without a rate come last whatever the direction. */
export function sortQuality(rows: HostQuality[], order: SortOrder): HostQuality[] {
  const dir = order.descending ? -1 : 1;
  return rows.slice().sort((a, b) => {
    if (order.key === "name") return dir * a.name.localeCompare(b.name, "fr");
    const x = a[order.key];
    const y = b[order.key];
    if (x == null || y == null) return x == null && y == null ? a.name.localeCompare(b.name, "fr") : x == null ? 1 : -1;
    return x === y ? a.name.localeCompare(b.name, "fr") : dir * (x - y);
  });
}

/** "demandé le 8 février 2027", "répondu le 9 février 2027". */
export function questionDate(q: Pick<FeedbackQuestion, "asked_at" | "submitted_at">): string {
  return q.submitted_at ? `Répondu le ${formatDateFr(q.submitted_at)}` : `Demandé le ${formatDateFr(q.asked_at)}`;
}
