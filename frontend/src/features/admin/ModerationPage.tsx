import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";
import { Section } from "../../components";
import { plural } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import { ModerationSection } from "./AdminSections";
import { useHiddenOffers } from "./queries";

/** The moderation queue; the offers hidden so far are listed on their own page. */
export function ModerationPage() {
  return (
    <AdminLayout title="Modération des offres">
      <ModerationSection />
      <HiddenOffersLink />
    </AdminLayout>
  );
}

function HiddenOffersLink() {
  const hidden = useHiddenOffers().data;
  return (
    <Section id="masquees" title="Offres masquées">
      <p>
        {hidden == null
          ? "Les offres masquées par la modération n'apparaissent plus dans la recherche."
          : hidden.total === 0
            ? "Aucune offre n'est masquée en ce moment."
            : `${plural(hidden.total, "offre est masquée", "offres sont masquées")} en ce moment.`}{" "}
        Une offre masquée par erreur, ou corrigée depuis par son organisme, peut être rétablie.
      </p>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-right-line", "fr-link--icon-right")} to="/admin/offres-masquees">
          Voir les offres masquées et en rétablir une
        </Link>
      </p>
    </Section>
  );
}
