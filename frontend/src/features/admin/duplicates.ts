// The back office's duplicates in words and forms: an organisation or a school corrected, or a
// duplicate merged into the one kept. Pure functions, tested without a page.
import type { components } from "../../api/client";
import { formatDateFr, instant } from "../../dates";
import { de, listFr, plural } from "../../i18n";

export type AdminOrganisation = components["schemas"]["AdminOrganisation"];
export type AdminSchool = components["schemas"]["AdminSchool"];
type OrganisationRequest = components["schemas"]["CreateOrganisationRequest"];
type MergeOrganisationResponse = components["schemas"]["MergeOrganisationResponse"];
type MergeSchoolResponse = components["schemas"]["MergeSchoolResponse"];

/** The organisation form's fields, as typed (strings; the ministry or the group by status). */
export type OrganisationForm = {
  name: string;
  siret: string;
  kind: OrganisationRequest["kind"];
  is_public: boolean;
  ministry_id: string;
  group_name: string;
  naf_code: string;
  address: string;
  postal_code: string;
  city: string;
};

/** The form prefilled with what the organisation holds today. */
export function organisationForm(o: AdminOrganisation): OrganisationForm {
  return {
    name: o.name,
    siret: o.siret,
    kind: o.kind,
    is_public: o.is_public,
    ministry_id: o.ministry_id ?? "",
    group_name: o.group_name ?? "",
    naf_code: o.naf_code ?? "",
    address: o.address,
    postal_code: o.postal_code,
    city: o.city,
  };
}

/** The request for these fields: a public organisation has a ministry and no group, a private one
 *  the reverse; the sector stays the one chosen before (the NAF code only pre-selects it). */
export function organisationRequest(f: OrganisationForm, current: AdminOrganisation): OrganisationRequest {
  const text = (s: string) => s.trim() || null;
  return {
    name: f.name.trim(),
    siret: f.siret.trim(),
    kind: f.kind,
    is_public: f.is_public,
    ministry_id: f.is_public ? text(f.ministry_id) : null,
    group_name: f.is_public ? null : text(f.group_name),
    naf_code: text(f.naf_code),
    sector_id: current.sector_id ?? null,
    address: f.address.trim(),
    postal_code: f.postal_code.trim(),
    city: f.city.trim(),
  };
}

/** "732 829 320 00074": a SIRET the way it is printed (SIREN in threes, then the NIC). */
export function formatSiret(siret: string): string {
  const d = siret.replace(/\s/g, "");
  return /^\d{14}$/.test(d) ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6, 9)} ${d.slice(9)}` : siret;
}

/** "son membre", "ses 3 membres" (never "ses 1 membre"). */
const its = (n: number, one: string, many: string) => (n === 1 ? `son ${one}` : `ses ${plural(n, one, many)}`);

/** What moves when `duplicate` is merged into `kept`, for the confirmation. */
export function organisationMergeWarning(duplicate: AdminOrganisation, kept: AdminOrganisation): string {
  const moves = [
    duplicate.members > 0 ? its(duplicate.members, "membre", "membres") : null,
    duplicate.offers > 0 ? its(duplicate.offers, "offre", "offres") : null,
    "ses conventions",
  ].filter((m): m is string => m !== null);
  const text = `${listFr(moves)} passeront à « ${kept.name} » (SIRET ${formatSiret(kept.siret)}, ${kept.city}).`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The success message, with what moved. */
export function organisationMerged(duplicateName: string, r: MergeOrganisationResponse): string {
  const moved = listFr([
    plural(r.members_moved, "membre déplacé", "membres déplacés"),
    plural(r.offers_moved, "offre déplacée", "offres déplacées"),
    plural(r.agreements_moved, "convention déplacée", "conventions déplacées"),
  ]);
  return `Fusion faite : l'organisme « ${duplicateName} » est supprimé, tout passe à « ${r.organisation.name} » (${moved}).`;
}

/** The school's state in the back office: "Corrigé le 1er février 2027", "Regroupé avec 0750001A". */
export function schoolStatus(s: AdminSchool): string[] {
  const out: string[] = [];
  if (s.merged_into) out.push(`Regroupé avec ${s.merged_into}`);
  if (s.corrected_at) out.push(`Corrigé le ${formatDateFr(instant(s.corrected_at))}`);
  return out;
}

/** Whether a school can be merged into another: only a registered school that was not merged
 *  already has something to move. */
export const canMergeSchool = (s: AdminSchool) => s.registered && !s.merged_into;

/** Schools a duplicate can be merged into: any other that was not itself merged away. */
export const schoolTargets = (duplicate: AdminSchool, found: AdminSchool[]) => found.filter((s) => s.uai !== duplicate.uai && !s.merged_into);

/** What moves when the registered `duplicate` is regrouped into `kept`, for the confirmation. */
export function schoolMergeWarning(duplicate: AdminSchool, kept: AdminSchool): string {
  const pupils =
    duplicate.pupils === 0
      ? null
      : duplicate.pupils === 1
        ? "son élève, ses candidatures et ses conventions"
        : `ses ${plural(duplicate.pupils, "élève", "élèves")}, leurs candidatures et leurs conventions`;
  const moves = [
    duplicate.staff > 0 ? `son équipe (${plural(duplicate.staff, "personne", "personnes")})` : null,
    "ses classes (celles de même année et de même nom sont fusionnées)",
    "ses semaines de stage",
    pupils,
  ].filter((m): m is string => m !== null);
  return `Tout passera ${de(`${duplicate.name} (${duplicate.uai})`)} à ${kept.name} (${kept.uai}) : ${listFr(moves)}.`;
}

/** The success message of a school merge, with what moved. */
export function schoolMerged(duplicate: AdminSchool, r: MergeSchoolResponse): string {
  const moved = listFr([
    plural(r.pupils_moved, "élève déplacé", "élèves déplacés"),
    plural(r.applications_moved, "candidature déplacée", "candidatures déplacées"),
    plural(r.agreements_moved, "convention déplacée", "conventions déplacées"),
    plural(r.classes_merged, "classe fusionnée", "classes fusionnées"),
  ]);
  return `Regroupement fait ${de(`${duplicate.name} (${duplicate.uai})`)} vers ${r.school.name} (${r.school.uai}) : ${moved}. L'UAI ${duplicate.uai} ne peut plus être inscrit.`;
}

/** A latitude or longitude as typed ("48,8566" or "48.8566"); empty is none; anything else is
 *  an error message. */
export function parseCoordinate(s: string, min: number, max: number): { value: number | null; error?: string } {
  const t = s.trim().replace(",", ".");
  if (!t) return { value: null };
  const n = Number(t);
  if (!Number.isFinite(n) || n < min || n > max) return { value: null, error: `Un nombre entre ${min} et ${max}, par exemple 48,8566.` };
  return { value: n };
}

/** A coordinate as the French write it (decimal comma), or empty. */
export const coordinateText = (n?: number | null) => (n == null ? "" : String(n).replace(".", ","));
