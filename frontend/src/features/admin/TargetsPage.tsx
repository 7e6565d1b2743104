import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { formatNumber } from "../../i18n";
import { useMinistries } from "../offers/queries";
import { useDepartments, useStats } from "../reporting/queries";
import { currentSchoolYear } from "../schools/calendar";
import { AdminLayout } from "./AdminLayout";
import { useSetTarget } from "./queries";

type Kind = "department" | "ministry";
const years = () => {
  const y = Number(currentSchoolYear().slice(0, 4));
  return [`${y}-${y + 1}`, `${y + 1}-${y + 2}`];
};

/** Admins set a campaign's targets: offers expected per department (public and private) and per
 *  ministry (its public offers). Referents' dashboards compare the offers with them. */
export function TargetsPage() {
  const [year, setYear] = useState(currentSchoolYear());
  const [kind, setKind] = useState<Kind>("department");
  const [code, setCode] = useState("");
  const [values, setValues] = useState({ total: "", public: "", private: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const departments = useDepartments().data ?? [];
  const ministries = useMinistries().data ?? [];
  const setTarget = useSetTarget();
  // The target in force, read off the dashboard (there is no list of targets to read).
  const current = useStats({ school_year: year, department: kind === "department" && code ? code : undefined });
  const currentTarget =
    !code || !current.data ? undefined : kind === "department" ? current.data.targets : current.data.by_ministry.find((m) => m.code === code)?.target;
  const options =
    kind === "department" ? departments.map((d) => ({ code: d.code, name: `${d.code} – ${d.name}` })) : ministries.map((m) => ({ code: m.id, name: m.name }));
  const label = kind === "department" ? departments.find((d) => d.code === code)?.name : ministries.find((m) => m.id === code)?.name;

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!code || !label) return setErrors({ code: kind === "department" ? "Choisissez un département." : "Choisissez un ministère." });
    const n = (v: string) => Number(v.replace(/\s/g, "") || "0");
    const body = { label, target_total: n(values.total), target_public: n(values.public), target_private: n(values.private) };
    const { ok, error } = await attempt(setTarget.mutateAsync({ schoolYear: year, kind, code, body }));
    if (ok) {
      setErrors({});
      setNotice({ ok: true, text: `Objectif ${year} enregistré pour ${label} : ${formatNumber(body.target_total)} offres.` });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  const numberField = (key: keyof typeof values, labelText: string, hint: string, errKey: string) => (
    <Input
      label={labelText}
      hintText={hint}
      state={errors[errKey] ? "error" : "default"}
      stateRelatedMessage={errors[errKey]}
      nativeInputProps={{ inputMode: "numeric", pattern: "[0-9 ]*", value: values[key], onChange: (e) => setValues({ ...values, [key]: e.target.value }) }}
    />
  );

  return (
    <AdminLayout
      title="Objectifs de la campagne"
      lead="Le nombre d'offres attendu : les tableaux de bord des référents mesurent les offres publiées à cette aune."
    >
      <NoticeAlert notice={notice} />
      <form onSubmit={save}>
        <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select label="Année scolaire" nativeSelectProps={{ value: year, onChange: (e) => setYear(e.target.value) }}>
              {years().map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </Select>
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select
              label="Objectif d'un"
              nativeSelectProps={{
                value: kind,
                onChange: (e) => {
                  setKind(e.target.value as Kind);
                  setCode("");
                },
              }}
            >
              <option value="department">Département</option>
              <option value="ministry">Ministère</option>
            </Select>
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select
              label={kind === "department" ? "Département" : "Ministère"}
              state={errors.code ? "error" : "default"}
              stateRelatedMessage={errors.code}
              nativeSelectProps={{ value: code, onChange: (e) => setCode(e.target.value) }}
            >
              <option value="">Choisir</option>
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.name}
                </option>
              ))}
            </Select>
          </div>
        </div>
        {code && (
          <p role="status" className={fr.cx("fr-my-2w")}>
            {currentTarget == null
              ? `Aucun objectif n'est fixé pour ${label} en ${year}.`
              : typeof currentTarget === "number"
                ? `Objectif en vigueur : ${formatNumber(currentTarget)} offres.`
                : `Objectif en vigueur : ${formatNumber(currentTarget.total)} offres, dont ${formatNumber(currentTarget.public)} publiques et ${formatNumber(currentTarget.private)} privées.`}
          </p>
        )}
        <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>{numberField("total", "Offres attendues", "Nombre total d'offres", "target_total")}</div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            {numberField("public", "dont offres publiques", "Services de l'État, collectivités…", "target_public")}
          </div>
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            {numberField("private", "dont offres privées", "Entreprises, associations", "target_private")}
          </div>
        </div>
        <Button type="submit" className={fr.cx("fr-mt-3w")} disabled={setTarget.isPending}>
          Enregistrer l'objectif
        </Button>
      </form>
    </AdminLayout>
  );
}
