import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useCallback, useEffect, useState, type ChangeEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { api, errorMessage, getAccessToken, type components } from "../../api/client";
import { usePageTitle } from "../../components";
import { DataTable } from "../../components/DataTable";
import { PupilApplicationsList } from "../applications/ApplicationPages";
import { calendarDate, instant } from "../../dates";

type Detail = components["schemas"]["PupilDetail"];

const frDate = (d?: string | null) => (d ? calendarDate(d).toLocaleDateString("fr-FR") : "non renseignée");

/** A pupil's file for the staff who follow them: contacts, legal representatives, consent, CV. */
export function PupilDetailPage() {
  const { uai = "", pupilId = "" } = useParams();
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const name = detail ? `${detail.row.first_name} ${detail.row.last_name}` : "Élève";
  usePageTitle(name);

  const load = useCallback(async () => {
    const { data, error: err } = await api.GET("/api/v1/schools/{uai}/pupils/{pupil_id}", { params: { path: { uai, pupil_id: pupilId } } });
    if (data) setDetail(data);
    else setError(errorMessage(err));
  }, [uai, pupilId]);
  useEffect(() => {
    void load();
  }, [load]);

  const url = `/api/v1/schools/${encodeURIComponent(uai)}/pupils/${encodeURIComponent(pupilId)}/consent-form`;

  async function recordConsent() {
    const today = new Date().toISOString().slice(0, 10);
    const { error: err, response } = await api.POST("/api/v1/schools/{uai}/pupils/{pupil_id}/consent", { params: { path: { uai, pupil_id: pupilId } }, body: { consent_date: today } });
    if (response.ok) {
      setNotice({ ok: true, text: `Autorisation parentale enregistrée pour ${name}.` });
      await load();
    } else setNotice({ ok: false, text: errorMessage(err) });
  }

  // The generated client speaks JSON; files go through fetch with the same token.
  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const res = await fetch(url, { method: "PUT", body: file, headers: { "Content-Type": file.type || "application/octet-stream", Authorization: `Bearer ${getAccessToken() ?? ""}` } });
    if (res.ok) {
      setNotice({ ok: true, text: "Autorisation numérisée enregistrée." });
      await load();
    } else setNotice({ ok: false, text: errorMessage(await res.json().catch(() => undefined)) });
    e.target.value = "";
  }

  async function download() {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${getAccessToken() ?? ""}` } });
    if (!res.ok) return setNotice({ ok: false, text: errorMessage(await res.json().catch(() => undefined)) });
    const blobUrl = URL.createObjectURL(await res.blob());
    window.open(blobUrl, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
  }

  if (error) return <Alert severity="error" title="Fiche inaccessible" description={error} />;
  if (!detail) return <p aria-busy="true">Chargement…</p>;
  const { row, cv } = detail;
  return (
    <>
      <nav className={fr.cx("fr-breadcrumb")} aria-label="vous êtes ici :">
        <ol className={fr.cx("fr-breadcrumb__list")}>
          <li>
            <Link className={fr.cx("fr-breadcrumb__link")} to="/espace">
              Mon établissement
            </Link>
          </li>
          <li>
            <a className={fr.cx("fr-breadcrumb__link")} aria-current="page">
              {name}
            </a>
          </li>
        </ol>
      </nav>
      <h1>{name}</h1>
      <p className={fr.cx("fr-text--lead")}>Classe {row.class_name}</p>
      {notice && <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mb-2w")} role={notice.ok ? "status" : "alert"} />}

      <h2 className={fr.cx("fr-h4")}>Autorisation parentale</h2>
      {row.consent_date ? <p>Enregistrée le {frDate(row.consent_date)}.</p> : (
        <Button onClick={recordConsent}>Enregistrer l'autorisation parentale de {name}</Button>
      )}
      <p className={fr.cx("fr-mt-2w")}>
        {row.consent_form ? (
          <Button priority="tertiary" iconId="fr-icon-file-download-line" onClick={download}>
            Voir l'autorisation numérisée
          </Button>
        ) : (
          "Aucune autorisation numérisée."
        )}
      </p>
      <div className={fr.cx("fr-upload-group")}>
        <label className={fr.cx("fr-label")} htmlFor="consent-form">
          {row.consent_form ? "Remplacer l'autorisation numérisée" : "Joindre l'autorisation numérisée"}
          <span className={fr.cx("fr-hint-text")}>PDF, JPEG ou PNG, 5 Mo au plus.</span>
        </label>
        <input className={fr.cx("fr-upload")} type="file" id="consent-form" accept="application/pdf,image/jpeg,image/png" onChange={upload} />
      </div>

      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>Candidatures</h2>
      <p>
        {row.applications} candidature(s) · {row.placed ? "stage trouvé" : "pas encore de stage"}
      </p>
      <PupilApplicationsList uai={uai} pupilId={pupilId} />

      <h2 className={fr.cx("fr-h4", "fr-mt-4w")}>Coordonnées</h2>
      <ul>
        <li>E-mail : {detail.email ?? "—"}</li>
        <li>Mobile : {detail.phone ?? "—"}</li>
        <li>Date de naissance : {frDate(detail.birth_date)}</li>
        <li>Code postal du domicile : {detail.home_postal_code ?? "non renseigné"}</li>
      </ul>
      <h3 className={fr.cx("fr-h6")}>Représentants légaux</h3>
      {detail.legal_representatives.length === 0 ? <p>Non renseignés par l'élève.</p> : (
        <ul>
          {detail.legal_representatives.map((r, i) => (
            <li key={i}>
              {r.name} · {r.email ?? "sans e-mail"} · {r.phone ?? "sans téléphone"}
            </li>
          ))}
        </ul>
      )}

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
};

/** For the principal (and admins): who read or changed this pupil's data. Hidden for others. */
function AuditSection({ uai, pupilId }: { uai: string; pupilId: string }) {
  const [entries, setEntries] = useState<components["schemas"]["AuditEntry"][] | null>(null);
  useEffect(() => {
    void api.GET("/api/v1/schools/{uai}/audit", { params: { path: { uai }, query: { pupil_id: pupilId } } }).then(({ data }) => setEntries(data?.items ?? null));
  }, [uai, pupilId]);
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
          rows={entries.map((e) => [instant(e.at).toLocaleString("fr-FR"), e.actor_name || e.actor_id, e.action === "read" ? "consultation" : "modification", resourceLabels[e.resource] ?? e.resource])}
        />
      )}
    </>
  );
}
