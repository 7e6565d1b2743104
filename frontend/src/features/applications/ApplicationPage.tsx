import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { useFocusRescue } from "../../components/useFocusRescue";
import { formatDateFr, formatDateTimeFr, weekText } from "../../dates";
import { de, formatKm } from "../../i18n";
import { useMembers } from "../organisations/queries";
import { canReject, clockText, hostStatusLabel } from "./inbox";
import { RefuseApplication } from "./RefuseApplication";
import { useCancelByHost, useForwardApplication, useHostApplication, useHostApplicationAction, type HostAction } from "./queries";

type HostApplication = components["schemas"]["HostApplication"];

/** One application, for a member of the host organisation (the forwarding e-mail links here):
 *  read the letter and the CV, answer, forward to a colleague, cancel a placement. */
export function ApplicationPage() {
  const { applicationId = "" } = useParams();
  const query = useHostApplication(applicationId);
  const a = query.data;
  usePageTitle(a ? `Candidature ${de(`${a.pupil_first_name} ${a.pupil_last_name}`)}` : "Candidature");
  const [notice, setNoticeState] = useState<Notice>(null);
  // The answer is given at the bottom of the page (where the form was, which may be gone): its
  // outcome, shown under the application's summary, is brought into view, and takes the focus
  // when the form it came from leaves the page (answered, cancelled).
  const { rescueRef: noticeRef, expectFocusLoss } = useFocusRescue<HTMLDivElement>();
  const setNotice = (n: Notice) => {
    setNoticeState(n);
    if (n?.ok) expectFocusLoss();
  };
  useEffect(() => {
    if (notice) noticeRef.current?.scrollIntoView?.({ block: "center", behavior: "smooth" });
  }, [notice, noticeRef]);

  if (query.isError) return <Alert severity="error" title="Candidature inaccessible" description={errorMessage(query.error)} />;
  if (!a) return <p aria-busy="true">Chargement…</p>;
  const who = `${a.pupil_first_name} ${a.pupil_last_name}`;
  const orgId = a.organisation_id;

  return (
    <>
      <p>
        <Link
          className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")}
          to={orgId ? `/organismes/${orgId}/candidatures` : `/offres/${a.offer_id}/candidatures`}
        >
          Candidatures reçues
        </Link>
      </p>
      <h1>Candidature {de(who)}</h1>
      <p className={fr.cx("fr-text--lead", "fr-mb-2w")}>
        Offre <Link to={`/offres/${a.offer_id}`}>« {a.offer_title} »</Link>
      </p>
      <p className={fr.cx("fr-mb-1w")}>
        <Badge small severity={a.status === "accepted" || a.status === "confirmed" ? "success" : canReject(a) ? "info" : "warning"}>
          {hostStatusLabel(a)}
        </Badge>
      </p>
      <ul>
        <li>
          {a.school_name}, classe {a.class_name}
        </li>
        <li>
          {a.weeks.length > 1 ? "Semaines demandées" : "Semaine demandée"} : {a.weeks.map(weekText).join(", ")}
        </li>
        <li>Reçue le {formatDateFr(a.submitted_at)}</li>
        {a.read_at && <li>Lue pour la première fois le {formatDateTimeFr(a.read_at)}</li>}
        {a.expires_at && (canReject(a) || a.status === "accepted") && (
          <li>
            <strong>
              {a.status === "accepted" ? "En attente de la confirmation de l'élève, " : "Sans réponse de votre part, la candidature "}
              {clockText(a.expires_at)}
            </strong>
          </li>
        )}
      </ul>
      <div ref={noticeRef} tabIndex={-1}>
        <NoticeAlert notice={notice} />
      </div>
      {a.far_from_home && <TravelNotice a={a} onNotice={setNotice} />}
      <h2 className={fr.cx("fr-h4", "fr-mt-3w")}>Lettre de motivation</h2>
      <p style={{ whiteSpace: "pre-line" }}>{a.motivation}</p>
      <h2 className={fr.cx("fr-h4")}>CV</h2>
      <dl>
        {(
          [
            ["Centres d'intérêt", a.cv.interests],
            ["Qualités", a.cv.skills],
            ["Langues", a.cv.languages],
            ["Activités", a.cv.activities],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className={fr.cx("fr-mb-1w")}>
            <dt className={fr.cx("fr-text--bold", "fr-mb-0")}>{label}</dt>
            <dd className={fr.cx("fr-ml-0")}>{value || "—"}</dd>
          </div>
        ))}
      </dl>
      {a.reason && (
        <p>
          <strong>Motif :</strong> {a.reason}
        </p>
      )}
      {canReject(a) && <Answer a={a} onNotice={setNotice} />}
      {(a.status === "accepted" || a.status === "confirmed") && <CancelPlacement a={a} onNotice={setNotice} />}
      {/* A closed application (refused, cancelled, expired) has nothing left to decide. */}
      {orgId && (canReject(a) || a.status === "accepted" || a.status === "confirmed") && <Forward a={a} orgId={orgId} onNotice={setNotice} />}
    </>
  );
}

type Props = { a: HostApplication; onNotice: (n: Notice) => void };

