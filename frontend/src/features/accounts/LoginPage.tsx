import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";
import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { attempt, type ApiFailure } from "../../api/query";
import { useLogin } from "./queries";
import { useSession } from "../../auth/session";
import { GuideLink } from "../guidance/GuideLink";
import { usePageTitle } from "../../components";

export function LoginPage() {
  usePageTitle("Se connecter");
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [identifier, setIdentifier] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<{ title: string; text: string; locked: boolean } | null>(null);
  // Accounts with two-factor authentication: the server asks for the app's code.
  const [askCode, setAskCode] = useState(false);
  const [code, setCode] = useState("");
  const [busy, setBusy] = useState(false);
  const login = useLogin();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const { ok, data, error } = await attempt(login.mutateAsync({ identifier, password, use_cookie: true, totp_code: askCode ? code : undefined }));
    const err = error as ApiFailure | undefined;
    setBusy(false);
    if (ok) {
      signIn(data.access_token, data.user);
      const from = (location.state as { from?: string } | null)?.from;
      if (data.user.totp_required) navigate("/compte/double-authentification", { replace: true });
      else navigate(from && from !== "/connexion" ? from : "/espace", { replace: true });
    } else if (err?.code === "TOTP_REQUIRED" && !askCode) {
      setAskCode(true);
    } else {
      setError(loginError(err));
    }
  }

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Se connecter à Passerelle</h1>
        {error && (
          <Alert
            severity="error"
            title={error.title}
            description={
              error.locked ? (
                <>
                  {error.text} Si un compte existe avec cet identifiant, un e-mail contenant un lien pour le déverrouiller tout de suite lui a été envoyé.{" "}
                  <Link to="/mot-de-passe-oublie">Choisir un nouveau mot de passe</Link>
                </>
              ) : (
                error.text
              )
            }
            className={fr.cx("fr-mb-3w")}
            role="alert"
          />
        )}
        <form onSubmit={submit} noValidate>
          <Input
            label="Adresse e-mail ou numéro de mobile"
            nativeInputProps={{
              name: "identifier",
              autoComplete: "username",
              required: true,
              value: identifier,
              onChange: (e) => setIdentifier(e.target.value),
            }}
          />
          <PasswordInput
            label="Mot de passe"
            nativeInputProps={{
              name: "password",
              autoComplete: "current-password",
              required: true,
              value: password,
              onChange: (e) => setPassword(e.target.value),
            }}
          />
          {askCode && (
            <Input
              label="Code de votre application d'authentification"
              hintText="Les 6 chiffres affichés maintenant par l'application (double authentification)."
              nativeInputProps={{
                name: "totp_code",
                autoComplete: "one-time-code",
                inputMode: "numeric",
                required: true,
                autoFocus: true,
                value: code,
                onChange: (e) => setCode(e.target.value),
              }}
            />
          )}
          <p>
            <Link to="/mot-de-passe-oublie" className={fr.cx("fr-link")}>
              Mot de passe oublié ?
            </Link>
          </p>
          <Button type="submit" disabled={busy}>
            Se connecter
          </Button>
        </form>
        <hr className={fr.cx("fr-mt-4w")} />
        <h2 className={fr.cx("fr-h5")}>Vous n'avez pas de compte ?</h2>
        <Button priority="secondary" linkProps={{ to: "/inscription" }}>
          Créer un compte
        </Button>
        <GuideLink to="/faq?public=compte" className={fr.cx("fr-mt-4w")}>
          Un problème pour vous connecter ? Voir l'aide
        </GuideLink>
      </div>
    </div>
  );
}

/** What a refused log-in says: the server's French message, under a title that names the case
 *  (a short wait after several failures, or a lock that the mailed link or a new password ends). */
export function loginError(err: ApiFailure | undefined): { title: string; text: string; locked: boolean } {
  const text = errorMessage(err);
  if (err?.code === "ACCOUNT_LOCKED") return { title: "Compte verrouillé", text, locked: true };
  if (err?.code === "TOO_MANY_ATTEMPTS") return { title: "Patientez quelques secondes", text, locked: false };
  return { title: "Connexion impossible", text, locked: false };
}
