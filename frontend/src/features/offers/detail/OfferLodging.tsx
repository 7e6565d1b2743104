// Far from home, on an offer's page (issue 27): for a signed-in pupil, how far the offer is from
// home (else from their school) and, past 10 km, the guide's question about the journey and
// lodging; for everyone, the boarding houses near the offer that take pupils in internship. Its
// own query, asked for once the offer shows: the page's first paint never waits for it.
import { fr } from "@codegouvfr/react-dsfr";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { formatKm } from "../../../i18n";
import { boardingPlacesText, contactLink, distanceText, type GradeFamily } from "../labels";
import { useOfferLodging } from "../queries";

export function OfferLodging({ offerId, isPupil, gradeFamily }: { offerId: string; isPupil: boolean; gradeFamily: GradeFamily }) {
  const lodging = useOfferLodging(offerId).data;
  if (!lodging) return null;
  const distance =
    isPupil && lodging.distance_km != null && lodging.distance_from ? distanceText(lodging.distance_km, lodging.distance_from, gradeFamily) : null;
  const houses = lodging.boarding_houses;
  if (!distance && houses.length === 0) return null;
  return (
    <>
      {distance && (
        <p>
          <span className={fr.cx("fr-icon-map-pin-2-line", "fr-icon--sm", "fr-mr-1v")} aria-hidden="true" />
          {distance}
        </p>
      )}
      {isPupil && lodging.far && lodging.message && (
        <CallOut title="Le trajet et le logement" titleAs="h3" iconId="fr-icon-home-4-line" colorVariant="yellow-tournesol">
          {lodging.message}
        </CallOut>
      )}
      {houses.length > 0 && (
        <section aria-labelledby="internats-proches">
          <h3 id="internats-proches" className={fr.cx("fr-h5", "fr-mb-1w")}>
            Internats proches
          </h3>
          <p className={fr.cx("fr-text--sm")}>
            Ces internats, à moins de 25 km du lieu de stage, peuvent accueillir des élèves pendant leur semaine de stage : il faut les contacter à l'avance.
          </p>
          <ul>
            {houses.map((h) => {
              const places = boardingPlacesText(h.places);
              const link = h.contact ? contactLink(h.contact) : null;
              return (
                <li key={h.uai} className={fr.cx("fr-mb-2w")}>
                  <strong>{h.name}</strong>
                  <br />
                  {h.address}, {h.postal_code} {h.city}
                  <br />À {formatKm(h.distance_km)} du lieu de stage{places && ` · ${places}`}
                  {h.contact && (
                    <>
                      <br />
                      Contact :{" "}
                      {link ? (
                        link.external ? (
                          <a className={fr.cx("fr-link")} href={link.href} target="_blank" rel="noopener noreferrer">
                            {link.text}
                            <span className={fr.cx("fr-sr-only")}> (site de l'internat, nouvelle fenêtre)</span>
                          </a>
                        ) : (
                          <a className={fr.cx("fr-link")} href={link.href}>
                            {link.text}
                          </a>
                        )
                      ) : (
                        h.contact
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </>
  );
}
