import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";
import { ToggleSwitch } from "@codegouvfr/react-dsfr/ToggleSwitch";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors, setSession } from "../../api/client";
import { saveBlob } from "../../api/files";
import { attempt } from "../../api/query";
import { useChangeEmail, useChangePassword, useConfirmEmail, useDeleteAccount, useExportMyData, useKpiEmail, useSetKpiEmail, useUpdateNames } from "./queries";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { roleLabels, staffFunctionLabels } from "../../i18n";

type Notice = { severity: "success" | "error"; title: string; text: string } | null;

export function AccountPage() {
  usePageTitle("Mon compte");
  const { user } = useSession();
  const updateNames = useUpdateNames();
  const changePasswordMutation = useChangePassword();
  const changeEmailMutation = useChangeEmail();
  const [firstName, setFirstName] = useState(user?.first_name ?? "");
  const [lastName, setLastName] = useState(user?.last_name ?? "");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [newEmail, setNewEmail] = useState("");
  const [emailPassword, setEmailPassword] = useState("");
  const [notice, setNotice] = useState<Notice>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (!user) return null;

  const fail = (title: string, err: unknown) => {
    setErrors(fieldErrors(err));
    setNotice({ severity: "error", title, text: errorMessage(err) });
  };

  async function saveNames(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(updateNames.mutateAsync({ first_name: firstName, last_name: lastName }));
    if (!ok) return fail("Modification impossible", error);
    setErrors({});
    setNotice({ severity: "success", title: "Modifications enregistrées", text: "Votre nom a été mis à jour." });
  }

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error } = await attempt(changePasswordMutation.mutateAsync({ current_password: current, new_password: next }));
    if (!ok) return fail("Changement impossible", error);
    setSession(data.access_token, data.user);
    setCurrent("");
    setNext("");
    setErrors({});
    setNotice({ severity: "success", title: "Mot de passe changé", text: "Vos autres sessions ont été fermées." });
  }

  async function changeEmail(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(changeEmailMutation.mutateAsync({ new_email: newEmail, current_password: emailPassword }));
    if (!ok) return fail("Changement impossible", error);
    setEmailPassword("");
    setErrors({});
    setNotice({ severity: "success", title: "Vérifiez votre nouvelle boîte e-mail", text: `Un lien de confirmation a été envoyé à ${newEmail}.` });
  }

  const state = (field: string) => (errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {});

  return (
    <>
      <h1>Mon compte</h1>
      <p>
        {roleLabels[user.role]}
        {user.staff_function ? ` – ${staffFunctionLabels[user.staff_function]}` : ""}
        {user.email ? ` · ${user.email}` : ""}
        {user.phone ? ` · ${user.phone}` : ""}
      </p>
      {user.role !== "student" && (
        <p>
          Double authentification : {user.totp_enabled ? "activée" : "désactivée"}.{" "}
          <Link className={fr.cx("fr-link")} to="/compte/double-authentification">
            {user.totp_enabled ? "Gérer" : "L'activer"}
            <span className={fr.cx("fr-sr-only")}> la double authentification</span>
          </Link>
        </p>
      )}
      {(user.role === "referent" || user.role === "admin") && <KpiEmailSetting />}
      <p>
        {user.role === "student" ? "Un souci avec ton compte ? " : "Un problème avec votre compte ? "}
        <Link className={fr.cx("fr-link")} to="/contact?depuis=%2Fcompte">
          Nous contacter
        </Link>
      </p>
      {notice && (
        <Alert
          severity={notice.severity}
          title={notice.title}
          description={notice.text}
          className={fr.cx("fr-mb-4w")}
          role={notice.severity === "error" ? "alert" : "status"}
        />
      )}
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <section className={fr.cx("fr-col-12", "fr-col-md-6")} aria-labelledby="identite">
          <h2 id="identite" className={fr.cx("fr-h4")}>
            Identité
          </h2>
          <form onSubmit={saveNames} noValidate>
            <Input
              label="Prénom"
              {...state("first_name")}
              nativeInputProps={{ name: "first_name", autoComplete: "given-name", value: firstName, onChange: (e) => setFirstName(e.target.value) }}
            />
            <Input
              label="Nom"
              {...state("last_name")}
              nativeInputProps={{ name: "last_name", autoComplete: "family-name", value: lastName, onChange: (e) => setLastName(e.target.value) }}
            />
            <Button type="submit">Enregistrer</Button>
          </form>
        </section>
        <section className={fr.cx("fr-col-12", "fr-col-md-6")} aria-labelledby="mot-de-passe">
          <h2 id="mot-de-passe" className={fr.cx("fr-h4")}>
            Mot de passe
          </h2>
          <form onSubmit={changePassword} noValidate>
            <PasswordInput
              label="Mot de passe actuel"
              messages={errors.current_password ? [{ message: errors.current_password, severity: "error" }] : []}
              nativeInputProps={{ name: "current_password", autoComplete: "current-password", value: current, onChange: (e) => setCurrent(e.target.value) }}
            />
            <PasswordInput
              label="Nouveau mot de passe"
              messages={[{ message: errors.new_password ?? "12 caractères au minimum", severity: errors.new_password ? "error" : "info" }]}
              nativeInputProps={{ name: "new_password", autoComplete: "new-password", value: next, onChange: (e) => setNext(e.target.value) }}
            />
            <Button type="submit" className={fr.cx("fr-mt-2w")}>
              Changer mon mot de passe
            </Button>
          </form>
        </section>
        <section className={fr.cx("fr-col-12", "fr-col-md-6")} aria-labelledby="adresse">
          <h2 id="adresse" className={fr.cx("fr-h4")}>
            Adresse e-mail
          </h2>
          {user.pending_email && <p>En attente de confirmation : {user.pending_email}</p>}
          <form onSubmit={changeEmail} noValidate>
            <Input
              label="Nouvelle adresse e-mail"
              {...state("new_email")}
              nativeInputProps={{ name: "new_email", type: "email", autoComplete: "email", value: newEmail, onChange: (e) => setNewEmail(e.target.value) }}
            />
            <PasswordInput
              label="Mot de passe"
              messages={[]}
              nativeInputProps={{
                name: "email_password",
                autoComplete: "current-password",
                value: emailPassword,
                onChange: (e) => setEmailPassword(e.target.value),
              }}
            />
            <Button type="submit" className={fr.cx("fr-mt-2w")}>
              Changer d'adresse
            </Button>
          </form>
        </section>
      </div>
      <MyDataSection />
    </>
  );
}

