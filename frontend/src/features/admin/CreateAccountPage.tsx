import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { useMinistries } from "../offers/queries";
import { useDepartments } from "../reporting/queries";
import { scopeLabel } from "../reporting/territory";
import { AdminLayout } from "./AdminLayout";
import { areas } from "./accounts";
import { useCreateUser } from "./queries";

type ScopeKind = components["schemas"]["ScopeKind"];

const scopeKinds: [ScopeKind, string][] = [
  ["department", "Un département"],
  ["academie", "Une académie"],
  ["region", "Une région"],
  ["ministry", "Un ministère (ses offres publiques)"],
  ["national", "La France entière"],
];

const codeLabels: Record<ScopeKind, string> = { department: "Département", academie: "Académie", region: "Région", ministry: "Ministère", national: "" };

const empty = { first_name: "", last_name: "", email: "", role: "referent" as "referent" | "admin", kind: "department" as ScopeKind, code: "" };

/** Admins open an account for a State referent (with their territory) or another admin; the
 *  person receives a link to choose a password, then sets up two-factor authentication. */
export function CreateAccountPage() {
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const departments = useDepartments().data ?? [];
  const ministries = useMinistries().data ?? [];
  const createUser = useCreateUser();
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value, ...(k === "kind" ? { code: "" } : {}) });

  const codes: { code: string; name: string }[] =
    form.kind === "department"
      ? departments.map((d) => ({ code: d.code, name: `${d.code} – ${d.name}` }))
      : form.kind === "academie" || form.kind === "region"
        ? areas(departments, form.kind)
        : form.kind === "ministry"
          ? ministries.map((m) => ({ code: m.id, name: m.name }))
          : [];

  async function submit(e: FormEvent) {
    e.preventDefault();
    const scope = form.role === "referent" ? { kind: form.kind, code: form.kind === "national" ? "" : form.code } : null;
    if (scope && scope.kind !== "national" && !scope.code) {
      setErrors({ scope: "Choisissez le territoire ou le ministère du référent." });
      return;
    }
    const { ok, data, error } = await attempt(
      createUser.mutateAsync({ first_name: form.first_name, last_name: form.last_name, email: form.email, role: form.role, scope }),
    );
    if (ok) {
      setErrors({});
      setForm(empty);
      const where = data.scope ? ` (${scopeLabel(data.scope, departments, ministries)})` : "";
      setNotice({
        ok: true,
        text: `Compte créé pour ${data.first_name} ${data.last_name}${where}. Un lien lui est envoyé à ${data.email} pour choisir son mot de passe ; il configurera ensuite la double authentification.`,
      });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  const field = (name: string) => ({ state: errors[name] ? ("error" as const) : ("default" as const), stateRelatedMessage: errors[name] });

  return (
    <AdminLayout title="Créer un compte" lead="Pour un référent de l'État ou un administrateur : les autres personnes créent leur compte elles-mêmes.">
      <NoticeAlert notice={notice} />
      <form onSubmit={submit} noValidate>
        <Select label="Rôle" nativeSelectProps={{ name: "role", value: form.role, onChange: set("role") }}>
          <option value="referent">Référent de l'État</option>
          <option value="admin">Administrateur</option>
        </Select>
        <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-3w")}>
          <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
            <Input
              label="Prénom"
              {...field("first_name")}
              nativeInputProps={{ name: "first_name", autoComplete: "off", value: form.first_name, onChange: set("first_name") }}
            />
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
            <Input
              label="Nom"
              {...field("last_name")}
              nativeInputProps={{ name: "last_name", autoComplete: "off", value: form.last_name, onChange: set("last_name") }}
            />
          </div>
        </div>
        <Input
          label="Adresse e-mail professionnelle"
          {...field("email")}
          nativeInputProps={{ name: "email", type: "email", autoComplete: "off", value: form.email, onChange: set("email") }}
        />
        {form.role === "referent" && (
          <fieldset className={fr.cx("fr-fieldset")}>
            <legend className={fr.cx("fr-fieldset__legend")}>Périmètre du référent</legend>
            <div className={fr.cx("fr-fieldset__element")}>
              <Select label="Il suit" nativeSelectProps={{ name: "scope_kind", value: form.kind, onChange: set("kind") }}>
                {scopeKinds.map(([k, label]) => (
                  <option key={k} value={k}>
                    {label}
                  </option>
                ))}
              </Select>
            </div>
            {form.kind !== "national" && (
              <div className={fr.cx("fr-fieldset__element")}>
                <Select label={codeLabels[form.kind]} {...field("scope")} nativeSelectProps={{ name: "scope_code", value: form.code, onChange: set("code") }}>
                  <option value="">Choisir</option>
                  {codes.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              </div>
            )}
          </fieldset>
        )}
        <Button type="submit" disabled={createUser.isPending}>
          Créer le compte
        </Button>
      </form>
    </AdminLayout>
  );
}
