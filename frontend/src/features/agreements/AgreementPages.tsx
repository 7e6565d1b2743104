import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { saveBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, usePageTitle, type Notice } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { useSession } from "../../auth/session";
import { formatDateFr, formatDateTimeFr, todayInParis } from "../../dates";
import { de } from "../../i18n";
import {
  downloadAgreementPdf,
  useAgreement,
  useAgreements,
  useAskSigningCode,
  useIssueAttestation,
  useReportAbsence,
  useRequestAttestation,
  useResendSigningLinks,
  useSaveHostPart,
  useSaveSchoolPart,
  useSignAgreement,
  useSignAsRepresentative,
  useSigningLink,
  useVerifyAgreement,
} from "./queries";
import { AgreementLine, AgreementStatusBadge, partyLabels, othersText, waitingText, yourTurnText, type ActingParty } from "./status";
import { AssessmentsSection } from "../feedback/AssessmentsSection";

type AgreementView = components["schemas"]["AgreementView"];
type Party = components["schemas"]["AgreementParty"];
type HostPart = components["schemas"]["HostPart"];
type SchoolPart = components["schemas"]["SchoolPart"];

const frDate = (d: string) => formatDateFr(d);
const frDateTime = formatDateTimeFr;

/** On each dashboard: the agreements of the person, with their state and who is awaited. */
export function AgreementsSection() {
  const list = useAgreements().data;
  const { user } = useSession();
  const party = user?.role === "employer" ? "host" : user?.role === "student" ? "pupil" : null;
  if (!list || list.length === 0) return null;
  return (
    <Section id="conventions" title="Conventions de stage">
      <ul className={fr.cx("fr-raw-list")}>
        {list.map((a) => (
          <li key={a.id} className={fr.cx("fr-mb-2w")}>
            <AgreementLine a={a} party={party} />
          </li>
        ))}
      </ul>
    </Section>
  );
}

async function openPdf(agreementId: string, file: "pdf" | "attestation.pdf", setNotice: (n: Notice) => void) {
  const { ok, data, error } = await attempt(downloadAgreementPdf(agreementId, file));
  if (!ok) return setNotice({ ok: false, text: errorMessage(error) });
  saveBlob(data, file === "attestation.pdf" ? "attestation.pdf" : "convention.pdf");
}

/** Whether the person who will sign for the organisation (`me`) is named neither as its
 *  representative nor as the signatory by delegation: the server would refuse their signature. */
export function signerNamedOtherwise(part: Pick<HostPart, "representative_name" | "signatory_name">, me: string): boolean {
  const norm = (s: string) => s.trim().toLocaleLowerCase("fr").replace(/\s+/g, " ");
  return !!me.trim() && !!part.representative_name.trim() && !part.signatory_name.trim() && norm(part.representative_name) !== norm(me);
}

