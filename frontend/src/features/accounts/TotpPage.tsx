import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { useConfirmTotp, useDisableTotp, useStartTotp } from "./queries";

type Setup = components["schemas"]["TotpSetup"];

/** "ABCD EFGH …": easier to copy by hand into an app. */
export const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(" ") ?? secret;

/** Two-factor authentication: set up (required for admins and referents), or turn off. */
export function TotpPage() {
  usePageTitle("Double authentification");
  const { user, signIn } = useSession();
  const navigate = useNavigate();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice>(null);
  const startTotp = useStartTotp();
  const confirmTotp = useConfirmTotp();
  const disableTotp = useDisableTotp();
  if (!user) return null;

  async function start() {
    const { ok, data, error: err } = await attempt(startTotp.mutateAsync());
    if (ok) setSetup(data);
    else setNotice({ ok: false, text: errorMessage(err) });
  }

  async function confirm(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error: err } = await attempt(confirmTotp.mutateAsync(code));
    if (!ok) return setError(fieldErrors(err).code ?? errorMessage(err));
    signIn(data.access_token, data.user);
    navigate("/espace", { replace: true });
  }

  async function disable(e: FormEvent) {
    e.preventDefault();
    const { ok, error: err } = await attempt(disableTotp.mutateAsync(code));
    if (!ok) return setError(fieldErrors(err).code ?? errorMessage(err));
    setCode("");
    setError(undefined);
    setNotice({ ok: true, text: "Double authentification désactivée." });
  }

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
        <h1>Double authentification</h1>
        <NoticeAlert notice={notice} />
        {user.totp_required && (
          <Alert
            severity="info"
            small
            className={fr.cx("fr-mb-3w")}
            description="Votre rôle donne accès à des données sensibles : activez la double authentification pour utiliser votre espace."
          />
        )}
        {user.totp_enabled ? (
          <>
            <p>La double authentification est activée : à chaque connexion, Passerelle vous demande le code de votre application d'authentification.</p>
            {user.role !== "admin" && user.role !== "referent" && (
              <form onSubmit={disable}>
                <Input
                  label="Code actuel de l'application"
                  state={error ? "error" : "default"}
                  stateRelatedMessage={error}
                  nativeInputProps={{ inputMode: "numeric", autoComplete: "one-time-code", value: code, onChange: (e) => setCode(e.target.value) }}
                />
                <Button type="submit" priority="secondary">
                  Désactiver la double authentification
                </Button>
              </form>
            )}
          </>
        ) : !setup ? (
          <>
            <p>
              Une application d'authentification (sur votre téléphone ou votre ordinateur) affiche un code à 6 chiffres qui change toutes les 30 secondes ;
              Passerelle le demande à chaque connexion, en plus du mot de passe.
            </p>
            <Button onClick={() => void start()}>Créer ma clé</Button>
          </>
        ) : (
          <>
            <ol>
              <li>
                Dans votre application d'authentification, ajoutez un compte avec cette clé :{" "}
                <strong>
                  <code data-testid="totp-secret">{grouped(setup.secret)}</code>
                </strong>{" "}
                (ou ouvrez <a href={setup.otpauth_uri}>ce lien</a> sur l'appareil qui porte l'application).
              </li>
              <li>Saisissez le code qu'elle affiche.</li>
            </ol>
            <form onSubmit={confirm}>
              <Input
                label="Code à 6 chiffres"
                state={error ? "error" : "default"}
                stateRelatedMessage={error}
                nativeInputProps={{
                  inputMode: "numeric",
                  autoComplete: "one-time-code",
                  required: true,
                  value: code,
                  onChange: (e) => setCode(e.target.value),
                }}
              />
              <Button type="submit">Activer</Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
