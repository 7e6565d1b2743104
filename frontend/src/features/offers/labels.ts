// Words shown to people for the offers' enumerations, and small helpers.
import type { components } from "../../api/client";
import { formatNumber, plural } from "../../i18n";

export type IsoWeek = components["schemas"]["IsoWeek"];
export type OfferStatus = components["schemas"]["OfferStatus"];
export type Lunch = components["schemas"]["Lunch"];
export type Day = components["schemas"]["Day"];
export type OrganisationKind = components["schemas"]["OrganisationKind"];
export type DistanceFrom = components["schemas"]["DistanceFrom"];
export type GradeFamily = components["schemas"]["GradeFamily"];

export const statusLabels: Record<OfferStatus, string> = {
  draft: "Brouillon",
  published: "Publiée",
  unpublished: "Retirée",
  deleted: "Supprimée",
};

export const lunchLabels: Record<Lunch, string> = {
  canteen_invitation: "Invité(e) à la cantine de l'organisme",
  reduced_price: "Cantine à tarif réduit",
  none: "Pas de restauration sur place : prévoir son repas",
};

export const dayLabels: Record<Day, string> = {
  monday: "Lundi",
  tuesday: "Mardi",
  wednesday: "Mercredi",
  thursday: "Jeudi",
  friday: "Vendredi",
  saturday: "Samedi",
};

export const kindLabels: Record<OrganisationKind, string> = {
  company: "Entreprise",
  administration: "Administration",
  association: "Association",
  public_establishment: "Établissement public",
};

/** "À environ 12 km de chez toi", "À moins d'1 km de ton lycée": how far the offer is from the
 *  pupil (tutoiement), from home or, when home is not known, from their school. */
export function distanceText(km: number, from: DistanceFrom, gradeFamily: GradeFamily): string {
  const where = from === "home" ? "de chez toi" : gradeFamily === "lycee" ? "de ton lycée" : "de ton collège";
  return km < 1 ? `À moins d'1\u00a0km ${where}` : `À environ ${formatNumber(Math.round(km))}\u00a0km ${where}`;
}

/** "6 places pour les élèves en stage", or nothing when the boarding house did not say. */
export const boardingPlacesText = (places?: number | null) =>
  places == null ? null : plural(places, "place pour les élèves en stage", "places pour les élèves en stage");

/** A boarding house's contact as a link: an e-mail (mailto:), a phone number (tel:) or a web page
 *  (opened in a new window); null for anything else (written as it is). */
export function contactLink(contact: string): { href: string; text: string; external: boolean } | null {
  const c = contact.trim();
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c)) return { href: `mailto:${c}`, text: c, external: false };
  if (/^\+?[\d\s.()-]{10,}$/.test(c)) return { href: `tel:${c.replace(/[^\d+]/g, "")}`, text: c, external: false };
  const url = /^https?:\/\//i.test(c) ? c : /^www\./i.test(c) ? `https://${c}` : null;
  if (!url) return null;
  try {
    return { href: new URL(url).href, text: new URL(url).hostname, external: true };
  } catch {
    return null;
  }
}

/** "semaine du 1er février 2027". */
export { weekText } from "../../dates";

/** A week in a query parameter: the same ISO form as in bodies. */
export const weekParam = (w: IsoWeek) => w;

/** A key that makes a double click send the same request twice, not two requests. */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}
