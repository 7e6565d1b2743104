import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useRef, useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatNumber, plural } from "../../i18n";
import { useMinistries } from "../offers/queries";
import { useDepartments } from "../reporting/queries";
import { currentSchoolYear } from "../schools/calendar";
import { AdminLayout } from "./AdminLayout";
import { useSetTarget, useTargets } from "./queries";

type Kind = "department" | "ministry";
type TargetView = components["schemas"]["TargetView"];
const years = () => {
  const y = Number(currentSchoolYear().slice(0, 4));
  return [`${y - 1}-${y}`, `${y}-${y + 1}`, `${y + 1}-${y + 2}`];
};
const emptyValues = { total: "", public: "", private: "" };

/** Admins set a campaign's targets: offers expected per department (public and private) and per
 *  ministry (its public offers). Referents' dashboards compare the offers with them. The year's
 *  targets are listed; choosing one fills the form to change it. */
export function TargetsPage() {
  const [year, setYear] = useState(currentSchoolYear());
  const [kind, setKind] = useState<Kind>("department");
  const [code, setCode] = useState("");
  const [values, setValues] = useState(emptyValues);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const departments = useDepartments().data ?? [];
  const ministries = useMinistries().data ?? [];
  const setTarget = useSetTarget();
  const targets = useTargets(year);
  const list = targets.data;
  const formTitle = useRef<HTMLHeadingElement>(null);
  const current = list?.find((t) => t.kind === kind && t.code === code);
  const ministryTargets = (list ?? []).filter((t) => t.kind === "ministry");
  const departmentTargets = (list ?? []).filter((t) => t.kind === "department");
  const options =
    kind === "department" ? departments.map((d) => ({ code: d.code, name: `${d.code} – ${d.name}` })) : ministries.map((m) => ({ code: m.id, name: m.name }));
  const label = kind === "department" ? departments.find((d) => d.code === code)?.name : ministries.find((m) => m.id === code)?.name;

  /** The form takes a target's values (or empties for a new one). */
  function fill(k: Kind, c: string, t?: TargetView) {
    setKind(k);
    setCode(c);
    setErrors({});
    setValues(t ? { total: String(t.target_total), public: String(t.target_public), private: String(t.target_private) } : emptyValues);
  }

  function edit(t: TargetView) {
    fill(t.kind as Kind, t.code, t);
    setNotice(null);
    formTitle.current?.focus();
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!code || !label) return setErrors({ code: kind === "department" ? "Choisissez un département." : "Choisissez un ministère." });
    const n = (v: string) => Number(v.replace(/\s/g, "") || "0");
    const body = { label, target_total: n(values.total), target_public: n(values.public), target_private: n(values.private) };
    const { ok, error } = await attempt(setTarget.mutateAsync({ schoolYear: year, kind, code, body }));
    if (ok) {
      setErrors({});
      setNotice({ ok: true, text: `Objectif ${year} enregistré pour ${label} : ${plural(body.target_total, "offre", "offres")}.` });
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
      <Select
        label="Année scolaire"
        nativeSelectProps={{
          value: year,
          onChange: (e) => {
            setYear(e.target.value);
            fill(kind, "");
            setNotice(null);
          },
        }}
      >
        {years().map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </Select>
      <section aria-labelledby="objectif-form" className={fr.cx("fr-mt-4w")}>
        <h2 id="objectif-form" className={fr.cx("fr-h3")} ref={formTitle} tabIndex={-1}>
          {current ? `Modifier l'objectif ${year}` : `Fixer un objectif ${year}`}
        </h2>
        <form onSubmit={save}>
          <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
            <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
              <Select label="Objectif d'un" nativeSelectProps={{ value: kind, onChange: (e) => fill(e.target.value as Kind, "") }}>
                <option value="department">Département</option>
                <option value="ministry">Ministère</option>
              </Select>
            </div>
            <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
              <Select
                label={kind === "department" ? "Département" : "Ministère"}
                state={errors.code ? "error" : "default"}
                stateRelatedMessage={errors.code}
                nativeSelectProps={{
                  value: code,
                  onChange: (e) =>
                    fill(
                      kind,
                      e.target.value,
                      list?.find((t) => t.kind === kind && t.code === e.target.value),
                    ),
                }}
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
              {!current
                ? `Aucun objectif n'est fixé pour ${label ?? code} en ${year}.`
                : `Objectif en vigueur : ${plural(current.target_total, "offre", "offres")}, dont ${plural(current.target_public, "publique", "publiques")} et ${plural(current.target_private, "privée", "privées")}.`}
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
      </section>
      <Section id="objectifs-fixes" title={`Objectifs fixés pour ${year}`}>
        {targets.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(targets.error) }} />}
        {!list ? (
          !targets.isError && <p aria-busy="true">Chargement…</p>
        ) : list.length === 0 ? (
          <p>Aucun objectif n'est encore fixé pour {year}.</p>
        ) : (
          <>
            <p>
              {plural(ministryTargets.length, "ministère", "ministères")} et {plural(departmentTargets.length, "département", "départements")} ont un objectif.
            </p>
            <TargetsTable caption={`Ministères, ${year}`} first="Ministère" targets={ministryTargets} onEdit={edit} />
            <TargetsTable caption={`Départements, ${year}`} first="Département" targets={departmentTargets} onEdit={edit} />
          </>
        )}
      </Section>
    </AdminLayout>
  );
}

/** One kind of targets, each row with its "Modifier" button (which fills the form above). */
function TargetsTable({ caption, first, targets, onEdit }: { caption: string; first: string; targets: TargetView[]; onEdit: (t: TargetView) => void }) {
  if (targets.length === 0) return null;
  return (
    <DataTable
      caption={caption}
      headers={[first, "Offres attendues", "dont publiques", "dont privées", "Action"]}
      rows={targets.map((t) => [
        t.kind === "department" ? `${t.code} – ${t.label}` : t.label,
        formatNumber(t.target_total),
        formatNumber(t.target_public),
        formatNumber(t.target_private),
        // An accessible name rather than hidden text: an absolutely placed hidden span would
        // escape the table's scrolling area and widen the page on a phone.
        <Button
          key="edit"
          priority="tertiary"
          size="small"
          onClick={() => onEdit(t)}
          nativeButtonProps={{ "aria-label": `Modifier l'objectif ${t.kind === "department" ? `du département ${t.label}` : `du ministère ${t.label}`}` }}
        >
          Modifier
        </Button>,
      ])}
    />
  );
}