/** RGPD: download my data; delete my account (a pupil with an agreement asks the school). */
function MyDataSection() {
  const { signOut } = useSession();
  const [deletePassword, setDeletePassword] = useState("");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const exportData = useExportMyData();
  const deleteAccount = useDeleteAccount();

  async function download() {
    const { ok, data } = await attempt(exportData.mutateAsync());
    if (!ok) return setResult({ ok: false, text: "Téléchargement impossible pour le moment : réessayez." });
    saveBlob(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }), "mes-donnees-passerelle.json");
  }

  async function remove(e: FormEvent) {
    e.preventDefault();
    if (!window.confirm("Supprimer définitivement votre compte ?")) return;
    const { ok, data, error } = await attempt(deleteAccount.mutateAsync(deletePassword));
    if (!ok) return setResult({ ok: false, text: fieldErrors(error).password ?? errorMessage(error) });
    setResult({ ok: true, text: data.message });
    if (data.outcome === "deleted") await signOut();
  }

  return (
    <section aria-labelledby="mes-donnees" className={fr.cx("fr-mt-6w")}>
      <h2 id="mes-donnees" className={fr.cx("fr-h4")}>
        Mes données
      </h2>
      {result && (
        <Alert small severity={result.ok ? "success" : "error"} description={result.text} className={fr.cx("fr-mb-2w")} role={result.ok ? "status" : "alert"} />
      )}
      <p>Téléchargez tout ce que Passerelle garde sur vous (fichier JSON), y compris qui a consulté vos données.</p>
      <Button priority="secondary" iconId="fr-icon-file-download-line" onClick={() => void download()}>
        Télécharger mes données
      </Button>
      <form onSubmit={remove} className={fr.cx("fr-mt-4w")}>
        <p>Supprimer mon compte efface mes données personnelles ; ce qui doit être gardé (conventions signées, statistiques) est conservé sans mon nom.</p>
        <PasswordInput
          label="Mot de passe (pour confirmer)"
          messages={[]}
          nativeInputProps={{
            name: "delete_password",
            autoComplete: "current-password",
            value: deletePassword,
            onChange: (e) => setDeletePassword(e.target.value),
          }}
        />
        <Button type="submit" priority="tertiary" className={fr.cx("fr-mt-2w")}>
          Supprimer mon compte
        </Button>
      </form>
    </section>
  );
}

export function ConfirmEmailPage() {
  usePageTitle("Confirmer ma nouvelle adresse");
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const sent = useRef(false);
  const { mutateAsync } = useConfirmEmail();
  useEffect(() => {
    // The link's token is used once, even when the page renders twice.
    if (sent.current) return;
    sent.current = true;
    void attempt(mutateAsync(token)).then(({ ok, data, error }) =>
      setResult(ok ? { ok: true, text: `Votre adresse est désormais ${data.email}.` } : { ok: false, text: errorMessage(error) }),
    );
  }, [token, mutateAsync]);
  return (
    <>
      <h1>Confirmer ma nouvelle adresse</h1>
      {!result && <p aria-busy="true">Confirmation en cours…</p>}
      {result && (
        <Alert severity={result.ok ? "success" : "error"} title={result.ok ? "Adresse confirmée" : "Confirmation impossible"} description={result.text} />
      )}
    </>
  );
}

/** Referents and admins: the campaign's figures by e-mail every Monday, or not. */
function KpiEmailSetting() {
  const setting = useKpiEmail(true);
  const change = useSetKpiEmail();
  if (setting.isPending) return <p>Chargement de vos préférences de courriel…</p>;
  if (setting.isError) return <p role="alert">Impossible de lire vos préférences de courriel : {errorMessage(setting.error)}</p>;
  return (
    <section aria-labelledby="courriel-hebdomadaire" className={fr.cx("fr-mb-4w")}>
      <h2 id="courriel-hebdomadaire" className={fr.cx("fr-h4")}>
        Chiffres de la semaine
      </h2>
      <ToggleSwitch
        label="Recevoir chaque lundi les chiffres de la campagne de mon périmètre par courriel"
        helperText="Offres, candidatures, stages confirmés et conventions signées, avec leur évolution en une semaine (chiffres inférieurs à 5 non donnés)."
        checked={setting.data.subscribed}
        disabled={change.isPending}
        onChange={(checked) => change.mutate(checked)}
      />
      {change.isError && <p role="alert">Préférence non enregistrée : {errorMessage(change.error)}</p>}
      {change.isSuccess && <p role="status">{change.data.subscribed ? "Vous recevrez les chiffres chaque lundi." : "Vous ne recevrez plus ce courriel."}</p>}
    </section>
  );
}
