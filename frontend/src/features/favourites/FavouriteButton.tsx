import { fr } from "@codegouvfr/react-dsfr";
import type { CSSProperties } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { useMyFavourites, useToggleFavourite } from "./queries";

// A touch target of 44 px on phones (the DSFR's buttons are 40 px high): the star is an icon
// alone in a square, centred; its name is for screen readers (and the tooltip).
const iconOnly: CSSProperties = {
  minWidth: "2.75rem",
  maxWidth: "2.75rem",
  minHeight: "2.75rem",
  maxHeight: "2.75rem",
  paddingLeft: "0.625rem",
  paddingRight: "0.625rem",
  flex: "none",
};

/** The star of an offer: puts it in the pupil's favourites or takes it out. Only a signed-in
 *  pupil sees it (visitors and adults see nothing). `icon`: a square star, its name saying which
 *  offer (lists, the map); `text`: a labelled button, for the offer's own page. */
export function FavouriteButton({ offerId, title, variant = "icon" }: { offerId: string; title: string; variant?: "icon" | "text" }) {
  const { user } = useSession();
  if (user?.role !== "student") return null;
  return <Star offerId={offerId} title={title} variant={variant} />;
}

function Star({ offerId, title, variant }: { offerId: string; title: string; variant: "icon" | "text" }) {
  const favourites = useMyFavourites();
  const toggle = useToggleFavourite();
  // Until the list is read the star's state is unknown: no star rather than a wrong one.
  if (!favourites.isSuccess) return null;
  const saved = favourites.data.some((f) => f.offer_id === offerId);
  // Pressed at once: the star shows what the pupil asked while the server answers.
  const pressed = toggle.isPending ? toggle.variables.starred : saved;
  const name = pressed ? `Retirer « ${title} » de mes favoris` : `Ajouter « ${title} » à mes favoris`;
  const icon = pressed ? "fr-icon-star-fill" : "fr-icon-star-line";
  // A second tap while the first is on its way is not dropped: it is queued behind it.
  const click = () => toggle.mutate({ offerId, starred: !pressed });
  const error = toggle.isError ? (
    <p className={fr.cx("fr-error-text", "fr-mt-1w")} role="alert" style={{ flexBasis: "100%" }}>
      {errorMessage(toggle.error)}
    </p>
  ) : null;

  if (variant === "icon") {
    return (
      <>
        <button type="button" className={fr.cx("fr-btn", "fr-btn--tertiary", icon)} style={iconOnly} aria-pressed={pressed} title={name} onClick={click}>
          <span className={fr.cx("fr-sr-only")}>{name}</span>
        </button>
        {error}
      </>
    );
  }
  return (
    <div className={fr.cx("fr-mb-3w")}>
      <button
        type="button"
        className={fr.cx("fr-btn", "fr-btn--secondary", "fr-btn--icon-left", icon)}
        style={{ minHeight: "2.75rem" }}
        aria-pressed={pressed}
        onClick={click}
      >
        {pressed ? "Retirer de mes favoris" : "Ajouter à mes favoris"}
      </button>
      {pressed && (
        <p className={fr.cx("fr-text--sm", "fr-mt-1w", "fr-mb-0")}>
          Cette offre est dans <Link to="/eleve/favoris">mes favoris</Link>.
        </p>
      )}
      {error}
    </div>
  );
}
