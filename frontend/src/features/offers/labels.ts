// Words shown to people for the offers' enumerations, and small helpers.
import type { components } from "../../api/client";

export type IsoWeek = components["schemas"]["IsoWeek"];
export type OfferStatus = components["schemas"]["OfferStatus"];
export type Lunch = components["schemas"]["Lunch"];
export type Day = components["schemas"]["Day"];
export type OrganisationKind = components["schemas"]["OrganisationKind"];

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

/** "semaine du 1er février 2027". */
export { weekText } from "../../dates";

export const weekParam = (w: IsoWeek) => `${w.year}-W${String(w.week).padStart(2, "0")}`;

/** A key that makes a double click send the same request twice, not two requests. */
export function newIdempotencyKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}
