import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { attempt } from "../../api/query";
import { useConfirmAccount, useResendConfirmation } from "./queries";
import { usePageTitle } from "../../components";

type Status = { kind: "idle" } | { kind: "busy" } | { kind: "done" } | { kind: "error"; message: string };

/** Account confirmation: from the e-mailed link (token in the URL) or with an SMS code. */
export function ConfirmPage() {
  usePageTitle("Confirmer mon compte");
  const [params] = useSearchParams();
  const token = params.get("token");
  const [phone, setPhone] = useState(params.get("telephone") ?? "");
  const [code, setCode] = useState("");
  const [status, setStatus] = useState<Status>(token ? { kind: "busy" } : { kind: "idle" });
  const sent = useRef(false);
  const confirmAccount = useConfirmAccount();
  const { mutateAsync } = confirmAccount;

  useEffect(() => {
    // The link's token is used once, even when the page renders twice.
    if (!token || sent.current) return;
    sent.current = true;
    void attempt(mutateAsync({ token })).then(({ ok, error }) => setStatus(ok ? { kind: "done" } : { kind: "error", message: errorMessage(error) }));
  }, [token, mutateAsync]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setStatus({ kind: "busy" });
    const { ok, error } = await attempt(confirmAccount.mutateAsync({ phone, code }));
    setStatus(ok ? { kind: "done" } : { kind: "error", message: errorMessage(error) });
  }

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Confirmer mon compte</h1>
        {status.kind === "busy" && token && <p aria-busy="true">Confirmation en cours…</p>}
        {status.kind === "done" && (
          <>
            <Alert severity="success" title="Votre compte est confirmé" description="Vous pouvez maintenant vous connecter." />
            <p className={fr.cx("fr-mt-3w")}>
              <Button linkProps={{ to: "/connexion" }}>Se connecter</Button>
            </p>
          </>
        )}
        {status.kind === "error" && (
          <Alert severity="error" title="Confirmation impossible" description={status.message} className={fr.cx("fr-mb-3w")} role="alert" />
        )}
        {!token && status.kind !== "done" && (
          <form onSubmit={submit} noValidate>
            <p>Saisissez le code à 6 chiffres reçu par SMS.</p>
            <Input
              label="Numéro de mobile"
              nativeInputProps={{ name: "phone", type: "tel", autoComplete: "tel", value: phone, onChange: (e) => setPhone(e.target.value) }}
            />
            <Input
              label="Code reçu par SMS"
              nativeInputProps={{
                name: "code",
                inputMode: "numeric",
                autoComplete: "one-time-code",
                maxLength: 6,
                value: code,
                onChange: (e) => setCode(e.target.value),
              }}
            />
            <Button type="submit" disabled={status.kind === "busy"}>
              Confirmer
            </Button>
          </form>
        )}
        {status.kind === "error" && (
          <p className={fr.cx("fr-mt-3w")}>
            <Link to="/confirmation/renvoi">Recevoir un nouveau lien ou code</Link>
          </p>
        )}
      </div>
    </div>
  );
}

export function ResendConfirmationPage() {
  usePageTitle("Recevoir un nouveau lien");
  const [identifier, setIdentifier] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resend = useResendConfirmation();
  async function submit(e: FormEvent) {
    e.preventDefault();
    const { ok, error: err } = await attempt(resend.mutateAsync(identifier));
    if (ok) setSent(true);
    else setError(errorMessage(err));
  }
  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Recevoir un nouveau lien de confirmation</h1>
        {sent ? (
          <Alert
            severity="info"
            title="Demande enregistrée"
            description="Si un compte non confirmé existe pour cet identifiant, un nouveau message vient de lui être envoyé."
          />
        ) : (
          <form onSubmit={submit} noValidate>
            {error && <Alert severity="error" title="Envoi impossible" description={error} className={fr.cx("fr-mb-3w")} role="alert" />}
            <Input
              label="Adresse e-mail ou numéro de mobile"
              nativeInputProps={{ name: "identifier", autoComplete: "username", value: identifier, onChange: (e) => setIdentifier(e.target.value) }}
            />
            <Button type="submit">Envoyer</Button>
          </form>
        )}
      </div>
    </div>
  );
}
