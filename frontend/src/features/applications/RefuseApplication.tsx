import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { useInlineForm } from "../../components/useInlineForm";
import { de } from "../../i18n";

/** Refusing one application (host side): "Refuser" opens the form for the reason, which the pupil
 *  reads; "Annuler" or Escape closes it and gives the focus back to "Refuser". */
export function RefuseApplication({
  who,
  pending,
  error,
  onRefuse,
}: {
  /** The pupil's name. */
  who: string;
  pending: boolean;
  /** The server's word on the reason, shown at the field. */
  error?: string;
  /** Sends the refusal; true when done (the form then closes). */
  onRefuse: (reason: string) => Promise<boolean>;
}) {
  const { open, show, cancel, close, fieldRef, openerRef, formProps } = useInlineForm();
  const [reason, setReason] = useState("");

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    if (await onRefuse(reason)) {
      setReason("");
      close();
    }
  }

  if (!open) {
    return (
      <Button ref={openerRef} priority="secondary" onClick={show}>
        Refuser<span className={fr.cx("fr-sr-only")}> la candidature {de(who)}</span>
      </Button>
    );
  }
  return (
    <form onSubmit={submit} noValidate aria-label={`Refuser la candidature ${de(who)}`} {...formProps}>
      <Input
        textArea
        label="Motif du refus"
        hintText="L'élève le lit : restez bienveillant et précis."
        nativeTextAreaProps={{ ref: fieldRef, name: "reason", rows: 3, maxLength: 1000, value: reason, onChange: (e) => setReason(e.target.value) }}
        {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
      />
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm")}>
        <li>
          <Button type="submit" size="small" disabled={pending}>
            Confirmer le refus<span className={fr.cx("fr-sr-only")}> de la candidature {de(who)}</span>
          </Button>
        </li>
        <li>
          <Button type="button" size="small" priority="tertiary" onClick={cancel}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}
