import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { ApplyForm } from "../applications/ApplicationPages";
import { blockedText, cvIsEmpty } from "../pupils/nextStep";
import { useMyPupilProfile } from "../pupils/queries";
import { dayLabels, lunchLabels, statusLabels, weekText, type IsoWeek } from "./labels";
import { useOffer, useReportOffer, useSectors } from "./queries";
import { PageSkeleton } from "../../components/PageSkeleton";
import { FavouriteButton } from "../favourites/FavouriteButton";
import { OfferLodging } from "./detail/OfferLodging";

/** An offer's page: what the pupil will see and do, where, when, with whom. */
export function OfferPage() {
  const { offerId = "" } = useParams();
  const { user } = useSession();
  const query = useOffer(offerId);
  const offer = query.data;
  const error = query.isError ? errorMessage(query.error) : null;
  usePageTitle(offer?.title ?? "Offre de stage");

  if (error) return <Alert severity="error" title="Offre indisponible" description={error} />;
  if (!offer) return <PageSkeleton />;
  return (
    <>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to={offer.mine ? "/espace" : "/offres"}>
          {offer.mine ? "Mes offres" : "Retour à la recherche"}
        </Link>
      </p>
      <h1>{offer.title}</h1>
      <p className={fr.cx("fr-text--lead")}>
        {offer.organisation_name} · {offer.city}
      </p>
      {!offer.mine && <FavouriteButton offerId={offer.id} title={offer.title} variant="text" />}
      <p>
        <Badge as="span" small>
          {offer.sector.name}
        </Badge>{" "}
        <Badge as="span" small severity="info" noIcon>
          {offer.grade_family === "lycee" ? "Seconde générale et technologique" : "Collège (4e et 3e)"}
        </Badge>{" "}
        {offer.mine && (
          <Badge as="span" small severity={offer.status === "published" ? "success" : "info"}>
            {statusLabels[offer.status]}
          </Badge>
        )}{" "}
        {offer.group_mode === "group" && (
          <Badge as="span" small severity="new">
            Stage collectif
          </Badge>
        )}
      </p>
      <h2 className={fr.cx("fr-h4")}>Au programme</h2>
      <p style={{ whiteSpace: "pre-line" }}>{offer.description}</p>
      <p>
        <strong>Métiers observés :</strong> {offer.jobs}
      </p>
      <OnisepLink sectorId={offer.sector.id} />
      {offer.activities && <p style={{ whiteSpace: "pre-line" }}>{offer.activities}</p>}
      <h2 className={fr.cx("fr-h4")}>Quand</h2>
      <ul>
        {offer.weeks.map((w) => (
          <li key={w.week}>
            {weekText(w.week)} : {w.places_left === 0 ? "complet" : `${w.places_left} ${w.places_left > 1 ? "places libres" : "place libre"} sur ${w.places}`}
          </li>
        ))}
      </ul>
      {offer.two_weeks_only ? <p>Ce stage se fait sur les deux semaines, sans les séparer.</p> : null}
      <ul>
        {offer.schedule.map((d) => (
          <li key={d.day}>
            {dayLabels[d.day]} : {d.start} – {d.end} (pause de {d.lunch_break_minutes} min)
          </li>
        ))}
      </ul>
      <h2 className={fr.cx("fr-h4")}>Où et avec qui</h2>
      <p>
        {offer.address}, {offer.postal_code} {offer.city}
      </p>
      <p>
        Tuteur ou tutrice : {offer.tutor_name}, {offer.tutor_function}
        {offer.tutor_email && ` · ${offer.tutor_email} · ${offer.tutor_phone}`}
      </p>
      <OfferLodging offerId={offer.id} isPupil={user?.role === "student"} gradeFamily={offer.grade_family} />
      <h2 className={fr.cx("fr-h4")}>Bon à savoir</h2>
      <p>
        <strong>Déjeuner :</strong> {lunchLabels[offer.lunch]}
      </p>
      {offer.accessibility && (
        <p>
          <strong>Accessibilité :</strong> {offer.accessibility}
        </p>
      )}
      {offer.practical_info && <p style={{ whiteSpace: "pre-line" }}>{offer.practical_info}</p>}
      {offer.partner_link ? (
        <p className={fr.cx("fr-mt-3w")}>
          <a className={fr.cx("fr-btn")} href={offer.partner_link} target="_blank" rel="noopener noreferrer">
            Postuler sur le site de l'association partenaire<span className={fr.cx("fr-sr-only")}> (nouvelle fenêtre)</span>
          </a>
        </p>
      ) : user?.role === "student" ? (
        offer.status === "published" && (
          <PupilApply offerId={offer.id} weeks={offer.weeks.filter((w) => w.places_left > 0).map((w) => w.week)} twoWeeksOnly={offer.two_weeks_only} />
        )
      ) : (
        !offer.mine && <HowToApply offerId={offer.id} signedIn={!!user} isStaff={user?.role === "school_staff"} />
      )}
      {user && !offer.mine && <ReportForm offerId={offer.id} />}
    </>
  );
}

