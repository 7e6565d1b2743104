import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { PasswordInput } from "@codegouvfr/react-dsfr/blocks/PasswordInput";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type Role, type StaffFunction } from "../../api/client";
import { attempt } from "../../api/query";
import { useSignup } from "./queries";
import { usePageTitle } from "../../components";
import { roleLabels, selfServiceRoles, staffFunctionLabels } from "../../i18n";

type Channel = "email" | "phone";

export function SignupPage() {
  usePageTitle("Créer un compte");
  const [role, setRole] = useState<Role>("student");
  const [staffFunction, setStaffFunction] = useState<StaffFunction | "">("");
  const [channel, setChannel] = useState<Channel>("email");
  const [email, setEmail] = useState("");
  const [phone, setPhone] = useState("");
  const [firstName, setFirstName] = useState("");
  const [lastName, setLastName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Channel | null>(null);
  const [busy, setBusy] = useState(false);

  const signup = useSignup();
  // Pupils are addressed with "tu", as everywhere in their space; the adults with "vous".
  const tu = role === "student";

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    const { ok, error: err } = await attempt(
      signup.mutateAsync({
        role,
        staff_function: role === "school_staff" && staffFunction ? staffFunction : undefined,
        email: channel === "email" ? email : undefined,
        phone: channel === "phone" ? phone : undefined,
        first_name: firstName,
        last_name: lastName,
        password,
      }),
    );
    setBusy(false);
    if (ok) {
      setDone(channel);
    } else {
      setErrors(fieldErrors(err));
      setError(errorMessage(err));
    }
  }

  if (done) {
    return (
      <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
          {/* The same answer whether the address was free or already had an account (its owner
              then gets a mail saying so): the page tells nobody who has an account. */}
          <h1>Demande enregistrée</h1>
          {done === "email" ? (
            <Alert
              severity="success"
              title={tu ? "Vérifie ta boîte e-mail" : "Vérifiez votre boîte e-mail"}
              description={`${tu ? "Nous t'avons envoyé" : "Nous vous avons envoyé"} un message à ${email.trim()} : ${tu ? "suis-le" : "suivez-le"} pour continuer.`}
              role="status"
            />
          ) : (
            <Alert
              severity="success"
              title={tu ? "Vérifie tes SMS" : "Vérifiez vos SMS"}
              description={`${tu ? "Nous t'avons envoyé" : "Nous vous avons envoyé"} un message au ${phone.trim()} : ${tu ? "suis-le" : "suivez-le"} pour continuer.`}
              role="status"
            />
          )}
          <p className={fr.cx("fr-mt-3w")}>
            {done === "phone" ? (
              <Link to={`/confirmation?telephone=${encodeURIComponent(phone)}`} className={fr.cx("fr-link")}>
                Saisir mon code
              </Link>
            ) : (
              <Link to="/connexion" className={fr.cx("fr-link")}>
                Aller à la page de connexion
              </Link>
            )}
          </p>
        </div>
      </div>
    );
  }

  const state = (field: string) => (errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {});

  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--center")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8", "fr-col-lg-6")}>
        <h1>Créer un compte</h1>
        <p className={fr.cx("fr-text--sm")}>Sauf mention contraire, tous les champs sont obligatoires.</p>
        {error && <Alert severity="error" title="Le compte n'a pas pu être créé" description={error} className={fr.cx("fr-mb-3w")} role="alert" />}
        <form onSubmit={submit} noValidate>
          <RadioButtons
            legend="Je suis"
            name="role"
            options={selfServiceRoles.map((r) => ({
              label: roleLabels[r],
              nativeInputProps: { value: r, checked: role === r, onChange: () => setRole(r) },
            }))}
          />
          {role === "school_staff" && (
            <Select
              label="Votre fonction dans l'établissement"
              {...state("staff_function")}
              nativeSelectProps={{
                name: "staff_function",
                value: staffFunction,
                onChange: (e) => setStaffFunction(e.target.value as StaffFunction),
              }}
            >
              <option value="" disabled>
                Sélectionnez votre fonction
              </option>
              {(Object.keys(staffFunctionLabels) as StaffFunction[]).map((f) => (
                <option key={f} value={f}>
                  {staffFunctionLabels[f]}
                </option>
              ))}
            </Select>
          )}
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
          <RadioButtons
            legend={tu ? "Comment veux-tu confirmer ton compte ?" : "Comment voulez-vous confirmer votre compte ?"}
            name="channel"
            orientation="horizontal"
            options={[
              { label: "Par e-mail", nativeInputProps: { checked: channel === "email", onChange: () => setChannel("email") } },
              { label: "Par SMS", nativeInputProps: { checked: channel === "phone", onChange: () => setChannel("phone") } },
            ]}
          />
          {channel === "email" ? (
            <Input
              label="Adresse e-mail"
              hintText={role === "school_staff" ? "Votre adresse académique (par exemple prenom.nom@ac-lyon.fr)" : "Format attendu : nom@domaine.fr"}
              {...state("email")}
              nativeInputProps={{ name: "email", type: "email", autoComplete: "email", value: email, onChange: (e) => setEmail(e.target.value) }}
            />
          ) : (
            <Input
              label="Numéro de mobile"
              hintText="Format attendu : 06 12 34 56 78"
              {...state("phone")}
              nativeInputProps={{ name: "phone", type: "tel", autoComplete: "tel", value: phone, onChange: (e) => setPhone(e.target.value) }}
            />
          )}
          <PasswordInput
            label="Mot de passe"
            messagesHint={tu ? "Ton mot de passe doit contenir :" : "Votre mot de passe doit contenir :"}
            messages={[{ message: "12 caractères au minimum", severity: errors.password ? "error" : "info" }]}
            nativeInputProps={{ name: "password", autoComplete: "new-password", value: password, onChange: (e) => setPassword(e.target.value) }}
          />
          {errors.password && <p className={fr.cx("fr-error-text")}>{errors.password}</p>}
          <Button type="submit" disabled={busy} className={fr.cx("fr-mt-2w")}>
            Créer mon compte
          </Button>
        </form>
        <p className={fr.cx("fr-mt-3w")}>
          Déjà inscrit ? <Link to="/connexion">Se connecter</Link>
        </p>
      </div>
    </div>
  );
}
