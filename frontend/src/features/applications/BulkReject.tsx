import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { applicationStatusLabels, plural } from "../../i18n";
import { useRejectBatch } from "./queries";

type BatchAnswerResult = components["schemas"]["BatchAnswerResult"];

/** Refuses the selected applications with one reason every pupil reads, then says, for each,
 *  whether it was refused or why not. */
export function BulkReject({
  selected,
  names,
  onDone,
}: {
  selected: string[];
  names: Record<string, string>;
  /** The refused ones, and the outcome: shown by the page, since refusing the last unanswered
   *  applications removes this form. */
  onDone: (refused: string[], notice: Notice) => void;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice>(null);
  const [results, setResults] = useState<BatchAnswerResult[] | null>(null);
  const rejectBatch = useRejectBatch();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (rejectBatch.isPending) return;
    setResults(null);
    if (selected.length === 0) {
      setNotice({ ok: false, text: "Cochez d'abord les candidatures à refuser." });
      return;
    }
    const { ok, data, error: err } = await attempt(rejectBatch.mutateAsync({ application_ids: selected, reason }));
    if (!ok) {
      setError(fieldErrors(err).reason);
      setNotice({ ok: false, text: errorMessage(err) });
      return;
    }
    setError(undefined);
    const done = data.filter((r) => r.done).map((r) => r.application_id);
    const failed = data.length - done.length;
    setResults(data);
    const outcome: Notice =
      failed === 0
        ? { ok: true, text: `${plural(done.length, "candidature refusée", "candidatures refusées")} : les élèves ont reçu votre message.` }
        : {
            ok: done.length > 0,
            text: `${plural(done.length, "candidature refusée", "candidatures refusées")}, ${plural(failed, "non traitée", "non traitées")} (détail ci-dessous).`,
          };
    setNotice(null);
    if (done.length > 0) setReason("");
    onDone(done, outcome);
  }

  return (
    <section aria-labelledby="refus-groupe" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={{ border: "1px solid var(--border-default-grey)" }}>
      <h2 id="refus-groupe" className={fr.cx("fr-h5")}>
        Refuser plusieurs candidatures
      </h2>
      <p>Cochez les candidatures sans réponse à refuser ({plural(selected.length, "sélectionnée", "sélectionnées")}). Chaque élève reçoit le même message.</p>
      <NoticeAlert notice={notice} />
      {results && results.some((r) => !r.done) && (
        <Alert
          small
          severity="warning"
          className={fr.cx("fr-mb-2w")}
          description={
            <ul>
              {results.map((r) => (
                <li key={r.application_id}>
                  {names[r.application_id] ?? "Candidature"} :{" "}
                  {r.done ? "refusée" : (r.error?.message ?? (r.status ? `déjà ${applicationStatusLabels[r.status].toLowerCase()}` : "non traitée"))}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <form onSubmit={submit} noValidate>
        <Input
          textArea
          label="Motif du refus, lu par chaque élève"
          hintText="Par exemple : « Toutes nos places sont prises pour cette semaine. »"
          nativeTextAreaProps={{ name: "batch_reason", rows: 3, maxLength: 1000, value: reason, onChange: (e) => setReason(e.target.value) }}
          {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
        />
        <Button type="submit" priority="secondary" disabled={rejectBatch.isPending}>
          {selected.length === 0
            ? "Refuser la sélection"
            : selected.length > 1
              ? `Refuser les ${selected.length} candidatures sélectionnées`
              : "Refuser la candidature sélectionnée"}
        </Button>
      </form>
    </section>
  );
}
