import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { useFocusRescue } from "../../components/useFocusRescue";
import { GuideLink } from "../guidance/GuideLink";
import { weekText, type IsoWeek } from "../../dates";
import { applicationStatusLabels, de, formatKm, plural } from "../../i18n";
import { useOffer } from "../offers/queries";
import {
  useApply,
  useHostApplicationAction,
  useMyApplications,
  useOfferApplications,
  usePupilApplicationAction,
  usePupilApplications,
  type HostAction,
} from "./queries";
import { hostStatusLabel } from "./inbox";
import { RefuseApplication } from "./RefuseApplication";

type Status = components["schemas"]["ApplicationStatus"];
type PupilApplication = components["schemas"]["PupilApplication"];
type HostApplication = components["schemas"]["HostApplication"];

const severity = (s: Status) => (s === "confirmed" || s === "accepted" ? "success" : s === "submitted" || s === "read" ? "info" : "warning");

/** On an offer's page, for a pupil: choose weeks, write the letter, apply. */
export function ApplyForm({ offerId, weeks, twoWeeksOnly = false }: { offerId: string; weeks: IsoWeek[]; twoWeeksOnly?: boolean }) {
  const [chosen, setChosen] = useState<IsoWeek[]>(weeks.length === 1 || twoWeeksOnly ? weeks : []);
  const [motivation, setMotivation] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [done, setDone] = useState(false);
  const apply = useApply(offerId);
  const busy = apply.isPending;

  async function send(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const { ok, error } = await attempt(apply.mutateAsync({ weeks: chosen, motivation }));
    if (ok) {
      setDone(true);
      setNotice({ ok: true, text: "Candidature envoyée : l'organisme a 15 jours pour répondre." });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="postuler" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={{ border: "1px solid var(--border-default-grey)" }}>
      <h2 id="postuler" className={fr.cx("fr-h4")}>
        Postuler
      </h2>
      <NoticeAlert notice={notice} />
      {done ? (
        <p>
          <Link to="/eleve/candidatures">Voir mes candidatures</Link>
        </p>
      ) : (
        <form onSubmit={send} noValidate>
          {twoWeeksOnly ? (
            <p>
              Ce stage se fait sur les deux semaines, sans les séparer : {weeks.map(weekText).join(" et ")}.
              {Object.entries(errors)
                .filter(([k]) => k.startsWith("weeks"))
                .map(([, m]) => ` ${m}`)}
            </p>
          ) : (
            <Checkbox
              legend={weeks.length > 1 ? "Semaines demandées" : "Semaine demandée"}
              state={Object.keys(errors).some((k) => k.startsWith("weeks")) ? "error" : "default"}
              stateRelatedMessage={Object.entries(errors)
                .filter(([k]) => k.startsWith("weeks"))
                .map(([, m]) => m)
                .join(" ")}
              options={weeks.map((w) => ({
                label: weekText(w),
                nativeInputProps: {
                  checked: chosen.includes(w),
                  onChange: (e: { target: { checked: boolean } }) => setChosen(e.target.checked ? [...chosen, w] : chosen.filter((c) => c !== w)),
                },
              }))}
            />
          )}
          <Input
            textArea
            label="Ma lettre de motivation"
            hintText="Pourquoi ce stage t'intéresse (2 000 caractères au plus). Ton CV est joint depuis ton profil."
            nativeTextAreaProps={{ name: "motivation", rows: 6, maxLength: 2000, value: motivation, onChange: (e) => setMotivation(e.target.value) }}
            {...(errors.motivation ? { state: "error" as const, stateRelatedMessage: errors.motivation } : {})}
          />
          <GuideLink to="/guides/eleves-familles#lettre-motivation">Guide : écrire ta lettre de motivation</GuideLink>
          <Button type="submit" disabled={busy}>
            Envoyer ma candidature
          </Button>
        </form>
      )}
    </section>
  );
}

/** The pupil's applications, by state, with what they can do. */
export function MyApplicationsPage() {
  usePageTitle("Mes candidatures");
  const query = useMyApplications();
  const apps = query.data ?? (query.isError ? [] : undefined);
  const pupilAction = usePupilApplicationAction();
  const [notice, setNotice] = useState<Notice>(null);
  // A confirmed or cancelled application's buttons leave its card: the focus goes to the outcome.
  const { rescueRef: noticeRef, expectFocusLoss } = useFocusRescue<HTMLDivElement>();

  async function act(a: PupilApplication, action: "confirm" | "cancel") {
    if (action === "cancel" && !window.confirm(`Annuler ta candidature à « ${a.offer_title} » ?`)) return;
    const { ok, error } = await attempt(pupilAction.mutateAsync({ applicationId: a.id, action }));
    // A split seconde internship waits for the principal: a step, not a failure.
    const waitsForSchool = (error as { code?: string } | undefined)?.code === "SPLIT_NEEDS_APPROVAL";
    setNotice(
      ok
        ? { ok: true, text: action === "confirm" ? `Stage « ${a.offer_title} » confirmé !` : "Candidature annulée." }
        : { ok: waitsForSchool, text: errorMessage(error) },
    );
    if (ok) expectFocusLoss();
  }

  return (
    <>
      <h1>Mes candidatures</h1>
      <div ref={noticeRef} tabIndex={-1}>
        <NoticeAlert notice={notice} />
      </div>
      {!apps ? (
        <p aria-busy="true">Chargement…</p>
      ) : apps.length === 0 ? (
        <p>
          Aucune candidature pour l'instant. <Link to="/offres">Chercher un stage</Link>
        </p>
      ) : (
        <ul className={fr.cx("fr-raw-list")}>
          {apps.map((a) => (
            <li key={a.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
              <h2 className={fr.cx("fr-h5", "fr-mb-1w")}>
                <Link to={`/offres/${a.offer_id}`}>{a.offer_title}</Link>
              </h2>
              <p className={fr.cx("fr-mb-1w")}>
                {a.organisation_name} · {a.city} · {a.weeks.map(weekText).join(", ")}
              </p>
              <p className={fr.cx("fr-mb-1w")}>
                <Badge small severity={severity(a.status)}>
                  {applicationStatusLabels[a.status]}
                </Badge>{" "}
                {a.next_step}
              </p>
              {a.reason && (
                <p className={fr.cx("fr-mb-1w")}>
                  {a.status === "year_closed" ? "Message de Passerelle" : "Message de l'organisme"} : {a.reason}
                </p>
              )}
              <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
                {a.status === "accepted" && (
                  <li>
                    <Button onClick={() => act(a, "confirm")}>
                      Confirmer ce stage<span className={fr.cx("fr-sr-only")}> « {a.offer_title} »</span>
                    </Button>
                  </li>
                )}
                {["submitted", "read", "accepted", "confirmed"].includes(a.status) && (
                  <li>
                    <Button priority="tertiary" onClick={() => act(a, "cancel")}>
                      Annuler<span className={fr.cx("fr-sr-only")}> la candidature « {a.offer_title} »</span>
                    </Button>
                  </li>
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** A host's view of the applications to one offer: letter, CV, accept or reject with a reason. */
export function OfferApplicationsPage() {
  const { offerId = "" } = useParams();
  const offer = useOffer(offerId).data;
  const query = useOfferApplications(offerId);
  const apps = query.data;
  const hostAction = useHostApplicationAction();
  const [actionNotice, setNotice] = useState<Notice>(null);
  const notice = actionNotice ?? (query.isError ? { ok: false, text: errorMessage(query.error) } : null);
  usePageTitle(offer ? `Candidatures : ${offer.title}` : "Candidatures");

  // An answered application's buttons leave its card: the focus goes to the outcome, not to the page's top.
  const { rescueRef: noticeRef, expectFocusLoss } = useFocusRescue<HTMLDivElement>();

  async function run(label: string, action: HostAction) {
    const { ok, error } = await attempt(hostAction.mutateAsync(action));
    setNotice(ok ? { ok: true, text: label } : { ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
    if (ok) expectFocusLoss();
    return ok;
  }

  const who = (a: HostApplication) => `${a.pupil_first_name} ${a.pupil_last_name}`;
  return (
    <>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to="/espace">
          Mes offres
        </Link>
      </p>
      <h1>Candidatures{offer ? ` : ${offer.title}` : ""}</h1>
      {offer && (
        <ul>
          {offer.weeks.map((w) => (
            <li key={w.week}>
              {weekText(w.week).replace(/^s/, "S")} : {plural(w.places_left, "place restante", "places restantes")} sur {w.places}
            </li>
          ))}
        </ul>
      )}
      <div ref={noticeRef} tabIndex={-1}>
        <NoticeAlert notice={notice} />
      </div>
      {!apps ? (
        <p aria-busy="true">Chargement…</p>
      ) : apps.length === 0 ? (
        <p>Aucune candidature pour l'instant.</p>
      ) : (
        <ul className={fr.cx("fr-raw-list")}>
          {apps.map((a) => (
            <li key={a.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
              <h2 className={fr.cx("fr-h5", "fr-mb-1w")}>
                <Link to={`/candidatures/${a.id}`}>
                  {who(a)}
                  <span className={fr.cx("fr-sr-only")}> : ouvrir la candidature</span>
                </Link>
              </h2>
              <p className={fr.cx("fr-mb-1w")}>
                {a.school_name} · {a.class_name} · {a.weeks.map(weekText).join(", ")} ·{" "}
                <Badge small severity={severity(a.status)}>
                  {hostStatusLabel(a)}
                </Badge>
              </p>
              {a.far_from_home && (
                <Alert
                  small
                  severity="warning"
                  className={fr.cx("fr-mb-1w")}
                  description={
                    <>
                      L'élève habite à environ {formatKm(Math.round(a.distance_km ?? 0))} du lieu du stage.{" "}
                      {!a.travel_message_sent && (
                        <Button
                          size="small"
                          priority="secondary"
                          onClick={() => run("Message envoyé à l'élève.", { applicationId: a.id, action: "travel-message" })}
                        >
                          Demander à {a.pupil_first_name} si le trajet et le logement sont prévus
                        </Button>
                      )}
                    </>
                  }
                />
              )}
              <details className={fr.cx("fr-mb-1w")}>
                <summary>Lettre et CV {de(who(a))}</summary>
                <p style={{ whiteSpace: "pre-line" }}>{a.motivation}</p>
                <p>Centres d'intérêt : {a.cv.interests || "—"}</p>
                <p>Qualités : {a.cv.skills || "—"}</p>
                <p>Langues : {a.cv.languages || "—"}</p>
                <p>Activités : {a.cv.activities || "—"}</p>
              </details>
              {(a.status === "submitted" || a.status === "read") && (
                <>
                  <Button
                    className={fr.cx("fr-mr-2w", "fr-mb-1w")}
                    onClick={() => run(`Candidature de ${who(a)} acceptée.`, { applicationId: a.id, action: "accept" })}
                  >
                    Accepter<span className={fr.cx("fr-sr-only")}> la candidature {de(who(a))}</span>
                  </Button>
                  <RefuseApplication
                    who={who(a)}
                    pending={hostAction.isPending}
                    onRefuse={(reason) => run(`Candidature de ${who(a)} refusée.`, { applicationId: a.id, action: "reject", reason })}
                  />
                </>
              )}
              {a.reason && <p>Motif : {a.reason}</p>}
              {(a.status === "accepted" || a.status === "confirmed") && (
                <p className={fr.cx("fr-mb-0")}>
                  Un empêchement ? <Link to={`/candidatures/${a.id}`}>Annuler le stage {de(a.pupil_first_name)}</Link> (l'élève et son établissement sont
                  prévenus).
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** For the staff's pupil file: the pupil's applications and their states. */
export function PupilApplicationsList({ uai, pupilId }: { uai: string; pupilId: string }) {
  const query = usePupilApplications(uai, pupilId);
  const apps = query.data ?? (query.isError ? [] : undefined);
  if (!apps) return <p aria-busy="true">Chargement…</p>;
  if (apps.length === 0) return <p>Aucune candidature pour l'instant.</p>;
  return (
    <ul>
      {apps.map((a) => (
        <li key={a.id}>
          {a.offer_title} ({a.organisation_name}, {a.city}) — {applicationStatusLabels[a.status]}
        </li>
      ))}
    </ul>
  );
}
