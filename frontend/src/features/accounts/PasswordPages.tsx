import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { useForgotPassword, useResetPassword } from "./queries";
import { usePageTitle } from "../../components";

export function ForgotPasswordPage() {
  usePageTitle("Mot de passe oublié");
  const [identifier, setIdentifier] = useState("");
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const forgot = useForgotPassword();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const { ok, error: err } = await attempt(forgot.mutateAsync(identifier));
    if (ok) setSent(true);
    else setError(errorMessage(err));
  }

  const isPhone = identifier.trim() !== "" && !identifier.includes("@");
  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Mot de passe oublié</h1>
        {sent ? (
          <>
            <Alert
              severity="info"
              title="Demande enregistrée"
              description={
                isPhone
                  ? "Si un compte existe avec ce numéro, un code vient de lui être envoyé par SMS (3 envois par jour au plus)."
                  : "Si un compte existe avec cette adresse, un lien valable une heure vient de lui être envoyé."
              }
            />
            {isPhone && (
              <p className={fr.cx("fr-mt-3w")}>
                <Button linkProps={{ to: `/mot-de-passe/nouveau?telephone=${encodeURIComponent(identifier)}` }}>Saisir mon code</Button>
              </p>
            )}
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            {error && <Alert severity="error" title="Envoi impossible" description={error} className={fr.cx("fr-mb-3w")} role="alert" />}
            <Input
              label="Adresse e-mail ou numéro de mobile"
              nativeInputProps={{ name: "identifier", autoComplete: "username", value: identifier, onChange: (e) => setIdentifier(e.target.value) }}
            />
            <Button type="submit">Recevoir un lien ou un code</Button>
          </form>
        )}
        <p className={fr.cx("fr-mt-3w", "fr-text--sm")}>
          Rien reçu après quelques minutes ? Regardez dans les courriers indésirables, ou <Link to="/contact?depuis=%2Fmot-de-passe-oublie">écrivez-nous</Link>.
        </p>
      </div>
    </div>
  );
}

export function ResetPasswordPage() {
  usePageTitle("Choisir un nouveau mot de passe");
  const [params] = useSearchParams();
  const token = params.get("token");
  const [phone, setPhone] = useState(params.get("telephone") ?? "");
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const reset = useResetPassword();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const body = token ? { token, password } : { phone, code, password };
    const { ok, error: err } = await attempt(reset.mutateAsync(body));
    if (ok) setDone(true);
    else {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
    }
  }

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Choisir un nouveau mot de passe</h1>
        {done ? (
          <>
            <Alert severity="success" title="Mot de passe enregistré" description="Vous pouvez vous connecter avec votre nouveau mot de passe." />
            <p className={fr.cx("fr-mt-3w")}>
              <Button linkProps={{ to: "/connexion" }}>Se connecter</Button>
            </p>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            {error && <Alert severity="error" title="Changement impossible" description={error} className={fr.cx("fr-mb-3w")} role="alert" />}
            {!token && (
              <>
                <Input label="Numéro de mobile" nativeInputProps={{ name: "phone", type: "tel", value: phone, onChange: (e) => setPhone(e.target.value) }} />
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
              </>
            )}
            <PasswordInput
              label="Nouveau mot de passe"
              messages={[{ message: errors.password ?? "12 caractères au minimum", severity: errors.password ? "error" : "info" }]}
              nativeInputProps={{ name: "password", autoComplete: "new-password", value: password, onChange: (e) => setPassword(e.target.value) }}
            />
            <Button type="submit" className={fr.cx("fr-mt-2w")}>
              Enregistrer
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