function TravelNotice({ a, onNotice }: Props) {
  const action = useHostApplicationAction();
  async function send() {
    const { ok, error } = await attempt(action.mutateAsync({ applicationId: a.id, action: "travel-message" }));
    onNotice(ok ? { ok: true, text: `Message envoyé à ${a.pupil_first_name}.` } : { ok: false, text: errorMessage(error) });
  }
  return (
    <Alert
      small
      severity="warning"
      className={fr.cx("fr-mb-2w")}
      description={
        <>
          L'élève habite à environ {formatKm(Math.round(a.distance_km ?? 0))} du lieu du stage.{" "}
          {a.travel_message_sent ? (
            "Vous lui avez demandé si le trajet et le logement sont prévus."
          ) : (
            <Button size="small" priority="secondary" onClick={send} disabled={action.isPending}>
              Demander à {a.pupil_first_name} si le trajet et le logement sont prévus
            </Button>
          )}
        </>
      }
    />
  );
}

function Answer({ a, onNotice }: Props) {
  const action = useHostApplicationAction();
  const [error, setError] = useState<string | undefined>();
  const who = `${a.pupil_first_name} ${a.pupil_last_name}`;

  async function run(v: HostAction, success: string) {
    const { ok, error: err } = await attempt(action.mutateAsync(v));
    if (ok) {
      setError(undefined);
      onNotice({ ok: true, text: success });
    } else {
      setError(fieldErrors(err).reason);
      onNotice({ ok: false, text: errorMessage(err) });
    }
    return ok;
  }

  return (
    <section aria-labelledby="repondre" className={fr.cx("fr-mt-4w")}>
      <h2 id="repondre" className={fr.cx("fr-h4")}>
        Répondre
      </h2>
      <p>En acceptant, vous réservez une place ; {a.pupil_first_name} a ensuite 15 jours pour confirmer.</p>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <li>
          <Button
            disabled={action.isPending}
            onClick={() => run({ applicationId: a.id, action: "accept" }, `Candidature ${de(who)} acceptée : ${a.pupil_first_name} doit maintenant confirmer.`)}
          >
            Accepter la candidature
          </Button>
        </li>
      </ul>
      <RefuseApplication
        who={who}
        pending={action.isPending}
        error={error}
        onRefuse={(reason) =>
          run({ applicationId: a.id, action: "reject", reason }, `Candidature ${de(who)} refusée : ${a.pupil_first_name} a reçu votre message.`)
        }
      />
    </section>
  );
}

function CancelPlacement({ a, onNotice }: Props) {
  const cancel = useCancelByHost();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!window.confirm(`Annuler le stage ${de(a.pupil_first_name)} ? L'élève et son établissement seront prévenus.`)) return;
    const { ok, error: err } = await attempt(cancel.mutateAsync({ applicationId: a.id, reason }));
    if (ok) {
      setError(undefined);
      onNotice({ ok: true, text: `Stage annulé : ${a.pupil_first_name} et son établissement sont prévenus, avec votre motif.` });
    } else {
      setError(fieldErrors(err).reason);
      onNotice({ ok: false, text: errorMessage(err) });
    }
  }
  return (
    <section aria-labelledby="annuler" className={fr.cx("fr-mt-4w")}>
      <h2 id="annuler" className={fr.cx("fr-h4")}>
        Annuler ce stage
      </h2>
      <p>
        Un empêchement ? Annulez le stage en expliquant pourquoi : {a.pupil_first_name} et son établissement sont prévenus tout de suite, et la place se libère.
      </p>
      <form onSubmit={submit} noValidate>
        <Input
          textArea
          label="Motif de l'annulation"
          hintText="5 caractères au moins ; l'élève et l'établissement le lisent."
          nativeTextAreaProps={{ name: "cancel_reason", rows: 3, maxLength: 1000, value: reason, onChange: (e) => setReason(e.target.value) }}
          {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
        />
        <Button type="submit" priority="tertiary" disabled={cancel.isPending}>
          Annuler le stage
        </Button>
      </form>
    </section>
  );
}

function Forward({ a, orgId, onNotice }: Props & { orgId: string }) {
  const { user } = useSession();
  const members = (useMembers(orgId).data ?? []).filter((m) => !m.pending && m.user_id !== user?.id);
  const forward = useForwardApplication();
  const [memberId, setMemberId] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(forward.mutateAsync({ applicationId: a.id, memberId, note }));
    if (ok) {
      const m = members.find((x) => x.user_id === memberId);
      setErrors({});
      setNote("");
      onNotice({ ok: true, text: `Candidature transmise à ${m ? `${m.first_name} ${m.last_name}` : "votre collègue"} par e-mail.` });
    } else {
      setErrors(fieldErrors(error));
      onNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="transmettre" className={fr.cx("fr-mt-4w")}>
      <h2 id="transmettre" className={fr.cx("fr-h4")}>
        Transmettre à un collègue
      </h2>
      {members.length === 0 ? (
        <p>
          Aucun autre membre de l'organisme pour l'instant. <Link to={`/organismes/${orgId}/equipe`}>Inviter un collègue</Link>
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <Select
            label="Collègue à qui la transmettre"
            nativeSelectProps={{ name: "member", value: memberId, onChange: (e) => setMemberId(e.target.value) }}
            {...(errors.user_id ? { state: "error" as const, stateRelatedMessage: errors.user_id } : {})}
          >
            <option value="">Choisir un collègue</option>
            {members.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.first_name} {m.last_name}
              </option>
            ))}
          </Select>
          <Input
            textArea
            label="Message (facultatif)"
            nativeTextAreaProps={{ name: "note", rows: 2, maxLength: 1000, value: note, onChange: (e) => setNote(e.target.value) }}
            {...(errors.note ? { state: "error" as const, stateRelatedMessage: errors.note } : {})}
          />
          <Button type="submit" priority="secondary" disabled={forward.isPending}>
            Transmettre la candidature
          </Button>
        </form>
      )}
    </section>
  );
}
