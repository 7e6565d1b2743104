import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import type { Notice } from "../../components";
import { formatDateFr, todayInParis } from "../../dates";
import { de } from "../../i18n";
import { useRecordConsent } from "./queries";

/** Recording the parental consent: the date written on the signed paper form, then a
 *  confirmation (the consent opens search to the pupil, so it is never one stray click). */
export function ConsentForm({
  uai,
  pupilId,
  name,
  small = false,
  onDone,
}: {
  uai: string;
  pupilId: string;
  name: string;
  small?: boolean;
  onDone: (n: Notice) => Promise<void> | void;
}) {
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const record = useRecordConsent(uai, pupilId);
  const busy = record.isPending;
  const today = todayInParis();

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!date) return setError("Indiquez la date à laquelle la famille a signé l'autorisation.");
    const { ok, error: err } = await attempt(record.mutateAsync(date));
    if (ok) {
      setOpen(false);
      setError(null);
      await onDone({ ok: true, text: `Autorisation parentale enregistrée pour ${name} (signée le ${formatDateFr(date)}).` });
    } else setError(fieldErrors(err).consent_date ?? errorMessage(err));
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
      <Input
        label="Date de signature de l'autorisation papier"
        hintText="La date écrite par la famille sur le formulaire signé"
        nativeInputProps={{ type: "date", max: today, value: date, onChange: (e) => setDate(e.target.value) }}
        {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
      />
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