/** The ONISEP's sheets of the sector's jobs (the national guidance service), when the sector has some. */
function OnisepLink({ sectorId }: { sectorId: string }) {
  const url = useSectors().data?.find((s) => s.id === sectorId)?.onisep_url;
  if (!url) return null;
  return (
    <p>
      <a className={fr.cx("fr-link")} href={url} target="_blank" rel="noopener noreferrer">
        Découvrir les métiers du secteur sur ONISEP<span className={fr.cx("fr-sr-only")}> (nouvelle fenêtre)</span>
      </a>
    </p>
  );
}

/** For whoever is not a pupil: how pupils apply (a visitor may be one, not yet signed in). */
function HowToApply({ offerId, signedIn, isStaff }: { offerId: string; signedIn: boolean; isStaff: boolean }) {
  return (
    <section aria-labelledby="comment-postuler" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={{ border: "1px solid var(--border-default-grey)" }}>
      <h2 id="comment-postuler" className={fr.cx("fr-h4")}>
        Comment postuler ?
      </h2>
      {signedIn ? (
        <p className={fr.cx("fr-mb-0")}>
          {isStaff
            ? "Cette offre s'adresse aux élèves : vos élèves postulent depuis leur espace élève, avec leur CV et une lettre de motivation."
            : "Cette offre s'adresse aux élèves : ils postulent depuis leur propre espace élève, avec leur CV et une lettre de motivation."}
        </p>
      ) : (
        <>
          <p>Les élèves postulent depuis leur espace Passerelle, avec leur CV et une courte lettre de motivation. L'organisme a 15 jours pour répondre.</p>
          <h3 className={fr.cx("fr-h6", "fr-mb-1w")}>Je suis élève</h3>
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
            <li>
              <Button linkProps={{ to: "/connexion", state: { from: `/offres/${offerId}` } }}>Me connecter pour postuler</Button>
            </li>
            <li>
              <Button priority="secondary" linkProps={{ to: "/inscription" }}>
                Créer mon compte élève
              </Button>
            </li>
          </ul>
          <h3 className={fr.cx("fr-h6", "fr-mb-1w")}>Je suis parent</h3>
          <p className={fr.cx("fr-mb-0")}>
            Votre enfant crée son compte élève et choisit sa classe ; son établissement enregistre votre autorisation parentale, puis il peut postuler.
          </p>
        </>
      )}
    </section>
  );
}

/** The pupil's way to apply: why not yet if they cannot, a nudge to fill the CV first, then the form. */
function PupilApply({ offerId, weeks, twoWeeksOnly }: { offerId: string; weeks: IsoWeek[]; twoWeeksOnly: boolean }) {
  const me = useMyPupilProfile().data;
  if (!me) return null;
  if (!me.can_search) {
    return (
      <Alert
        className={fr.cx("fr-mt-4w")}
        severity="info"
        title="Tu ne peux pas encore postuler"
        description={
          <>
            {blockedText(me.blocked?.code)} <Link to="/espace">Voir ma prochaine étape</Link>
          </>
        }
      />
    );
  }
  return (
    <>
      {cvIsEmpty(me.cv) && (
        <Alert
          className={fr.cx("fr-mt-4w")}
          severity="warning"
          title="Ton CV est vide"
          description={
            <>
              L'organisme lit ton CV avec ta lettre : quelques lignes sur tes centres d'intérêt et tes qualités font la différence.{" "}
              <Link to="/eleve/profil">Compléter mon CV avant de postuler</Link>
            </>
          }
        />
      )}
      {weeks.length === 0 ? (
        <p className={fr.cx("fr-mt-4w")}>Cette offre est complète pour toutes ses semaines.</p>
      ) : (
        <ApplyForm offerId={offerId} weeks={weeks} twoWeeksOnly={twoWeeksOnly} />
      )}
    </>
  );
}

function ReportForm({ offerId }: { offerId: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const report = useReportOffer(offerId);

  async function send(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(report.mutateAsync(reason));
    if (ok) {
      setNotice({ ok: true, text: "Merci : l'équipe Passerelle va examiner cette offre." });
      setOpen(false);
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  return (
    <section className={fr.cx("fr-mt-6w")} aria-labelledby="signaler">
      <h2 id="signaler" className={fr.cx("fr-h6")}>
        Un problème avec cette offre ?
      </h2>
      {notice && (
        <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} role={notice.ok ? "status" : "alert"} className={fr.cx("fr-mb-2w")} />
      )}
      {open ? (
        <form onSubmit={send}>
          <Input
            textArea
            label="Qu'est-ce qui ne va pas dans cette offre ?"
            nativeTextAreaProps={{ name: "reason", rows: 3, maxLength: 1000, value: reason, onChange: (e) => setReason(e.target.value) }}
          />
          <Button type="submit" priority="secondary">
            Envoyer le signalement
          </Button>
        </form>
      ) : (
        <Button priority="tertiary" iconId="fr-icon-flag-line" onClick={() => setOpen(true)}>
          Signaler cette offre
        </Button>
      )}
    </section>
  );
}
