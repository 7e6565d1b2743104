// Words of the favourites' screens (pure: tested without a screen). Weeks and dates are written
// by src/dates.ts, as everywhere else.
import type { BadgeProps } from "@codegouvfr/react-dsfr/Badge";
import { mondayOf, weekText, type IsoWeek } from "../../dates";
import { plural } from "../../i18n";
import type { FavouriteAvailability, FavouriteOffer } from "./queries";

/** The badge of a favourite: whether the pupil may still apply, in a word or two. */
export function availabilityText(f: Pick<FavouriteOffer, "availability" | "places_left">): string {
  switch (f.availability) {
    case "open":
      return `Ouverte · ${plural(f.places_left, "place", "places")}`;
    case "full":
      return "Complète";
    case "past":
      return "Semaines passées";
    case "withdrawn":
      return "Retirée par l'organisme";
  }
}

/** The badge's colour: green while open, orange when full, red when withdrawn, grey once past. */
export const availabilitySeverity: Record<FavouriteAvailability, BadgeProps["severity"]> = {
  open: "success",
  full: "warning",
  past: undefined,
  withdrawn: "error",
};

/** One sentence under a favourite the pupil can no longer apply to, saying why. */
export const closedText: Record<Exclude<FavouriteAvailability, "open">, string> = {
  full: "Toutes les places sont prises : tu ne peux plus postuler à cette offre.",
  past: "Ses semaines de stage ont commencé : tu ne peux plus postuler à cette offre.",
  withdrawn: "L'organisme ne propose plus cette offre : tu ne peux plus y postuler.",
};

/** Whether an ISO week has begun on `today` ("2027-01-18", in Paris). */
export const weekStarted = (w: IsoWeek, today: string) => mondayOf(w).toISOString().slice(0, 10) <= today;

/** "semaine du 18 janvier 2027 : 2 places", "… : complète", "… : commencée"; a withdrawn
 *  offer's weeks alone (its places no longer mean anything). */
export function favouriteWeekText(w: { week: IsoWeek; places_left: number }, today: string, availability?: FavouriteAvailability): string {
  if (availability === "withdrawn") return weekText(w.week);
  const state = weekStarted(w.week, today) ? "commencée" : w.places_left === 0 ? "complète" : plural(w.places_left, "place", "places");
  return `${weekText(w.week)} : ${state}`;
}
