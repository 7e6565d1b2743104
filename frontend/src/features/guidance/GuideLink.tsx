import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";

/** A small link from a screen to the section of a guide (or the FAQ) that explains it:
 *  "Guide : préparer la semaine". Light on purpose: it is imported by the spaces' own chunks,
 *  the guide's text is loaded only when the link is followed. */
export function GuideLink({ to, children, className }: { to: string; children: string; className?: string }) {
  return (
    <p className={className ?? fr.cx("fr-mb-2w")}>
      <Link to={to} className={fr.cx("fr-link", "fr-link--sm", "fr-icon-question-line", "fr-link--icon-left")}>
        {children}
      </Link>
    </p>
  );
}