function HostPartForm({ agreement }: { agreement: AgreementView }) {
  const { user } = useSession();
  const myName = user ? `${user.first_name} ${user.last_name}`.trim() : "";
  // An empty part starts with the signed-in person as the representative (they correct it).
  const [part, setPart] = useState<HostPart>(() =>
    agreement.host_part.representative_name.trim() || !myName ? agreement.host_part : { ...agreement.host_part, representative_name: myName },
  );
  const signerMismatch = signerNamedOtherwise(part, myName);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const saveHostPart = useSaveHostPart(agreement.id);
  const busy = saveHostPart.isPending;
  const field = (key: keyof HostPart, label: string, hint?: string, area = false) => {
    const value = (part[key] as string) ?? "";
    const common = { name: key, value, onChange: (e: { target: { value: string } }) => setPart({ ...part, [key]: e.target.value }) };
    return area ? (
      <Input
        textArea
        label={label}
        hintText={hint}
        nativeTextAreaProps={{ ...common, rows: 3 }}
        {...(errors[key] ? { state: "error" as const, stateRelatedMessage: errors[key] } : {})}
      />
    ) : (
      <Input label={label} hintText={hint} nativeInputProps={common} {...(errors[key] ? { state: "error" as const, stateRelatedMessage: errors[key] } : {})} />
    );
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (agreement.signatures.length > 0 && !window.confirm("Modifier la convention annule les signatures déjà recueillies. Continuer ?")) return;
    const { ok, error } = await attempt(saveHostPart.mutateAsync(part));
    if (ok) {
      setErrors({});
      setNotice({ ok: true, text: "Partie de l'organisme enregistrée." });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="partie-organisme">
      <h3 id="partie-organisme" className={fr.cx("fr-h5")}>
        Partie de l'organisme d'accueil
      </h3>
      {field("representative_name", "Nom du représentant de l'organisme", "La personne qui engage l'organisme : le gérant, le directeur…")}
      {field("representative_function", "Fonction du représentant")}
      {field(
        "signatory_name",
        "Signataire par délégation (facultatif)",
        "Si vous signez à la place du représentant, indiquez votre nom : la convention le dira.",
      )}
      {field("signatory_function", "Fonction du signataire par délégation (facultatif)")}
      {signerMismatch ? (
        <Alert
          small
          severity="warning"
          className={fr.cx("fr-mb-3w")}
          description={
            <>
              C'est vous, {myName}, qui signerez pour l'organisme avec votre compte : la convention doit vous nommer, comme représentant ou comme signataire par
              délégation de {part.representative_name.trim()}.{" "}
              <Button
                type="button"
                size="small"
                priority="secondary"
                className={fr.cx("fr-mt-1w")}
                onClick={() => setPart({ ...part, signatory_name: myName })}
              >
                Je signe par délégation
              </Button>
            </>
          }
        />
      ) : null}
      {field("tutor_name", "Nom du tuteur")}
      {field("tutor_function", "Fonction du tuteur")}
      {field("tutor_email", "E-mail du tuteur")}
      {field("tutor_phone", "Téléphone du tuteur (facultatif)")}
      <fieldset className={fr.cx("fr-fieldset")}>
        <legend className={fr.cx("fr-fieldset__legend")}>
          Horaires, entre 6 h et 20 h<span className={fr.cx("fr-hint-text")}>{agreement.hours_rule}.</span>
        </legend>
        {part.days.map((d, i) => (
          <div key={d.date} className={fr.cx("fr-fieldset__element", "fr-grid-row", "fr-grid-row--gutters")}>
            <p className={fr.cx("fr-col-12", "fr-col-md-3", "fr-mb-0", "fr-pt-3w")}>{frDate(d.date)}</p>
            {(["start", "end"] as const).map((k) => (
              <div key={k} className={fr.cx("fr-col-6", "fr-col-md-3")}>
                <Input
                  label={
                    <>
                      {k === "start" ? "Arrivée" : "Départ"}
                      <span className={fr.cx("fr-sr-only")}> le {frDate(d.date)}</span>
                    </>
                  }
                  nativeInputProps={{
                    type: "time",
                    value: d[k],
                    onChange: (e) => setPart({ ...part, days: part.days.map((x, j) => (j === i ? { ...x, [k]: e.target.value } : x)) }),
                  }}
                />
              </div>
            ))}
            <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
              <Input
                label={
                  <>
                    Pause (minutes)<span className={fr.cx("fr-sr-only")}> le {frDate(d.date)}</span>
                  </>
                }
                nativeInputProps={{
                  type: "number",
                  min: 0,
                  max: 180,
                  value: d.break_minutes,
                  onChange: (e) => setPart({ ...part, days: part.days.map((x, j) => (j === i ? { ...x, break_minutes: Number(e.target.value) } : x)) }),
                }}
                {...(errors[`days[${i}]`] ? { state: "error" as const, stateRelatedMessage: errors[`days[${i}]`] } : {})}
              />
            </div>
          </div>
        ))}
        {errors.days ? <p className={fr.cx("fr-error-text")}>{errors.days}</p> : null}
      </fieldset>
      {field("activities", "Activités prévues", undefined, true)}
      {field("skills", "Compétences visées", undefined, true)}
      {field("lunch", "Déjeuner", "Cantine, tickets restaurant, repas apporté…")}
      {field("host_insurance", "Assurance responsabilité civile de l'organisme", "Assureur et numéro de contrat")}
      {field("safety", "Consignes de sécurité pour un élève mineur", undefined, true)}
      {/* Next to the button: the outcome shows where the person is looking. */}
      <NoticeAlert notice={notice} />
      <Button type="submit" disabled={busy}>
        Enregistrer la partie de l'organisme
      </Button>
    </form>
  );
}

/** The school's part as the form starts: a principal filling it sees their own name already. */
export function schoolPartDraft(part: SchoolPart, user: { first_name: string; last_name: string; staff_function?: string | null } | null): SchoolPart {
  if (part.principal_name?.trim() || user?.staff_function !== "principal") return part;
  return { ...part, principal_name: `${user.first_name} ${user.last_name}`.trim() };
}

function SchoolPartForm({ agreement }: { agreement: AgreementView }) {
  const { user } = useSession();
  const [part, setPart] = useState<SchoolPart>(() => schoolPartDraft(agreement.school_part, user));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const saveSchoolPart = useSaveSchoolPart(agreement.id);
  const busy = saveSchoolPart.isPending;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (agreement.signatures.length > 0 && !window.confirm("Modifier la convention annule les signatures déjà recueillies. Continuer ?")) return;
    // The teacher's name is the server's to write, from the teacher chosen.
    const { teacher_name: _ignored, ...body } = part;
    const { ok, error } = await attempt(saveSchoolPart.mutateAsync(body as SchoolPart));
    if (ok) {
      setErrors({});
      setNotice({ ok: true, text: "Partie de l'établissement enregistrée." });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="partie-etablissement">
      <h3 id="partie-etablissement" className={fr.cx("fr-h5")}>
        Partie de l'établissement
      </h3>
      <Input
        label="Nom du chef d'établissement"
        hintText={part.principal_name && !agreement.school_part.principal_name ? "Prérempli avec votre nom : corrigez-le si besoin." : undefined}
        nativeInputProps={{ name: "principal_name", value: part.principal_name ?? "", onChange: (e) => setPart({ ...part, principal_name: e.target.value }) }}
        {...(errors.principal_name ? { state: "error" as const, stateRelatedMessage: errors.principal_name } : {})}
      />
      <Select
        label="Enseignant chargé du suivi de l'élève"
        nativeSelectProps={{
          name: "teacher_user_id",
          value: part.teacher_user_id ?? "",
          onChange: (e) => setPart({ ...part, teacher_user_id: e.target.value }),
        }}
        {...(errors.teacher_user_id ? { state: "error" as const, stateRelatedMessage: errors.teacher_user_id } : {})}
      >
        <option value="">Choisir…</option>
        {agreement.staff_choices.map((s) => (
          <option key={s.user_id} value={s.user_id}>
            {s.name}
          </option>
        ))}
      </Select>
      <Checkbox
        options={[
          {
            label: "L'attestation d'assurance responsabilité civile de l'élève a été fournie",
            nativeInputProps: {
              checked: part.pupil_insurance_provided ?? false,
              onChange: (e) => setPart({ ...part, pupil_insurance_provided: e.target.checked }),
            },
          },
        ]}
      />
      <Input
        label="Assureur de l'élève (facultatif)"
        nativeInputProps={{ value: part.pupil_insurer ?? "", onChange: (e) => setPart({ ...part, pupil_insurer: e.target.value }) }}
      />
      <Input
        textArea
        label="Observations pédagogiques (facultatif)"
        nativeTextAreaProps={{ rows: 3, value: part.pedagogical_notes ?? "", onChange: (e) => setPart({ ...part, pedagogical_notes: e.target.value }) }}
      />
      <NoticeAlert notice={notice} />
      <Button type="submit" disabled={busy}>
        Enregistrer la partie de l'établissement
      </Button>
    </form>
  );
}

/** The agreement's text, as stored and signed. */
function DocumentText({ text }: { text: string }) {
  return (
    <div
      className={fr.cx("fr-p-2w")}
      style={{ border: "1px solid var(--border-default-grey)", maxHeight: "28rem", overflowY: "auto" }}
      // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- the text scrolls in its box: the keyboard must reach it (RGAA 7.3, axe scrollable-region-focusable)
      tabIndex={0}
      aria-label="Texte de la convention"
    >
      {text.split("\n").map((line, i) =>
        line.startsWith("# ") ? (
          <p key={i} className={fr.cx("fr-text--bold")}>
            {line.slice(2)}
          </p>
        ) : line.startsWith("## ") ? (
          <p key={i} className={fr.cx("fr-text--bold", "fr-mb-1v")}>
            {line.slice(3)}
          </p>
        ) : line.trim() ? (
          <p key={i} className={fr.cx("fr-text--sm", "fr-mb-1v")}>
            {line}
          </p>
        ) : null,
      )}
    </div>
  );
}

/** The reference and the fingerprint (SHA-256 of the text) printed on the PDF: anyone holding a
 *  copy checks it on the verification page. */
function DocumentFingerprint({ a }: { a: AgreementView }) {
  const groups = a.document_hash.match(/.{1,8}/g) ?? [];
  return (
    <dl className={fr.cx("fr-mt-2w", "fr-text--sm")}>
      <dt className={fr.cx("fr-text--bold")}>Référence de la convention</dt>
      <dd>
        <code>{a.id}</code>
      </dd>
      <dt className={fr.cx("fr-text--bold")}>Empreinte du document (SHA-256, version {a.version})</dt>
      <dd>
        <code style={{ wordBreak: "break-all" }}>{groups.join(" ")}</code>
        <br />
        {a.status === "signed"
          ? "Elle figure sur la dernière page du PDF signé. "
          : "Elle change à chaque modification de la convention : les signatures portent sur cette version. "}
        <Link to={`/conventions/verifier?reference=${encodeURIComponent(a.id)}&empreinte=${a.document_hash}`}>Vérifier cette convention</Link>
      </dd>
    </dl>
  );
}

function SignBox({ agreement, onSigned }: { agreement: AgreementView; onSigned: (n: Notice) => void }) {
  const [read, setRead] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const signAgreement = useSignAgreement(agreement.id);
  const busy = signAgreement.isPending;
  async function sign() {
    if (busy) return;
    const { ok, error } = await attempt(signAgreement.mutateAsync(agreement.document_hash));
    if (!ok) setNotice({ ok: false, text: errorMessage(error) });
    else onSigned({ ok: true, text: agreement.viewer === "pupil" ? "Tu as signé la convention." : "Vous avez signé la convention." });
  }
  return (
    <div className={fr.cx("fr-mt-2w")} id="signer">
      <NoticeAlert notice={notice} />
      <Checkbox
        options={[{ label: "J'ai lu la convention et je l'accepte", nativeInputProps: { checked: read, onChange: (e) => setRead(e.target.checked) } }]}
      />
      <GuideLink to="/signature-electronique">Comment fonctionne la signature électronique</GuideLink>
      <Button onClick={sign} disabled={!read || busy} iconId="fr-icon-edit-line">
        Signer la convention
      </Button>
    </div>
  );
}

const viewerParties: Record<string, ActingParty> = { host: "host", pupil: "pupil", school_signer: "school" };

/** Where the agreement stands for the person reading it: their turn first (with the way to the
 *  form or the signature), otherwise who is awaited. */
function NextStep({ a }: { a: AgreementView }) {
  const party = viewerParties[a.viewer];
  const turn = yourTurnText(a, party);
  if (!turn) return <p>{waitingText(a)}</p>;
  const target = a.status === "to_sign" ? "signer" : party === "host" ? "partie-organisme" : "partie-etablissement";
  const others = othersText(a, party);
  return (
    <Alert
      severity="info"
      small
      className={fr.cx("fr-mb-2w")}
      description={
        <>
          <strong>{turn}</strong> <a href={`#${target}`}>{a.status === "to_sign" ? "Aller à la signature" : "Aller au formulaire"}</a>
          {others ? (
            <>
              <br />
              {others}
            </>
          ) : null}
        </>
      }
    />
  );
}

/** No legal representative on file: nobody can sign for the family. Each reader learns who
 *  fills it in, and where (the signing link leaves by itself once it is known). */
function MissingRepresentative({ a }: { a: AgreementView }) {
  const description =
    a.viewer === "pupil" ? (
      <>
        Ta convention ne pourra pas être signée sans ton représentant légal (parent ou tuteur) : indique son nom et son e-mail ou son téléphone dans{" "}
        <Link to="/eleve/profil">ton profil</Link>. Il recevra le lien pour signer dès que la convention sera prête à signer.
      </>
    ) : a.viewer === "school" || a.viewer === "school_signer" ? (
      <>
        Aucun représentant légal de l'élève n'est renseigné : sans lui, la convention ne peut pas être signée. Renseignez-le depuis la fiche de l'élève (
        <Link to={`/etablissement/${a.school_uai}/eleves`}>liste des élèves</Link>) : il recevra le lien de signature dès que la convention sera à signer.
      </>
    ) : (
      "Le représentant légal de l'élève n'est pas encore renseigné : l'élève ou son établissement doit l'indiquer ; il recevra le lien de signature quand la convention sera à signer."
    );
  return <Alert small severity="warning" className={fr.cx("fr-mb-2w")} description={description} />;
}

