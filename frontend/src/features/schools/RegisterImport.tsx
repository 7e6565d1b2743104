// The principal enrols the school's pupils from its register (SIECLE, "base élèves"): the
// export file as it comes, a report of what was done and of every line refused.
import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState, type ChangeEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { saveBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { listFr, plural } from "../../i18n";
import { useImportRegister, type RegisterImportReport } from "./queries";

/** What the import did, in one sentence per kind of line. */
export function registerSummary(r: RegisterImportReport): string[] {
  const out = [
    plural(r.created, "élève inscrit dans sa classe", "élèves inscrits dans leur classe"),
    `${plural(r.updated, "élève mis à jour", "élèves mis à jour")} (classe, date de naissance ou INE)`,
    `${plural(r.unchanged, "élève déjà à jour", "élèves déjà à jour")}`,
  ];
  if (r.not_concerned > 0)
    out.push(`${plural(r.not_concerned, "élève d'un autre niveau ignoré", "élèves d'autres niveaux ignorés")} (pas de stage d'observation)`);
  if (r.left > 0) out.push(`${plural(r.left, "élève sorti de l'établissement ignoré", "élèves sortis de l'établissement ignorés")}`);
  if (r.classes_created.length > 0) out.push(`${r.classes_created.length > 1 ? "Classes créées" : "Classe créée"} : ${listFr(r.classes_created)}`);
  if (r.errors.length > 0) out.push(plural(r.errors.length, "ligne refusée", "lignes refusées"));
  return out;
}

export function RegisterImport({ uai }: { uai: string }) {
  const importRegister = useImportRegister(uai);
  const [report, setReport] = useState<RegisterImportReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function importFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setReport(null);
    setProblem(null);
    const { ok, data, error } = await attempt(importRegister.mutateAsync(file));
    if (ok) setReport(data);
    else setProblem(Object.values(fieldErrors(error))[0] ?? errorMessage(error));
    e.target.value = "";
  }

  function downloadReport() {
    if (!report?.error_report_csv) return;
    saveBlob(new Blob(["\ufeff", report.error_report_csv], { type: "text/csv;charset=utf-8" }), "base-eleves-lignes-refusees.csv");
  }

  return (
    <div className={fr.cx("fr-mb-4w")}>
      <h3 className={fr.cx("fr-h5")}>Importer les élèves depuis la base élèves</h3>
      <p className={fr.cx("fr-text--sm")}>
        Dans SIECLE (Base élèves), exportez le fichier « élèves sans adresses » (XML) et déposez-le ici tel quel. Les élèves de 4e, de 3e et de 2nde générale et
        technologique sont inscrits dans leur classe, créée si besoin ; ils n'ont besoin ni d'adresse ni de mot de passe. Un nouvel import suit les changements
        de classe sans créer de doublon.
      </p>
      <div className={fr.cx("fr-upload-group", "fr-mb-2w", problem ? "fr-input-group--error" : undefined)}>
        <label className={fr.cx("fr-label")} htmlFor="register-file">
          Fichier de la base élèves
          <span className={fr.cx("fr-hint-text")}>
            XML de SIECLE, ou CSV avec les colonnes ine;nom;prenom;date_naissance;sexe;niveau;classe (niveau : code MEF, 4E, 3E ou 2NDE).
          </span>
        </label>
        <input
          className={fr.cx("fr-upload")}
          type="file"
          id="register-file"
          accept=".xml,.csv,application/xml,text/xml,text/csv"
          aria-describedby={problem ? "register-file-error" : undefined}
          disabled={importRegister.isPending}
          onChange={importFile}
        />
        {problem && (
          <p id="register-file-error" className={fr.cx("fr-error-text")}>
            {problem}
          </p>
        )}
      </div>
      <p role="status" className={fr.cx("fr-text--sm")}>
        {importRegister.isPending ? "Import en cours…" : ""}
      </p>
      {report && (
        <Alert
          severity={report.errors.length > 0 ? "warning" : "success"}
          title="Base élèves importée"
          description={
            <>
              <ul>
                {registerSummary(report).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {report.errors.length > 0 && (
                <>
                  <p className={fr.cx("fr-mb-1w")}>Lignes refusées, à corriger dans le fichier avant de l'importer de nouveau :</p>
                  <ul>
                    {report.errors.slice(0, 10).map((e) => (
                      <li key={e.line}>
                        {e.pupil || `Ligne ${e.line}`} : {e.message}
                      </li>
                    ))}
                  </ul>
                  {report.errors.length > 10 && <p>… et {plural(report.errors.length - 10, "autre", "autres")} dans le fichier des lignes refusées.</p>}
                  <Button size="small" priority="secondary" iconId="fr-icon-download-line" onClick={downloadReport}>
                    Télécharger les lignes refusées
                  </Button>
                </>
              )}
            </>
          }
        />
      )}
    </div>
  );
}
