import { Badge } from "@codegouvfr/react-dsfr/Badge";
import type { ReactNode } from "react";
import type { components } from "../../api/client";

/** The words of the priority-education badge, read by pupils of 14: who the offer is for, said
 *  plainly (not "REP", not an administrative label). */
export const PRIORITY_BADGE = "Réservée aux élèves de l'éducation prioritaire";

/** The badges saying an offer is kept for some pupils (only the pupils it is kept for see it).
 *  The search list uses it; any other list of offers a pupil reads shows them the same way. */
export function ReservedBadges({ offer }: { offer: { reserved: boolean; rep_only: boolean; grade_family: components["schemas"]["GradeFamily"] } }) {
  const badges: ReactNode[] = [];
  if (offer.reserved)
    badges.push(
      <Badge key="reserved" as="span" small severity="success">
        Réservée à ton {offer.grade_family === "lycee" ? "lycée" : "collège"}
      </Badge>,
    );
  if (offer.rep_only)
    badges.push(
      <Badge key="rep" as="span" small severity="success">
        {PRIORITY_BADGE}
      </Badge>,
    );
  return badges.length ? <>{badges.map((b) => [b, " "])}</> : null;
}