/** One agreement, for its parties and the staff who follow the pupil. */
export function AgreementPage() {
  usePageTitle("Convention de stage");
  const { agreementId = "" } = useParams();
  const query = useAgreement(agreementId);
  if (query.isError) return <Alert severity="error" title="Convention inaccessible" description={errorMessage(query.error)} />;
  if (!query.data) return <p aria-busy="true">Chargement…</p>;
  return <AgreementDetail a={query.data} />;
}

function AgreementDetail({ a }: { a: AgreementView }) {
  const [notice, setNotice] = useState<Notice>(null);
  const [signNotice, setSignNotice] = useState<Notice>(null);
  const [absence, setAbsence] = useState({ day: "", kind: "absence", note: "" });
  // The days the host unticks, starting from the absences reported when the page opened.
  const [absentDays, setAbsentDays] = useState<string[]>(() => a.absences.map((r) => r.day));
  const resendLinks = useResendSigningLinks(a.id);
  const requestAttestation = useRequestAttestation(a.id);
  const issueAttestation = useIssueAttestation(a.id);
  const absenceReport = useReportAbsence(a.id);
  const open = a.status !== "signed" && a.status !== "cancelled";

  async function resend() {
    const { ok, data, error: err } = await attempt(resendLinks.mutateAsync());
    if (!ok) return setNotice({ ok: false, text: errorMessage(err) });
    const sent = data.filter((l) => l.sent_to).map((l) => l.sent_to);
    const problems = data.filter((l) => l.problem).map((l) => l.problem);
    setNotice({ ok: problems.length === 0, text: [sent.length ? `Lien envoyé à ${sent.join(", ")}.` : "", ...problems].join(" ") });
  }

  async function attestation(kind: "request" | "issue") {
    const { ok, error: err } = await attempt(
      kind === "request" ? requestAttestation.mutateAsync() : issueAttestation.mutateAsync(a.internship_days.filter((d) => !absentDays.includes(d))),
    );
    if (ok) {
      setNotice({ ok: true, text: kind === "request" ? "Demande envoyée à l'organisme d'accueil." : "Attestation délivrée." });
    } else setNotice({ ok: false, text: errorMessage(err) });
  }

  async function reportAbsence(e: FormEvent) {
    e.preventDefault();
    const { ok, error: err } = await attempt(absenceReport.mutateAsync(absence));
    if (ok) {
      setNotice({ ok: true, text: "Signalement envoyé à l'établissement." });
      setAbsence({ day: "", kind: "absence", note: "" });
    } else setNotice({ ok: false, text: errorMessage(err) });
  }

  const signedBy = (p: Party) => a.signatures.find((s) => s.party === p);
  // The attestation comes from the internship's last day (Paris date), with the days of presence
  // the host ticks (the absences already reported start unticked).
  const internshipOver = todayInParis() >= a.ends_on;
  const longDate = (d: string) => formatDateFr(d, { weekday: true, year: false });
  return (
    <>
      <h1>Convention de stage</h1>
      <p className={fr.cx("fr-text--lead")}>
        {a.pupil_name} ({a.class_name}, {a.school_name}) chez {a.organisation_name} · {a.offer_title}
      </p>
      <p>
        Du {frDate(a.starts_on)} au {frDate(a.ends_on)}. <AgreementStatusBadge a={a} />
      </p>
      <NextStep a={a} />
      {open && !a.legal_representatives.some((r) => r.name.trim()) ? <MissingRepresentative a={a} /> : null}
      {a.cancel_reason ? <Alert severity="warning" small description={`Motif de l'annulation : ${a.cancel_reason}`} /> : null}
      <NoticeAlert notice={notice} />

      <Section id="signatures" title="Signatures">
        <ul>
          {a.required.map((p) => {
            const s = signedBy(p);
            const rep = a.legal_representatives.find((r) => r.party === p);
            return (
              <li key={p}>
                Pour {partyLabels[p]}
                {rep ? ` (${rep.name || "non renseigné"})` : ""} :{" "}
                {s ? `signé par ${s.signer_name} le ${frDateTime(s.signed_at)}${s.method === "link_code" ? " (lien et code)" : ""}` : "en attente"}
                {rep && !s && rep.link_sent_at
                  ? ` · lien envoyé le ${frDateTime(rep.link_sent_at)}${rep.link_locked ? " (bloqué)" : rep.link_pending ? "" : " (expiré ou utilisé)"}`
                  : ""}
              </li>
            );
          })}
        </ul>
        <NoticeAlert notice={signNotice} />
        {a.can_sign_as ? <SignBox agreement={a} onSigned={setSignNotice} /> : null}
        {a.viewer === "school_signer" && a.status === "to_sign" && a.legal_representatives.length > 0 ? (
          <Button priority="secondary" onClick={resend} className={fr.cx("fr-mt-2w")}>
            Renvoyer le lien de signature aux représentants légaux
          </Button>
        ) : null}
        <p className={fr.cx("fr-mt-2w")}>
          <Button priority="secondary" iconId="fr-icon-download-line" onClick={() => openPdf(a.id, "pdf", setNotice)}>
            {a.status === "signed" ? "Télécharger la convention (PDF)" : "Télécharger le projet (PDF)"}
          </Button>
        </p>
      </Section>

      {open && a.viewer === "host" ? (
        <Section id="remplir-organisme" title="À remplir par l'organisme">
          <HostPartForm agreement={a} />
        </Section>
      ) : null}
      {open && a.viewer === "school_signer" && a.host_filled ? (
        <Section id="remplir-etablissement" title="À remplir par l'établissement">
          <SchoolPartForm agreement={a} />
        </Section>
      ) : null}

      <Section id="texte" title="Texte de la convention">
        <DocumentText text={a.document_text} />
        <DocumentFingerprint a={a} />
      </Section>

      {a.status === "signed" ? (
        <Section id="apres" title="Pendant et après le stage">
          {a.absences.length > 0 ? (
            <ul>
              {a.absences.map((r) => (
                <li key={r.id}>
                  {frDate(r.day)} : {r.kind === "illness" ? "maladie" : "absence"}
                  {r.note ? ` (${r.note})` : ""}
                </li>
              ))}
            </ul>
          ) : null}
          {a.viewer === "host" ? (
            <form onSubmit={reportAbsence} noValidate>
              <h3 className={fr.cx("fr-h6")}>Signaler une absence ou une maladie</h3>
              <Input
                label="Jour"
                nativeInputProps={{
                  type: "date",
                  min: a.starts_on,
                  max: a.ends_on,
                  value: absence.day,
                  onChange: (e) => setAbsence({ ...absence, day: e.target.value }),
                }}
              />
              <Select label="Motif" nativeSelectProps={{ value: absence.kind, onChange: (e) => setAbsence({ ...absence, kind: e.target.value }) }}>
                <option value="absence">Absence</option>
                <option value="illness">Maladie</option>
              </Select>
              <Input
                label="Message (facultatif)"
                nativeInputProps={{ value: absence.note, onChange: (e) => setAbsence({ ...absence, note: e.target.value }) }}
              />
              <Button type="submit">Prévenir l'établissement</Button>
            </form>
          ) : null}
          {(a.viewer === "pupil" || a.viewer === "host") && !a.attestation_issued_at && !internshipOver ? (
            <p className={fr.cx("fr-mt-2w")}>
              L'attestation de stage pourra être {a.viewer === "pupil" ? "demandée" : "délivrée"} à partir du dernier jour du stage, le {longDate(a.ends_on)}.
            </p>
          ) : null}
          {a.viewer === "pupil" && internshipOver && !a.attestation_requested_at && !a.attestation_issued_at ? (
            <Button onClick={() => attestation("request")}>Demander mon attestation de stage</Button>
          ) : null}
          {a.viewer === "host" && internshipOver && !a.attestation_issued_at ? (
            <div>
              <Checkbox
                legend="Jours de présence de l'élève"
                hintText="Décochez les jours où l'élève n'est pas venu. Les absences déjà signalées sont décochées."
                options={a.internship_days.map((d) => ({
                  label: longDate(d),
                  nativeInputProps: {
                    name: "days_present",
                    value: d,
                    checked: !absentDays.includes(d),
                    onChange: (e) => setAbsentDays(e.target.checked ? absentDays.filter((x) => x !== d) : [...absentDays, d]),
                  },
                }))}
              />
              <Button onClick={() => attestation("issue")}>
                {a.attestation_requested_at ? "Délivrer l'attestation demandée" : "Délivrer l'attestation de stage"}
              </Button>
            </div>
          ) : null}
          {a.attestation_issued_at ? (
            <Button priority="secondary" iconId="fr-icon-download-line" onClick={() => openPdf(a.id, "attestation.pdf", setNotice)}>
              Télécharger l'attestation (PDF)
            </Button>
          ) : null}
        </Section>
      ) : null}
      <AssessmentsSection agreement={a} />
    </>
  );
}

