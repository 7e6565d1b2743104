import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { ToggleSwitch } from "@codegouvfr/react-dsfr/ToggleSwitch";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useState, type ChangeEvent, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components, type StaffFunction } from "../../api/client";
import { saveBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { de, formatKm, gradeLabels, listFr, plural, staffFunctionLabels, type Grade } from "../../i18n";
import { addableWeeks, isPastWeek } from "../organisations/weeks";
import { currentSchoolYear, weekKey, weekLabel, weekParts, weeksOfSchoolYear, type IsoWeek } from "./calendar";
import { DataTable } from "../../components/DataTable";
import { NoticeAlert, Section, type Notice } from "../../components";
import { formatDateFr } from "../../dates";
import { ConsentForm } from "../pupils/ConsentForm";
import { ClassCodes, JoinRequests, JoinRequestsNotice } from "./JoinSections";
import { RegisterImport } from "./RegisterImport";
import { CoverageBadges, ElsewhereToValidate } from "../externalInternships/SchoolExternal";
import {
  downloadDashboardExport,
  useAddClass,
  useAgreementDelegation,
  useApproveSplit,
  useApproveStaff,
  useCheckWeeks,
  useClasses,
  useDashboard,
  useImportPupils,
  useInvitePupil,
  useInviteStaff,
  usePupils,
  useRevokeStaff,
  useSchool,
  useSaveWeeks,
  useSchoolWeeks,
  useSplitPlacements,
  useStaff,
  type ImportReport,
} from "./queries";

type CalendarCheck = components["schemas"]["CalendarCheck"];
type StaffMember = components["schemas"]["StaffMemberResponse"];

export function FollowUpSection({ uai }: { uai: string }) {
  const year = currentSchoolYear();
  const { data: dashboard } = useDashboard(uai, year);
  const placedElsewhere = dashboard?.classes.reduce((n, c) => n + c.placed_elsewhere, 0) ?? 0;

  async function download(format: "csv" | "xlsx") {
    const { ok, data } = await attempt(downloadDashboardExport(uai, year, format));
    // The workbook holds the list and the figures per class.
    if (ok) saveBlob(data, format === "csv" ? `eleves-sans-stage-${year}.csv` : `suivi-${year}.xlsx`);
  }

  return (
    <Section id="suivi" title={`Suivi ${year}`}>
      <JoinRequestsNotice uai={uai} />
      {!dashboard ? (
        <p aria-busy="true">Chargement…</p>
      ) : dashboard.classes.length === 0 ? (
        <p>Aucune classe déclarée pour cette année.</p>
      ) : (
        <>
          <DataTable
            caption="Par classe"
            headers={["Classe", "Élèves", "Autorisations", "Ont candidaté", "Stage trouvé", "dont hors plateforme", "Conventions signées"]}
            rows={dashboard.classes.map((c) => [c.name, c.pupils, c.consents, c.applied, c.placed, c.placed_elsewhere, c.agreements_signed].map(String))}
          />
          <p>
            {dashboard.without_internship.length === 0 ? "Aucun élève" : plural(dashboard.without_internship.length, "élève", "élèves")} sans stage
            {placedElsewhere > 0 ? ` · ${plural(placedElsewhere, "élève a trouvé son stage", "élèves ont trouvé leur stage")} hors plateforme` : ""}.{" "}
            <Button priority="tertiary" size="small" onClick={() => download("csv")} iconId="fr-icon-download-line">
              Télécharger la liste (CSV)
            </Button>{" "}
            <Button priority="tertiary" size="small" onClick={() => download("xlsx")} iconId="fr-icon-download-line">
              Télécharger la liste et les chiffres par classe (XLSX)
            </Button>
          </p>
          <ElsewhereToValidate uai={uai} count={dashboard.elsewhere_to_validate} />
          {dashboard.to_nudge.length > 0 && (
            <>
              <h3 className={fr.cx("fr-h6")}>À relancer : candidature acceptée, stage pas encore confirmé</h3>
              <ul>
                {dashboard.to_nudge.map((p) => (
                  <li key={p.user_id}>
                    <Link to={`/etablissement/${uai}/eleves/${p.user_id}`}>
                      {p.first_name} {p.last_name}
                    </Link>{" "}
                    ({p.class_name})
                  </li>
                ))}
              </ul>
            </>
          )}
          {dashboard.without_application.length > 0 && (
            <>
              <h3 className={fr.cx("fr-h6")}>Sans aucune candidature ({dashboard.without_application.length})</h3>
              <ul>
                {dashboard.without_application.slice(0, 50).map((p) => (
                  <li key={p.user_id}>
                    <Link to={`/etablissement/${uai}/eleves/${p.user_id}`}>
                      {p.first_name} {p.last_name}
                    </Link>{" "}
                    ({p.class_name}){p.consent_date ? "" : " — autorisation parentale manquante"}
                    <CoverageBadges row={p} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Section>
  );
}

export function ClassesSection({ uai }: { uai: string }) {
  const year = currentSchoolYear();
  const addClass = useAddClass(uai);
  const [name, setName] = useState("");
  const [grade, setGrade] = useState<Grade>("troisieme");
  const [notice, setNotice] = useState<Notice>(null);

  async function add(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(addClass.mutateAsync({ school_year: year, name, grade }));
    if (ok) {
      setNotice({ ok: true, text: `Classe ${name} ajoutée.` });
      setName("");
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  return (
    <Section id="classes" title="Classes">
      <NoticeAlert notice={notice} />
      <ClassCodes uai={uai} heading={false} />
      <form onSubmit={add} className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-5")}>
          <Input label="Nom de la classe" nativeInputProps={{ name: "class_name", value: name, onChange: (e) => setName(e.target.value) }} />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Select label="Niveau" nativeSelectProps={{ name: "grade", value: grade, onChange: (e) => setGrade(e.target.value as Grade) }}>
            {(Object.keys(gradeLabels) as Grade[]).map((g) => (
              <option key={g} value={g}>
                {gradeLabels[g]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Button type="submit" className={fr.cx("fr-mt-md-4w")}>
            Ajouter la classe
          </Button>
        </div>
      </form>
    </Section>
  );
}

export function WeeksSection({ uai, kind, onDirtyChange }: { uai: string; kind: string; onDirtyChange?: (dirty: boolean) => void }) {
  const year = currentSchoolYear();
  const family = kind === "lycee" ? "lycee" : "college";
  const { data: saved } = useSchoolWeeks(uai, year);
  const checkWeeks = useCheckWeeks(uai);
  const saveWeeks = useSaveWeeks(uai);
  const [chosen, setChosen] = useState<IsoWeek[] | null>(null);
  const [pick, setPick] = useState("");
  const [check, setCheck] = useState<CalendarCheck | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const current = chosen ?? (saved ? (family === "college" ? saved.college : saved.lycee) : []);
  // A week whose Friday has gone cannot be chosen any more (the server refuses it too); one
  // already chosen stays listed, marked as past.
  const { options, past: pastCount } = addableWeeks(family === "lycee" ? (saved?.seconde_weeks ?? []) : weeksOfSchoolYear(year), current);
  const body = { school_year: year, grade_family: family as "college" | "lycee", weeks: current };

  async function verify() {
    const { ok, data, error } = await attempt(checkWeeks.mutateAsync(body));
    if (ok) setCheck(data);
    else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  async function save() {
    const { ok, data, error } = await attempt(saveWeeks.mutateAsync(body));
    if (ok) {
      setCheck(data);
      setNotice({ ok: true, text: "Semaines de stage enregistrées." });
      setChosen(null);
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  // Weeks chosen but not saved: the page asks before they are lost (see SchoolHome).
  const dirty = chosen !== null;
  useEffect(() => {
    onDirtyChange?.(dirty);
  }, [dirty, onDirtyChange]);
  useEffect(() => () => onDirtyChange?.(false), [onDirtyChange]);

  const crowded = check?.weeks.filter((w) => w.schools.length > 0) ?? [];
  return (
    <Section id="semaines" title={`Semaines de stage ${year}`}>
      <NoticeAlert notice={notice} />
      {dirty ? (
        <Alert
          small
          severity="warning"
          className={fr.cx("fr-mb-2w")}
          description={
            <>
              Modifications non enregistrées : cliquez sur « Enregistrer les semaines » pour les garder.{" "}
              <Button
                priority="tertiary no outline"
                size="small"
                onClick={() => {
                  setChosen(null);
                  setCheck(null);
                }}
              >
                Annuler les modifications
              </Button>
            </>
          }
        />
      ) : null}
      {!saved && chosen === null ? (
        <p aria-busy="true">Chargement…</p>
      ) : current.length === 0 ? (
        <p>Aucune semaine choisie.</p>
      ) : (
        <ul>
          {current.map((w) => (
            <li key={weekKey(w)}>
              {weekLabel(w)}
              {isPastWeek(w) ? " (passée)" : ""}{" "}
              <Button
                priority="tertiary no outline"
                size="small"
                onClick={() => {
                  setChosen(current.filter((x) => weekKey(x) !== weekKey(w)));
                  setCheck(null);
                }}
              >
                Retirer<span className={fr.cx("fr-sr-only")}> la {weekLabel(w)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Select
            label="Ajouter une semaine"
            hint={pastCount > 0 ? "Seules les semaines à venir sont proposées : une semaine passée ne peut plus être choisie." : undefined}
            nativeSelectProps={{ name: "week", value: pick, onChange: (e) => setPick(e.target.value) }}
          >
            <option value="">Choisir une semaine</option>
            {options.map((w) => (
              <option key={weekKey(w)} value={weekKey(w)}>
                {weekLabel(w)} (S{weekParts(w).week})
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Button
            priority="secondary"
            className={fr.cx("fr-mt-md-4w")}
            onClick={() => {
              const w = options.find((o) => weekKey(o) === pick);
              if (w && !current.some((c) => weekKey(c) === pick)) setChosen([...current, w]);
              setPick("");
              setCheck(null);
            }}
          >
            Ajouter
          </Button>
        </div>
      </div>
      {crowded.length > 0 && (
        <Alert
          severity="warning"
          title="Des établissements proches ont choisi les mêmes semaines"
          className={fr.cx("fr-my-2w")}
          description={
            <ul>
              {crowded.map((w) => (
                <li key={weekKey(w.week)}>
                  {weekLabel(w.week)} :{" "}
                  {w.schools
                    .map(
                      (s) =>
                        `${s.name} (${s.commune_name}, ${formatKm(s.distance_km)}, ${plural(s.classes, "classe", "classes")}, ${plural(s.pupils, "élève", "élèves")})`,
                    )
                    .join(" ; ")}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-mt-2w")}>
        <Button priority="secondary" onClick={verify}>
          Vérifier le calendrier des établissements proches
        </Button>
        <Button onClick={save}>Enregistrer les semaines</Button>
      </div>
    </Section>
  );
}

const invitable: StaffFunction[] = ["main_teacher", "teacher", "cpe", "documentalist", "psychologist", "administrative"];

const memberStatus = (m: StaffMember) =>
  m.status === "active"
    ? m.joined
      ? "compte actif"
      : "invitation envoyée, compte pas encore utilisé"
    : m.status === "pending"
      ? "demande en attente"
      : "accès retiré";

export function TeamSection({ uai, canManage }: { uai: string; canManage: boolean }) {
  const { data: staff } = useStaff(uai);
  const { data: classes } = useClasses(uai, currentSchoolYear());
  const inviteStaff = useInviteStaff(uai);
  const approve = useApproveStaff(uai);
  const revoke = useRevokeStaff(uai);
  const [form, setForm] = useState({ email: "", first_name: "", last_name: "", function: "main_teacher" as StaffFunction, class_id: "" });
  const [notice, setNotice] = useState<Notice>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const classNames = (ids: string[]) => ids.map((id) => classes?.find((c) => c.id === id)?.name).filter((n): n is string => Boolean(n));

  async function invite(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(
      inviteStaff.mutateAsync({
        email: form.email,
        first_name: form.first_name,
        last_name: form.last_name,
        function: form.function,
        class_ids: form.class_id ? [form.class_id] : [],
      }),
    );
    if (ok) {
      setNotice({ ok: true, text: `Invitation envoyée à ${form.email}.` });
      setForm({ ...form, email: "", first_name: "", last_name: "" });
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  async function act(pending: Promise<unknown>, done: string) {
    const { ok, error } = await attempt(pending);
    setNotice(ok ? { ok: true, text: done } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id="equipe" title="Équipe">
      <NoticeAlert notice={notice} />
      {!staff ? (
        <p aria-busy="true">Chargement…</p>
      ) : (
        <ul className={fr.cx("fr-raw-list")}>
          {staff.map((m) => {
            const name = `${m.first_name} ${m.last_name}`;
            const followed = classNames(m.class_ids);
            return (
              <li key={m.user_id} className={fr.cx("fr-mb-2w")}>
                <strong>{name}</strong> — {staffFunctionLabels[m.function]}{" "}
                <Badge small noIcon severity={m.status === "active" ? (m.joined ? "success" : "info") : m.status === "pending" ? "warning" : "error"}>
                  {memberStatus(m)}
                </Badge>
                {m.agreement_delegate ? (
                  <Badge small noIcon severity="new" className={fr.cx("fr-ml-1w")}>
                    Délégation de signature
                  </Badge>
                ) : null}
                <br />
                <span className={fr.cx("fr-text--sm")}>
                  {m.function === "main_teacher" || m.function === "teacher"
                    ? followed.length > 0
                      ? `${followed.length > 1 ? "Classes suivies" : "Classe suivie"} : ${listFr(followed)}`
                      : "Aucune classe suivie cette année"
                    : "Toute l'école"}
                  {m.email ? ` · ${m.email}` : ""}
                </span>
                {canManage && m.status === "pending" && (
                  <Button
                    size="small"
                    priority="secondary"
                    className={fr.cx("fr-ml-1w")}
                    onClick={() => act(approve.mutateAsync(m.user_id), `${name} a rejoint l'équipe.`)}
                  >
                    Valider<span className={fr.cx("fr-sr-only")}> la demande {de(name)}</span>
                  </Button>
                )}
                {canManage && m.status !== "revoked" && m.function !== "principal" && (
                  <Button
                    size="small"
                    priority="tertiary"
                    className={fr.cx("fr-ml-1w")}
                    onClick={() => act(revoke.mutateAsync(m.user_id), `Accès ${de(name)} retiré.`)}
                  >
                    Retirer l'accès<span className={fr.cx("fr-sr-only")}> {de(name)}</span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canManage && staff ? <DelegationForm uai={uai} staff={staff} /> : null}
      {canManage && (
        <form onSubmit={invite}>
          <h3 className={fr.cx("fr-h5")}>Inviter un membre de l'équipe</h3>
          <Input label="Adresse e-mail académique" nativeInputProps={{ name: "invite_email", type: "email", value: form.email, onChange: set("email") }} />
          <Input label="Prénom" nativeInputProps={{ name: "invite_first_name", value: form.first_name, onChange: set("first_name") }} />
          <Input label="Nom" nativeInputProps={{ name: "invite_last_name", value: form.last_name, onChange: set("last_name") }} />
          <Select label="Fonction" nativeSelectProps={{ name: "invite_function", value: form.function, onChange: set("function") }}>
            {invitable.map((f) => (
              <option key={f} value={f}>
                {staffFunctionLabels[f]}
              </option>
            ))}
          </Select>
          {(form.function === "main_teacher" || form.function === "teacher") && (
            <Select label="Classe suivie" nativeSelectProps={{ name: "invite_class", value: form.class_id, onChange: set("class_id") }}>
              <option value="">Aucune pour l'instant</option>
              {(classes ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          )}
          <Button type="submit">Envoyer l'invitation</Button>
        </form>
      )}
    </Section>
  );
}

/** The principal lets a team member fill and sign the agreements for the school, or stops it:
 *  the button follows the chosen member's current state. */
function DelegationForm({ uai, staff }: { uai: string; staff: StaffMember[] }) {
  const delegation = useAgreementDelegation(uai);
  const [memberId, setMemberId] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const [error, setError] = useState<string | null>(null);
  const eligible = staff.filter((m) => m.status === "active" && m.function !== "principal");

  async function submit(delegate: boolean) {
    const m = eligible.find((x) => x.user_id === memberId);
    if (!m) return setError("Choisissez un membre de l'équipe.");
    setError(null);
    const name = `${m.first_name} ${m.last_name}`;
    const { ok, error: err } = await attempt(delegation.mutateAsync({ memberId, delegate }));
    setNotice(
      ok
        ? {
            ok: true,
            text: delegate
              ? `${name} peut désormais remplir et signer les conventions au nom de l'établissement.`
              : `${name} ne remplit et ne signe plus les conventions au nom de l'établissement.`,
          }
        : { ok: false, text: errorMessage(err) },
    );
  }

  const chosen = eligible.find((m) => m.user_id === memberId);

  if (eligible.length === 0) return null;
  return (
    <div className={fr.cx("fr-mb-4w")}>
      <h3 className={fr.cx("fr-h5")}>Délégation de signature des conventions</h3>
      <p>Vous pouvez confier à un membre de l'équipe (adjoint, CPE…) le soin de remplir et de signer les conventions au nom de l'établissement.</p>
      <NoticeAlert notice={notice} />
      <Select
        label="Membre de l'équipe"
        nativeSelectProps={{ name: "delegate_member", value: memberId, onChange: (e) => setMemberId(e.target.value) }}
        {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
      >
        <option value="">Choisir…</option>
        {eligible.map((m) => (
          <option key={m.user_id} value={m.user_id}>
            {m.first_name} {m.last_name} ({staffFunctionLabels[m.function]})
          </option>
        ))}
      </Select>
      {chosen?.agreement_delegate ? (
        <>
          <p className={fr.cx("fr-text--sm")}>
            {chosen.first_name} {chosen.last_name} a la délégation de signature.
          </p>
          <Button type="button" priority="secondary" disabled={delegation.isPending} onClick={() => submit(false)}>
            Retirer la délégation
          </Button>
        </>
      ) : (
        <Button type="button" disabled={delegation.isPending} onClick={() => submit(true)}>
          Donner la délégation
        </Button>
      )}
    </div>
  );
}

function InvitePupils({ uai }: { uai: string }) {
  const { data: classes } = useClasses(uai, currentSchoolYear());
  const invitePupil = useInvitePupil(uai);
  const importPupils = useImportPupils(uai);
  const [form, setForm] = useState({ first_name: "", last_name: "", contact: "", class_id: "" });
  const [notice, setNotice] = useState<Notice>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  async function invite(e: FormEvent) {
    e.preventDefault();
    const byPhone = !form.contact.includes("@");
    const { ok, data, error } = await attempt(
      invitePupil.mutateAsync({
        first_name: form.first_name,
        last_name: form.last_name,
        email: byPhone ? null : form.contact,
        phone: byPhone ? form.contact : null,
        class_id: form.class_id,
      }),
    );
    if (ok) {
      const who = `${form.first_name} ${form.last_name}`;
      // The same answer whether the address had an account or not (the server says nothing of it).
      setNotice({
        ok: true,
        text:
          data.outcome === "already_there"
            ? `${who} fait déjà partie de l'établissement.`
            : `Invitation envoyée à ${who}. L'élève apparaît dans la classe dès son compte créé, ou dès qu'il la rejoint avec le code de la classe.`,
      });
      setForm({ ...form, first_name: "", last_name: "", contact: "" });
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
  }

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setReport(null);
    const { ok, data, error } = await attempt(importPupils.mutateAsync(await file.text()));
    if (ok) {
      setReport(data);
      setNotice(null);
    } else setNotice({ ok: false, text: Object.values(fieldErrors(error))[0] ?? errorMessage(error) });
    e.target.value = "";
  }

  function downloadReport() {
    if (!report?.error_report_csv) return;
    saveBlob(new Blob(["\ufeff", report.error_report_csv], { type: "text/csv;charset=utf-8" }), "eleves-lignes-refusees.csv");
  }

  return (
    <>
      <NoticeAlert notice={notice} />
      <form onSubmit={invite} className={fr.cx("fr-mb-4w")}>
        <h3 className={fr.cx("fr-h5")}>Inviter un élève</h3>
        <Input label="Prénom de l'élève" nativeInputProps={{ name: "pupil_first_name", value: form.first_name, onChange: set("first_name") }} />
        <Input label="Nom de l'élève" nativeInputProps={{ name: "pupil_last_name", value: form.last_name, onChange: set("last_name") }} />
        <Input
          label="E-mail ou mobile de l'élève"
          hintText="L'élève reçoit un lien pour choisir son mot de passe."
          nativeInputProps={{ name: "pupil_contact", value: form.contact, onChange: set("contact") }}
        />
        <Select label="Classe de l'élève" nativeSelectProps={{ name: "pupil_class", value: form.class_id, onChange: set("class_id") }}>
          <option value="">Choisir la classe</option>
          {(classes ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <Button type="submit">Inviter l'élève</Button>
      </form>
      <div className={fr.cx("fr-upload-group", "fr-mb-2w")}>
        <label className={fr.cx("fr-label")} htmlFor="pupils-csv">
          Inviter une liste d'élèves (fichier CSV)
          <span className={fr.cx("fr-hint-text")}>
            Colonnes : prenom;nom;email;telephone;classe — une ligne par élève, encodage UTF-8. Renvoyer le même fichier ne crée pas de doublon.
          </span>
        </label>
        <input className={fr.cx("fr-upload")} type="file" id="pupils-csv" accept=".csv,text/csv" onChange={importFile} />
      </div>
      {report && (
        <Alert
          severity={report.errors.length > 0 ? "warning" : "success"}
          title="Liste importée"
          className={fr.cx("fr-mb-2w")}
          description={
            <>
              <p>
                {plural(report.invited, "invitation envoyée", "invitations envoyées")},{" "}
                {plural(report.already_there, "élève déjà inscrit", "élèves déjà inscrits")}, {plural(report.errors.length, "ligne refusée", "lignes refusées")}
                .
              </p>
              {report.errors.length > 0 && (
                <>
                  <ul>
                    {report.errors.slice(0, 10).map((e) => (
                      <li key={e.line}>
                        Ligne {e.line} : {e.message}
                      </li>
                    ))}
                  </ul>
                  <Button size="small" priority="secondary" iconId="fr-icon-download-line" onClick={downloadReport}>
                    Télécharger les lignes refusées
                  </Button>
                </>
              )}
            </>
          }
        />
      )}
    </>
  );
}

/** Seconde: whether pupils may split their internship between two hosts without asking. */
export function SecondeSection({ uai, splitsAllowed }: { uai: string; splitsAllowed: boolean }) {
  const [notice, setNotice] = useState<Notice>(null);
  const setSplits = useSplitPlacements(uai);
  async function toggle(allowed: boolean) {
    const { ok, error } = await attempt(setSplits.mutateAsync(allowed));
    if (ok) {
      setNotice({
        ok: true,
        text: allowed ? "Les élèves de seconde peuvent faire leur stage en deux lieux sans demander." : "Chaque stage en deux lieux vous sera demandé.",
      });
    } else setNotice({ ok: false, text: errorMessage(error) });
  }
  return (
    <Section id="seconde" title="Stage de seconde">
      <NoticeAlert notice={notice} />
      <p>
        Le stage de seconde se fait de préférence sur deux semaines dans un seul lieu. À titre exceptionnel, un élève peut le faire en deux lieux (une semaine
        dans chacun).{" "}
        {splitsAllowed
          ? "Vous l'autorisez pour tous vos élèves de seconde : ils confirment leur deuxième semaine sans vous le demander."
          : "L'élève vous le demande au moment de confirmer sa deuxième semaine : vous l'autorisez depuis la liste des élèves."}
      </p>
      <ToggleSwitch
        label="Autoriser le stage en deux lieux à tous les élèves de seconde, sans demande au cas par cas"
        checked={splitsAllowed}
        onChange={(checked) => void toggle(checked)}
      />
    </Section>
  );
}

const splitLabels: Record<components["schemas"]["SplitState"], string> = {
  requested: "demande à faire son stage en deux lieux",
  approved: "stage en deux lieux autorisé",
  done: "stage en deux lieux",
};

export function PupilsSection({ uai, canApproveSplits = false }: { uai: string; canApproveSplits?: boolean }) {
  // The principal finds the class codes in the classes section; the others here.
  const myFunction = useSchool(uai).data?.my_function;
  const { data: pupils } = usePupils(uai);
  const approve = useApproveSplit(uai);
  const [notice, setNotice] = useState<Notice>(null);
  const [classId, setClassId] = useState("");
  const [onlyMissing, setOnlyMissing] = useState(false);
  const [onlyInvited, setOnlyInvited] = useState(false);

  async function approveSplit(id: string, name: string) {
    const { ok, error } = await attempt(approve.mutateAsync(id));
    if (ok) {
      setNotice({ ok: true, text: `${name} peut confirmer sa deuxième semaine : l'élève est prévenu.` });
    } else setNotice({ ok: false, text: errorMessage(error) });
  }

  const classes = [...new Map((pupils ?? []).map((p) => [p.class_id, p.class_name])).entries()].sort((a, b) => a[1].localeCompare(b[1], "fr"));
  const shown = (pupils ?? []).filter((p) => (!classId || p.class_id === classId) && (!onlyMissing || !p.consent_date) && (!onlyInvited || !p.active));
  return (
    <Section id="eleves" title="Élèves">
      <JoinRequests uai={uai} />
      {myFunction && myFunction !== "principal" && <ClassCodes uai={uai} onlyFollowed />}
      <NoticeAlert notice={notice} />
      {!pupils ? (
        <p aria-busy="true">Chargement…</p>
      ) : pupils.length === 0 ? (
        <p>
          Aucun élève inscrit pour l'instant.{" "}
          {myFunction === "principal" ? "Importez-les depuis la base élèves, invitez-les ci-dessous" : "Invitez-les ci-dessous"}, ou ils choisissent leur classe
          en créant leur compte.
        </p>
      ) : (
        <>
          <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
            {classes.length > 1 ? (
              <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
                <Select label="Classe" nativeSelectProps={{ name: "pupils_class", value: classId, onChange: (e) => setClassId(e.target.value) }}>
                  <option value="">Toutes les classes</option>
                  {classes.map(([id, name]) => (
                    <option key={id} value={id}>
                      {name}
                    </option>
                  ))}
                </Select>
              </div>
            ) : null}
            <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
              <Checkbox
                small
                options={[
                  {
                    label: "Seulement les élèves sans autorisation parentale",
                    nativeInputProps: { name: "pupils_missing", checked: onlyMissing, onChange: (e) => setOnlyMissing(e.target.checked) },
                  },
                  {
                    label: "Seulement les élèves invités qui ne se sont pas encore connectés",
                    nativeInputProps: { name: "pupils_invited", checked: onlyInvited, onChange: (e) => setOnlyInvited(e.target.checked) },
                  },
                ]}
              />
            </div>
          </div>
          <p className={fr.cx("fr-text--sm")} role="status">
            {plural(shown.length, "élève affiché", "élèves affichés")} sur {pupils.length} ·{" "}
            {plural(pupils.filter((p) => !p.consent_date).length, "sans autorisation parentale", "sans autorisation parentale")} ·{" "}
            {plural(pupils.filter((p) => !p.active).length, "invité pas encore connecté", "invités pas encore connectés")}
          </p>
          <ul>
            {shown.map((p) => (
              <li key={p.user_id} className={fr.cx("fr-mb-1w")}>
                <Link to={`/etablissement/${uai}/eleves/${p.user_id}`}>
                  {p.first_name} {p.last_name}
                </Link>{" "}
                ({p.class_name}){" "}
                <Badge small noIcon severity={p.active ? "success" : "info"}>
                  {p.active ? "Actif" : p.from_register ? "Base élèves" : "Invité"}
                </Badge>
                <CoverageBadges row={p} /> —{" "}
                {p.consent_date ? (
                  `autorisation parentale du ${formatDateFr(p.consent_date)}`
                ) : (
                  <ConsentForm
                    small
                    uai={uai}
                    pupilId={p.user_id}
                    name={`${p.first_name} ${p.last_name}`}
                    hasScan={p.consent_form}
                    onDone={(n) => setNotice(n)}
                  />
                )}
                {p.split ? ` — ${splitLabels[p.split]}` : null}
                {p.split === "requested" && canApproveSplits ? (
                  <Button
                    size="small"
                    priority="secondary"
                    className={fr.cx("fr-ml-1w")}
                    onClick={() => approveSplit(p.user_id, `${p.first_name} ${p.last_name}`)}
                  >
                    Autoriser le stage en deux lieux<span className={fr.cx("fr-sr-only")}> {de(`${p.first_name} ${p.last_name}`)}</span>
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      )}
      {myFunction === "principal" && <RegisterImport uai={uai} />}
      <InvitePupils uai={uai} />
    </Section>
  );
}
