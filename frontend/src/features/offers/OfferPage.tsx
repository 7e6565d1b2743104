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
import { dayLabels, lunchLabels, statusLabels, weekText } from "./labels";
import { useOffer, useReportOffer } from "./queries";

/** An offer's page: what the pupil will see and do, where, when, with whom. */
export function OfferPage() {
  const { offerId = "" } = useParams();
  const { user } = useSession();
  const query = useOffer(offerId);
  const offer = query.data;
  const error = query.isError ? errorMessage(query.error) : null;
  usePageTitle(offer?.title ?? "Offre de stage");

  if (error) return <Alert severity="error" title="Offre indisponible" description={error} />;
  if (!offer) return <p aria-busy="true">Chargement…</p>;
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
      <p>
        <Badge small>{offer.sector.name}</Badge>{" "}
        <Badge small severity="info" noIcon>
          {offer.grade_family === "lycee" ? "Seconde générale et technologique" : "Collège (4e et 3e)"}
        </Badge>{" "}
        {offer.mine && (
          <Badge small severity={offer.status === "published" ? "success" : "info"}>
            {statusLabels[offer.status]}
          </Badge>
        )}{" "}
        {offer.group_mode === "group" && (
          <Badge small severity="new">
            Stage collectif
          </Badge>
        )}
      </p>
      <h2 className={fr.cx("fr-h4")}>Ce que vous allez découvrir</h2>
      <p style={{ whiteSpace: "pre-line" }}>{offer.description}</p>
      <p>
        <strong>Métiers observés :</strong> {offer.jobs}
      </p>
      {offer.activities && <p style={{ whiteSpace: "pre-line" }}>{offer.activities}</p>}
      <h2 className={fr.cx("fr-h4")}>Quand</h2>
      <ul>
        {offer.weeks.map((w) => (
          <li key={`${w.week.year}-${w.week.week}`}>
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
      ) : (
        user?.role === "student" &&
        offer.status === "published" && (
          <ApplyForm offerId={offer.id} weeks={offer.weeks.filter((w) => w.places_left > 0).map((w) => w.week)} twoWeeksOnly={offer.two_weeks_only} />
        )
      )}
      {user && !offer.mine && <ReportForm offerId={offer.id} />}
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
            label="Pourquoi signalez-vous cette offre ?"
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