/** Anyone holding a printed agreement checks it: the reference and the fingerprint printed on
 *  its audit page; the answer says in a sentence whether it is the signed agreement. */
export function VerifyAgreementPage() {
  usePageTitle("Vérifier une convention de stage");
  const [params, setParams] = useSearchParams();
  const [reference, setReference] = useState(params.get("reference") ?? "");
  const [fingerprint, setFingerprint] = useState(params.get("empreinte") ?? "");
  const [result, setResult] = useState<{ severity: "success" | "warning" | "error"; title: string; text: string } | null>(null);
  const verify = useVerifyAgreement();
  const busy = verify.isPending;

  async function check(e: FormEvent) {
    e.preventDefault();
    const id = reference.trim();
    const hash = fingerprint.replace(/\s+/g, "").toLowerCase();
    if (!id || !hash) {
      setResult({
        severity: "error",
        title: "Informations manquantes",
        text: "Recopiez la référence et l'empreinte imprimées sur la dernière page de la convention.",
      });
      return;
    }
    setParams({ reference: id, empreinte: hash }, { replace: true });
    const { ok, data, error } = await attempt(verify.mutateAsync({ id, hash }));
    if (!ok) {
      const unknown = (error as { code?: string } | undefined)?.code === "NOT_FOUND";
      setResult({
        severity: "error",
        title: "Convention introuvable",
        text: unknown ? "Aucune convention ne porte cette référence : recopiez-la depuis la dernière page du document." : errorMessage(error),
      });
      return;
    }
    setResult({
      severity: data.valid ? "success" : data.signed || data.status === "cancelled" ? "error" : "warning",
      title: data.valid ? "Convention authentique" : "Document non valable",
      text: data.message,
    });
  }

  return (
    <>
      <h1>Vérifier une convention de stage</h1>
      <p>
        La dernière page d'une convention produite par Passerelle porte sa référence et son empreinte. Recopiez-les : nous vous disons si le document est la
        convention enregistrée et signée par toutes les parties. Aucune donnée personnelle n'est affichée.
      </p>
      <form onSubmit={check} noValidate>
        <Input
          label="Référence de la convention"
          nativeInputProps={{ name: "reference", value: reference, onChange: (e) => setReference(e.target.value), autoComplete: "off" }}
        />
        <Input
          label="Empreinte SHA-256"
          hintText="64 caractères, chiffres et lettres de a à f"
          nativeInputProps={{ name: "empreinte", value: fingerprint, onChange: (e) => setFingerprint(e.target.value), autoComplete: "off", spellCheck: false }}
        />
        <Button type="submit" disabled={busy}>
          Vérifier
        </Button>
      </form>
      {result ? <Alert className={fr.cx("fr-mt-3w")} severity={result.severity} title={result.title} description={result.text} role="status" /> : null}
    </>
  );
}

