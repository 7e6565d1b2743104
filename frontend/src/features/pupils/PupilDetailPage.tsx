import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { openBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { usePageTitle } from "../../components";
import { DataTable } from "../../components/DataTable";
import { PupilApplicationsList } from "../applications/ApplicationPages";
import { ConsentForm, WithdrawConsentForm } from "./ConsentForm";
import { formatDateFr, formatDateTimeFr } from "../../dates";
import { plural } from "../../i18n";
import { downloadConsentForm, usePupilAudit, usePupilDetail, useSaveRepresentatives, useSetPriorityNeighbourhood, useUploadConsentForm } from "./queries";
import { PageSkeleton } from "../../components/PageSkeleton";
import { CoverageBadges, PupilElsewhereSection } from "../externalInternships/SchoolExternal";

type Representative = components["schemas"]["LegalRepresentative"];

/** The staff enter the legal representatives when the pupil did not: one suffices to sign the
 *  agreement, and the signing link goes to them as soon as the agreement waits for signatures. */
function RepresentativesForm({ uai, pupilId, initial }: { uai: string; pupilId: string; initial: Representative[] }) {
  const empty: Representative = { name: "", email: "", phone: "" };
  const [reps, setReps] = useState<Representative[]>(initial.length ? initial : [empty]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const saveReps = useSaveRepresentatives(uai, pupilId);
  const busy = saveReps.isPending;
  const set = (i: number, k: keyof Representative, v: string) => setReps(reps.map((r, j) => (j === i ? { ...r, [k]: v } : r)));

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const legal = reps
      .filter((r) => r.name.trim() || r.email?.trim() || r.phone?.trim())
      .map((r) => ({ name: r.name.trim(), email: r.email?.trim() || null, phone: r.phone?.trim() || null }));
    const { ok, error } = await attempt(saveReps.mutateAsync(legal));
    if (ok) {
      setErrors({});
      setNotice({
        ok: true,
        text: "Représentants légaux enregistrés : la convention les nomme, et le lien de signature leur est envoyé dès qu'elle attend leur signature.",
      });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  const state = (key: string) => (errors[key] ? { state: "error" as const, stateRelatedMessage: errors[key] } : {});
  return (
    <form onSubmit={save} noValidate aria-labelledby="representants-form">
      <h3 id="representants-form" className={fr.cx("fr-h6")}>
        Renseigner les représentants légaux
      </h3>
      <p className={fr.cx("fr-hint-text")}>La signature de l'un d'eux suffit. Indiquez un e-mail ou un mobile : le lien de signature y est envoyé.</p>
      {notice && (
        <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mb-2w")} role={notice.ok ? "status" : "alert"} />
      )}
      {reps.map((r, i) => (
        <fieldset key={i} className={fr.cx("fr-fieldset")}>
          <legend className={fr.cx("fr-fieldset__legend")}>{i === 0 ? "Premier représentant légal" : "Second représentant légal"}</legend>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="Nom et prénom"
              nativeInputProps={{ value: r.name, onChange: (e) => set(i, "name", e.target.value), autoComplete: "off" }}
              {...state(`legal_representatives[${i}].name`)}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="E-mail"
              nativeInputProps={{ type: "email", value: r.email ?? "", onChange: (e) => set(i, "email", e.target.value), autoComplete: "off" }}
              {...state(`legal_representatives[${i}].email`)}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="Mobile"
              nativeInputProps={{ type: "tel", value: r.phone ?? "", onChange: (e) => set(i, "phone", e.target.value), autoComplete: "off" }}
              {...state(`legal_representatives[${i}].phone`)}
            />
          </div>
          {errors[`legal_representatives[${i}]`] ? <p className={fr.cx("fr-error-text")}>{errors[`legal_representatives[${i}]`]}</p> : null}
        </fieldset>
      ))}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        {reps.length < 2 ? (
          <li>
            <Button type="button" priority="secondary" onClick={() => setReps([...reps, empty])}>
              Ajouter un second représentant
            </Button>
          </li>
        ) : null}
        <li>
          <Button type="submit" disabled={busy}>
            Enregistrer les représentants légaux
          </Button>
        </li>
      </ul>
    </form>
  );
}

const frDate = (d?: string | null) => (d ? formatDateFr(d) : "non renseignée");

/** Whether the family lives in a priority neighbourhood (QPV): the school knows the address,
 *  the platform only a postal code. It opens the offers reserved to priority education. */
export function PriorityNeighbourhood({ uai, pupilId, livesInQpv }: { uai: string; pupilId: string; livesInQpv: boolean }) {
  const save = useSetPriorityNeighbourhood(uai, pupilId);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  async function toggle(e: ChangeEvent<HTMLInputElement>) {
    const next = e.target.checked;
    const { ok, error } = await attempt(save.mutateAsync(next));
    setNotice(
      ok
        ? { ok: true, text: next ? "Enregistré : les offres réservées à l'éducation prioritaire s'ouvrent à l'élève." : "Enregistré." }
        : { ok: false, text: errorMessage(error) },
    );
  }
  return (
    <div className={fr.cx("fr-fieldset__element", "fr-mt-2w")}>
      <div className={fr.cx("fr-checkbox-group")}>
        <input type="checkbox" id="lives-in-qpv" checked={livesInQpv} disabled={save.isPending} onChange={toggle} aria-describedby="lives-in-qpv-hint" />
        <label className={fr.cx("fr-label")} htmlFor="lives-in-qpv">
          La famille habite un quartier prioritaire de la politique de la ville (QPV)
          <span className={fr.cx("fr-hint-text")} id="lives-in-qpv-hint">
            Les offres réservées aux élèves de l'éducation prioritaire s'ouvrent alors à l'élève, en tête de sa recherche. Seule l'équipe qui le suit voit cette
            information.
          </span>
        </label>
      </div>
      {notice && (
        <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mt-1w")} role={notice.ok ? "status" : "alert"} />
      )}
    </div>
  );
}

/** A pupil's file for the staff who follow them: contacts, legal representatives, consent, CV. */
export function PupilDetailPage() {
  const { uai = "", pupilId = "" } = useParams();
  const query = usePupilDetail(uai, pupilId);
  const detail = query.data;
  const error = query.isError ? errorMessage(query.error) : null;
  const uploadForm = useUploadConsentForm(uai, pupilId);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const name = detail ? `${detail.row.first_name} ${detail.row.last_name}` : "Élève";
  usePageTitle(name);

  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const input = e.target;
    const file = input.files?.[0];
    if (!file) return;
    const { ok, error: err } = await attempt(uploadForm.mutateAsync(file));
    setNotice(ok ? { ok: true, text: "Autorisation numérisée enregistrée." } : { ok: false, text: errorMessage(err) });
    input.value = "";
  }

  async function download() {
    const { ok, data, error: err } = await attempt(downloadConsentForm(uai, pupilId));
    if (ok) openBlob(data);
    else setNotice({ ok: false, text: errorMessage(err) });
  }

  if (error) return <Alert severity="error" title="Fiche inaccessible" description={error} />;
  if (!detail) return <PageSkeleton />;
  const { row, cv } = detail;
  return (
    <>
      <nav className={fr.cx("fr-breadcrumb")} aria-label="vous êtes ici :">
        <ol className={fr.cx("fr-breadcrumb__list")}>
          <li>
            <Link className={fr.cx("fr-breadcrumb__link")} to={`/etablissement/${uai}`}>
              Mon établissement
            </Link>
          </li>
          <li>
            <Link className={fr.cx("fr-breadcrumb__link")} to={`/etablissement/${uai}/eleves`}>
              Élèves
            </Link>
          </li>
          <li>
            {/* eslint-disable-next-line jsx-a11y/anchor-is-valid -- the DSFR breadcrumb marks the current page as a link without href */}
            <a className={fr.cx("fr-breadcrumb__link")} aria-current="page">
              {name}
            </a>
          </li>
        </ol>
      </nav>
      <h1>{name}</h1>
      <p className={fr.cx("fr-text--lead")}>Classe {row.class_name}</p>
      {notice && (
        <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mb-2w")} role={notice.ok ? "status" : "alert"} />
      )}

      <h2 className={fr.cx("fr-h4")}>Autorisation parentale</h2>
      {row.consent_date ? (
        <>
          <p>Signée par la famille le {frDate(row.consent_date)} : l'élève peut chercher un stage.</p>
          <WithdrawConsentForm uai={uai} pupilId={pupilId} name={name} onDone={(n) => setNotice(n)} />
        </>
      ) : (
        <>
          <p>Pas encore d'autorisation : l'élève ne peut pas chercher de stage.</p>
          <ConsentForm uai={uai} pupilId={pupilId} name={name} hasScan={row.consent_form} onDone={(n) => setNotice(n)} />
        </>
      )}
      {detail.consent_withdrawal ? (
        <Alert
          small
          severity="warning"
          className={fr.cx("fr-mt-2w")}
          description={`L'autorisation signée le ${frDate(detail.consent_withdrawal.consent_date)} a été retirée le ${formatDateTimeFr(detail.consent_withdrawal.withdrawn_at)} par ${detail.consent_withdrawal.withdrawn_by}. Motif : ${detail.consent_withdrawal.reason.replace(/[.!?…]*$/, ".")}`}
        />
      ) : null}
      <p className={fr.cx("fr-mt-2w")}>
        {row.consent_form ? (
          <Button priority="tertiary" iconId="fr-icon-file-download-line" onClick={download}>
            Voir l'autorisation numérisée
          </Button>
        ) : (
          "Aucune autorisation numérisée."
        )}
      </p>
      {/* Before the consent is recorded, its form takes the scan (one file picker on the page);
          once recorded, or when a scan is already on file, it is attached or replaced here. */}
      {(row.consent_date || row.consent_form) && (
        <div className={fr.cx("fr-upload-group")}>
          <label className={fr.cx("fr-label")} htmlFor="consent-form">
            {row.consent_form ? "Remplacer l'autorisation numérisée" : "Joindre l'autorisation numérisée"}
            <span className={fr.cx("fr-hint-text")}>PDF, JPEG ou PNG, 5 Mo au plus.</span>
          </label>
          <input className={fr.cx("fr-upload")} type="file" id="consent-form" accept="application/pdf,image/jpeg,image/png" onChange={upload} />
        </div>
      )}

      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>Candidatures</h2>
      <p>
        {plural(row.applications, "candidature", "candidatures")} ·{" "}
        {row.coverage === "elsewhere" ? "stage trouvé hors plateforme" : row.placed ? "stage trouvé" : "pas encore de stage"}
        <CoverageBadges row={{ coverage: "without", elsewhere_pending: row.elsewhere_pending }} />
      </p>
      <PupilApplicationsList uai={uai} pupilId={pupilId} />
      <PupilElsewhereSection uai={uai} pupilId={pupilId} classId={row.class_id} grade={row.grade} name={name} />

      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>Coordonnées</h2>
      <ul>
        <li>E-mail : {detail.email ?? "—"}</li>
        <li>Mobile : {detail.phone ?? "—"}</li>
        <li>Date de naissance : {frDate(detail.birth_date)}</li>
        {detail.ine && <li>INE (base élèves) : {detail.ine}</li>}
        <li>Code postal du domicile : {detail.home_postal_code ?? "non renseigné"}</li>
      </ul>
      <PriorityNeighbourhood uai={uai} pupilId={pupilId} livesInQpv={detail.lives_in_qpv} />
      <h3 className={fr.cx("fr-h6")}>Représentants légaux</h3>
      {detail.legal_representatives.length === 0 ? (
        <p>Non renseignés par l'élève.</p>
      ) : (
        <ul>
          {detail.legal_representatives.map((r, i) => (
            <li key={i}>
              {r.name} · {r.email ?? "sans e-mail"} · {r.phone ?? "sans téléphone"}
            </li>
          ))}
        </ul>
      )}
      <RepresentativesForm uai={uai} pupilId={pupilId} initial={detail.legal_representatives} />

      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>CV</h2>
      <dl>
        <dt>Centres d'intérêt</dt>
        <dd>{cv.interests || "—"}</dd>
        <dt>Qualités et compétences</dt>
        <dd>{cv.skills || "—"}</dd>
        <dt>Langues</dt>
        <dd>{cv.languages || "—"}</dd>
        <dt>Activités</dt>
        <dd>{cv.activities || "—"}</dd>
      </dl>
      <AuditSection uai={uai} pupilId={pupilId} />
    </>
  );
}

const resourceLabels: Record<string, string> = {
  pupil_profile: "fiche de l'élève",
  application: "candidature",
  agreement: "convention",
  agreement_pdf: "convention (PDF)",
  consent: "accord des parents",
  external_internship: "stage trouvé hors plateforme",
};

/** For the principal (and admins): who read or changed this pupil's data. Hidden for others. */
function AuditSection({ uai, pupilId }: { uai: string; pupilId: string }) {
  const entries = usePupilAudit(uai, pupilId).data?.items;
  if (!entries) return null;
  return (
    <>
      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>Consultations et modifications de ses données</h2>
      {entries.length === 0 ? (
        <p>Personne d'autre que l'élève n'a encore consulté ses données.</p>
      ) : (
        <DataTable
          caption="Qui a consulté ou modifié les données de l'élève"
          headers={["Date", "Personne", "Action", "Donnée"]}
          rows={entries.map((e) => [
            formatDateTimeFr(e.at),
            e.actor_name || e.actor_id,
            e.action === "read" ? "consultation" : "modification",
            resourceLabels[e.resource] ?? e.resource,
          ])}
        />
      )}
    </>
  );
}
