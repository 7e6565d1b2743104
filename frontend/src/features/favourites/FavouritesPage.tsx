import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { PageSkeleton } from "../../components/PageSkeleton";
import { todayInParis } from "../../dates";
import { formatKm, plural } from "../../i18n";
import { ReservedBadges } from "../offers/ReservedBadges";
import { availabilitySeverity, availabilityText, closedText, favouriteWeekText } from "./labels";
import { useMyFavourites, useToggleFavourite, type FavouriteOffer } from "./queries";

/** "Mes favoris": the offers the pupil starred, newest first, each saying whether it is still
 *  open and how many places are left; one that closed stays, and says so. */
export function FavouritesPage() {
  usePageTitle("Mes favoris");
  const { user } = useSession();
  if (user?.role !== "student") {
    return (
      <>
        <h1>Mes favoris</h1>
        <Alert severity="info" small description="Les favoris sont réservés aux élèves : ils y gardent les offres qui les intéressent." />
      </>
    );
  }
  return <Favourites />;
}

function Favourites() {
  const favourites = useMyFavourites();
  const remove = useToggleFavourite();
  const [notice, setNotice] = useState<Notice>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  function unstar(f: FavouriteOffer) {
    setNotice(null);
    // The item leaves the list at once: focus goes to the title above it, not to the page's top.
    heading.current?.focus();
    remove.mutate(
      { offerId: f.offer_id, starred: false },
      {
        onSuccess: () => setNotice({ ok: true, text: `« ${f.title} » est retirée de tes favoris.` }),
        onError: (error) => setNotice({ ok: false, text: errorMessage(error) }),
      },
    );
  }

  if (favourites.isError) {
    return (
      <>
        <h1>Mes favoris</h1>
        <Alert severity="error" title="Tes favoris ne s'affichent pas" description={errorMessage(favourites.error)} />
      </>
    );
  }
  if (!favourites.data) return <PageSkeleton lines={4} />;
  const list = favourites.data;
  const today = todayInParis();
  return (
    <>
      <h1 ref={heading} tabIndex={-1} style={{ outline: "none" }}>
        Mes favoris
      </h1>
      <NoticeAlert notice={notice} />
      {list.length === 0 ? (
        <section aria-labelledby="aucun-favori" className={fr.cx("fr-callout")}>
          <h2 id="aucun-favori" className={fr.cx("fr-callout__title", "fr-h5")}>
            Tu n'as aucun favori pour l'instant
          </h2>
          <p className={fr.cx("fr-callout__text")}>
            Quand une offre te plaît, touche son étoile dans la recherche ou sur sa page : elle t'attendra ici, avec ses places libres.
          </p>
          <Link className={fr.cx("fr-btn", "fr-btn--icon-left", "fr-icon-search-line")} to="/offres">
            Chercher un stage
          </Link>
        </section>
      ) : (
        <>
          <p>
            {plural(list.length, "offre gardée", "offres gardées")}, de la plus récente à la plus ancienne. Si une offre se ferme, elle reste ici et tu sais
            pourquoi.
          </p>
          <ul className={fr.cx("fr-raw-list")}>
            {list.map((f) => (
              <FavouriteItem key={f.offer_id} favourite={f} today={today} onRemove={() => unstar(f)} />
            ))}
          </ul>
          <p>
            <Link className={fr.cx("fr-link", "fr-icon-search-line", "fr-link--icon-left")} to="/offres">
              Chercher d'autres offres
            </Link>
          </p>
        </>
      )}
    </>
  );
}

function FavouriteItem({ favourite: f, today, onRemove }: { favourite: FavouriteOffer; today: string; onRemove: () => void }) {
  const open = f.availability === "open";
  // A withdrawn offer has no page to open any more.
  const withdrawn = f.availability === "withdrawn";
  return (
    <li className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <h2 className={fr.cx("fr-h5", "fr-mb-1w")}>{withdrawn ? f.title : <Link to={`/offres/${f.offer_id}`}>{f.title}</Link>}</h2>
      <p className={fr.cx("fr-mb-1w")}>
        <Badge as="span" small severity={availabilitySeverity[f.availability]}>
          {availabilityText(f)}
        </Badge>
      </p>
      <p className={fr.cx("fr-mb-1w")}>
        {f.organisation_name} · {f.city} ({f.postal_code}){f.distance_km != null && <> · à {formatKm(f.distance_km)}</>}
      </p>
      <p className={fr.cx("fr-mb-1w")}>
        <ReservedBadges offer={f} />
        <Badge as="span" small noIcon>
          {f.sector_name}
        </Badge>
      </p>
      {f.weeks.length > 0 && (
        <ul className={fr.cx("fr-text--sm", "fr-mb-1w")}>
          {f.weeks.map((w) => (
            <li key={w.week}>{favouriteWeekText(w, today, f.availability)}</li>
          ))}
        </ul>
      )}
      {f.availability !== "open" && <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>{closedText[f.availability]}</p>}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--icon-left", "fr-mt-1w")}>
        {open && (
          <li>
            <Link className={fr.cx("fr-btn", "fr-btn--icon-left", "fr-icon-arrow-right-line")} to={`/offres/${f.offer_id}`}>
              Voir l'offre et postuler<span className={fr.cx("fr-sr-only")}> : « {f.title} »</span>
            </Link>
          </li>
        )}
        <li>
          <Button priority="tertiary" iconId="fr-icon-delete-bin-line" onClick={onRemove}>
            Retirer de mes favoris<span className={fr.cx("fr-sr-only")}> : « {f.title} »</span>
          </Button>
        </li>
      </ul>
    </li>
  );
}
