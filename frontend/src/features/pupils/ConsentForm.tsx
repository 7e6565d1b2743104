import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useId, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import type { Notice } from "../../components";
import { formatDateFr, todayInParis } from "../../dates";
import { de } from "../../i18n";
import { useSchool } from "../schools/queries";
import { useRecordConsent, useUploadConsentForm, useWithdrawConsent } from "./queries";

const SCAN_TYPES = "application/pdf,image/jpeg,image/png";

/** Recording the parental consent: the date written on the signed paper form, the scanned form
 *  (required when the principal asks for it), then a confirmation (the consent opens search to
 *  the pupil, so it is never one stray click). */
export function ConsentForm({
  uai,
  pupilId,
  name,
  hasScan = false,
  small = false,
  onDone,
}: {
  uai: string;
  pupilId: string;
  name: string;
  /** The scanned form is already on file. */
  hasScan?: boolean;
  small?: boolean;
  onDone: (n: Notice) => Promise<void> | void;
}) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ date?: string; scan?: string }>({});
  // The school's setting, or what the server answered (409 CONSENT_SCAN_REQUIRED).
  const [scanAsked, setScanAsked] = useState(false);
  const school = useSchool(uai).data;
  const record = useRecordConsent(uai, pupilId);
  const upload = useUploadConsentForm(uai, pupilId);
  const busy = record.isPending || upload.isPending;
  const today = todayInParis();
  const scanRequired = !hasScan && (scanAsked || (school?.consent_scan_required ?? false));
  const scanId = useId();

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const missing = {
      date: date ? undefined : "Indiquez la date à laquelle la famille a signé l'autorisation.",
      scan: scanRequired && !file ? "Votre établissement demande l'autorisation numérisée : joignez le fichier (PDF, JPEG ou PNG)." : undefined,
    };
    if (missing.date || missing.scan) return setErrors(missing);
    if (file) {
      const sent = await attempt(upload.mutateAsync(file));
      if (!sent.ok) return setErrors({ scan: errorMessage(sent.error) });
    }
    const { ok, error: err } = await attempt(record.mutateAsync(date));
    if (ok) {
      setOpen(false);
      setErrors({});
      setFile(null);
      await onDone({
        ok: true,
        text: `Autorisation parentale enregistrée pour ${name} (signée le ${formatDateFr(date)})${file ? ", avec l'autorisation numérisée" : ""}.`,
      });
    } else if ((err as { code?: string }).code === "CONSENT_SCAN_REQUIRED") {
      setScanAsked(true);
      setErrors({ scan: errorMessage(err) });
    } else setErrors({ date: fieldErrors(err).consent_date ?? errorMessage(err) });
  }

  if (!open) {
    return (
      <Button size={small ? "small" : "medium"} priority="secondary" onClick={() => setOpen(true)}>
        Enregistrer l'autorisation parentale<span className={fr.cx("fr-sr-only")}> {de(name)}</span>
      </Button>
    );
  }
  return (
    <form onSubmit={save} noValidate className={fr.cx("fr-mt-1w")} aria-label={`Autorisation parentale ${de(name)}`}>
      <p className={fr.cx("fr-text--sm")}>
        Le formulaire à faire signer par la famille : <Link to="/documents-utiles">autorisation parentale à imprimer (documents utiles)</Link>.
      </p>
      <Input
        label="Date de signature de l'autorisation papier"
        hintText="La date écrite par la famille sur le formulaire signé"
        nativeInputProps={{ type: "date", max: today, value: date, onChange: (e) => setDate(e.target.value) }}
        {...(errors.date ? { state: "error" as const, stateRelatedMessage: errors.date } : {})}
      />
      {hasScan ? (
        <p className={fr.cx("fr-text--sm")}>L'autorisation numérisée est déjà jointe.</p>
      ) : (
        <div className={fr.cx("fr-upload-group", "fr-mb-2w", ...(errors.scan ? (["fr-input-group--error"] as const) : []))}>
          <label className={fr.cx("fr-label")} htmlFor={scanId}>
            {scanRequired ? "Autorisation numérisée (obligatoire)" : "Autorisation numérisée (facultatif)"}
            <span className={fr.cx("fr-hint-text")}>Le formulaire signé, scanné ou photographié : PDF, JPEG ou PNG, 5 Mo au plus.</span>
          </label>
          <input
            className={fr.cx("fr-upload")}
            type="file"
            id={scanId}
            accept={SCAN_TYPES}
            aria-describedby={errors.scan ? `${scanId}-error` : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          {errors.scan ? (
            <p id={`${scanId}-error`} className={fr.cx("fr-error-text")}>
              {errors.scan}
            </p>
          ) : null}
        </div>
      )}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm")}>
        <li>
          <Button type="submit" size="small" disabled={busy}>
            Confirmer l'autorisation<span className={fr.cx("fr-sr-only")}> {de(name)}</span>
          </Button>
        </li>
        <li>
          <Button type="button" size="small" priority="tertiary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}

/** Withdrawing a recorded consent, with the reason (kept with the withdrawal and audited). */
export function WithdrawConsentForm({ uai, pupilId, name, onDone }: { uai: string; pupilId: string; name: string; onDone: (n: Notice) => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const withdraw = useWithdrawConsent(uai, pupilId);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (withdraw.isPending) return;
    const text = reason.trim();
    if (text.length < 5) return setError("Indiquez le motif du retrait (5 caractères au moins).");
    const { ok, error: err } = await attempt(withdraw.mutateAsync(text));
    if (ok) {
      setOpen(false);
      setReason("");
      setError(null);
      onDone({ ok: true, text: `Autorisation parentale ${de(name)} retirée : la recherche de stage lui est fermée jusqu'à une nouvelle autorisation.` });
    } else setError(fieldErrors(err).reason ?? errorMessage(err));
  }

  if (!open) {
    return (
      <Button priority="tertiary" size="small" iconId="fr-icon-close-circle-line" onClick={() => setOpen(true)}>
        Retirer l'autorisation parentale
      </Button>
    );
  }
  return (
    <form onSubmit={save} noValidate aria-label={`Retrait de l'autorisation parentale ${de(name)}`}>
      <Input
        textArea
        label="Motif du retrait"
        hintText="Par exemple : la famille revient sur sa décision, date mal saisie. Le motif est conservé et figure au journal d'accès."
        nativeTextAreaProps={{ rows: 3, maxLength: 500, value: reason, onChange: (e) => setReason(e.target.value) }}
        {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
      />
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm")}>
        <li>
          <Button type="submit" size="small" disabled={withdraw.isPending}>
            Confirmer le retrait
          </Button>
        </li>
        <li>
          <Button type="button" size="small" priority="tertiary" onClick={() => setOpen(false)}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}
