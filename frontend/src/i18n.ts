// Words shown to people, in French, for the API's enumerations.
import type { components, Role, StaffFunction } from "./api/client";

export const roleLabels: Record<Role, string> = {
  student: "Élève",
  school_staff: "Personnel d'établissement",
  employer: "Organisme d'accueil",
  operator: "Association partenaire",
  referent: "Référent de l'État",
  admin: "Administrateur",
};

export const staffFunctionLabels: Record<StaffFunction, string> = {
  principal: "Chef d'établissement",
  main_teacher: "Professeur principal",
  teacher: "Enseignant",
  cpe: "Conseiller principal d'éducation",
  documentalist: "Professeur documentaliste",
  psychologist: "Psychologue de l'Éducation nationale",
  administrative: "Personnel administratif",
  other: "Autre",
};

/** An application's state, as the pupil and the host read it. */
export const applicationStatusLabels: Record<components["schemas"]["ApplicationStatus"], string> = {
  submitted: "Envoyée",
  read: "Lue par l'organisme",
  accepted: "Acceptée",
  confirmed: "Stage confirmé",
  rejected: "Non retenue",
  cancelled_by_pupil: "Annulée par l'élève",
  cancelled_by_host: "Annulée par l'organisme",
  withdrawn: "Retirée",
  expired: "Expirée",
  year_closed: "Close (fin d'année)",
};

/** An internship found outside Passerelle, as the pupil and the school read where it stands. */
export const externalInternshipStatusLabels: Record<components["schemas"]["ExternalInternshipStatus"], string> = {
  declared: "En attente de validation",
  validated: "Validé",
  rejected: "Refusé",
};

/** How a pupil's internship was found, as the school's follow-up shows it. */
export const coverageLabels: Record<components["schemas"]["Coverage"], string> = {
  platform: "Stage trouvé sur Passerelle",
  elsewhere: "Trouvé hors plateforme",
  without: "Sans stage",
};

export type Grade = components["schemas"]["Grade"];

export const gradeLabels: Record<Grade, string> = { quatrieme: "Quatrième", troisieme: "Troisième", seconde: "Seconde" };

export const genderLabels: Record<string, string> = { female: "Filles", male: "Garçons", not_stated: "Non renseigné" };

export const scopeKindLabels: Record<components["schemas"]["ScopeKind"], string> = {
  department: "département",
  academie: "académie",
  region: "région",
  ministry: "ministère",
  national: "national",
};

/** "de Paul", "d'Inès", "d'Hugo": French elision before a vowel or a mute h. */
export function de(name: string): string {
  return /^[aeiouyhàâäéèêëîïôöùûüœAEIOUYHÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ]/.test(name.trim()) ? `d'${name.trim()}` : `de ${name.trim()}`;
}

/** A list read aloud: "a", "a et b", "a, b et c". */
export function listFr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} et ${items[items.length - 1]}`;
}

/** "0 offre", "1 offre", "3 offres" (in French the singular goes up to 1). */
export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("fr-FR")} ${Math.abs(n) >= 2 ? many : one}`;
}

export const selfServiceRoles: Role[] = ["student", "school_staff", "employer", "operator"];

const numberFr = new Intl.NumberFormat("fr-FR");
const decimalFr = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** "1 234", "2,5": a number written the French way. */
export const formatNumber = (n: number) => numberFr.format(n);

/** "2,2 km": a distance with a decimal comma. */
/** "12,5\u00a0km": the unit never alone at the start of a line. */
export const formatKm = (km: number) => `${decimalFr.format(km)}\u00a0km`;

/** "42 %", or a dash when there is no figure. */
export const formatPct = (pct?: number | null) => (pct == null ? "—" : `${numberFr.format(pct)} %`);