/** A legal representative signs through the link received by e-mail or SMS (no account). */
export function SignAsRepresentativePage() {
  usePageTitle("Signer la convention de stage");
  const { token = "" } = useParams();
  const query = useSigningLink(token);
  const link = query.data;
  const error = query.isError ? errorMessage(query.error) : null;
  const askSigningCode = useAskSigningCode(token);
  const signAsRepresentative = useSignAsRepresentative(token);
  const [notice, setNotice] = useState<Notice>(null);
  const [code, setCode] = useState("");
  const [codeSent, setCodeSent] = useState<string | null>(null);
  const [read, setRead] = useState(false);
  // After signing: the agreement's state (fully signed or not).
  const [done, setDone] = useState<string | null>(null);
  const busy = signAsRepresentative.isPending;

  async function askCode() {
    const { ok, data, error: err } = await attempt(askSigningCode.mutateAsync());
    if (ok) setCodeSent(data.sent_to);
    else setNotice({ ok: false, text: errorMessage(err) });
  }

  async function sign(e: FormEvent) {
    e.preventDefault();
    if (!link || busy) return;
    const { ok, data, error: err } = await attempt(signAsRepresentative.mutateAsync({ code: code.trim(), document_hash: link.document_hash }));
    if (ok) setDone((data as { status: string }).status);
    else setNotice({ ok: false, text: (fieldErrors(err).code as string | undefined) ?? errorMessage(err) });
  }

  if (error) return <Alert severity="error" title="Lien de signature inutilisable" description={error} />;
  if (!link) return <p aria-busy="true">Chargement…</p>;
  if (done !== null)
    return (
      <>
        <h1>Convention signée</h1>
        <Alert
          severity="success"
          title="Merci"
          description={`Votre signature de la convention de stage ${de(link.pupil_name)} est enregistrée. L'établissement et l'organisme d'accueil en sont informés. ${
            done === "signed"
              ? "La convention est maintenant signée par toutes les parties : vous la recevez par e-mail (PDF)."
              : "Vous recevrez la convention signée par e-mail (PDF) dès que toutes les parties l'auront signée."
          }`}
        />
      </>
    );
  return (
    <>
      <h1>Convention de stage {de(link.pupil_name)}</h1>
      <p>
        Bonjour {link.representative_name}, en tant que représentant légal {de(link.pupil_name)}, vous pouvez lire puis signer ici sa convention de stage, sans
        créer de compte. Ce lien est personnel et valable jusqu'au {frDateTime(link.expires_at)}.
      </p>
      <p>
        Pour signer, vous recevrez un code à 6 chiffres (par e-mail ou SMS) qui confirme que c'est bien vous. Une seule signature de représentant légal suffit.
      </p>
      <DocumentText text={link.document_text} />
      <NoticeAlert notice={notice} />
      <div className={fr.cx("fr-mt-3w")}>
        {codeSent ? (
          <form onSubmit={sign} noValidate>
            <p>Un code à 6 chiffres a été envoyé à {codeSent}. Il est valable 15 minutes.</p>
            <Checkbox
              options={[{ label: "J'ai lu la convention et je l'accepte", nativeInputProps: { checked: read, onChange: (e) => setRead(e.target.checked) } }]}
            />
            <Input
              label="Code reçu"
              nativeInputProps={{
                name: "code",
                inputMode: "numeric",
                autoComplete: "one-time-code",
                maxLength: 6,
                value: code,
                onChange: (e) => setCode(e.target.value),
              }}
            />
            <Button type="submit" disabled={!read || code.trim().length !== 6 || busy}>
              Signer la convention
            </Button>{" "}
            <Button priority="tertiary" type="button" onClick={askCode}>
              Renvoyer un code
            </Button>
          </form>
        ) : (
          <Button onClick={askCode}>Recevoir mon code de signature</Button>
        )}
      </div>
    </>
  );
}
