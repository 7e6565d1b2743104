import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { Section } from "../../components";
import { formatNumber, plural } from "../../i18n";
import { useDepartments } from "../reporting/queries";
import { departmentsOfScope } from "../reporting/territory";
import { currentSchoolYear } from "../schools/calendar";
import { MIN_ANSWERS, rateText, sortQuality, type QualityKey, type SortOrder } from "./feedback";
import { useQuality } from "./queries";

/** The columns, with what each counts (shown under the table). */
export const qualityColumns: { key: QualityKey; label: string; definition: string }[] = [
  {
    key: "name",
    label: "Organisme d'accueil",
    definition: "Entreprise, administration ou association qui a proposé au moins une offre pendant l'année choisie.",
  },
  { key: "offers", label: "Offres", definition: "Offres de l'organisme pour l'année scolaire (brouillons compris, offres supprimées exclues)." },
  { key: "placements", label: "Stages confirmés", definition: "Candidatures acceptées par l'organisme puis confirmées par l'élève." },
  {
    key: "cancellations",
    label: "Annulés par l'organisme",
    definition: "Stages confirmés que l'organisme a ensuite annulés : un élève s'est retrouvé sans stage.",
  },
  { key: "absences", label: "Jours d'absence", definition: "Jours d'absence ou de maladie des élèves signalés pendant les semaines de stage." },
  { key: "answers", label: "Réponses des élèves", definition: "Questionnaires remplis par les élèves après leur stage." },
  {
    key: "recommend_rate",
    label: "Recommandé par",
    definition: `Part des élèves qui recommanderaient leur stage à un autre élève. Affichée à partir de ${MIN_ANSWERS} réponses seulement, pour protéger l'anonymat des élèves et ne pas tirer de conclusion de trop peu d'avis.`,
  },
];

function previousYear(year: string) {
  const start = Number(year.slice(0, 4));
  return `${start - 1}-${start}`;
}

/** "Qualité des stages": one line per host of the referent's territory. An indicator for the
 *  State's follow-up, never a public rating of a person. */
export function QualitySection() {
  const { user } = useSession();
  const [year, setYear] = useState(currentSchoolYear());
  const [department, setDepartment] = useState("");
  const [order, setOrder] = useState<SortOrder>({ key: "name", descending: false });
  const allDepartments = useDepartments().data;
  const departments = allDepartments && user?.scope?.kind !== "ministry" ? departmentsOfScope(user?.scope, allDepartments) : [];
  const query = useQuality({ school_year: year, department: department || undefined });
  const rows = sortQuality(query.data ?? [], order);

  function sortBy(key: QualityKey) {
    setOrder(order.key === key ? { key, descending: !order.descending } : { key, descending: key !== "name" });
  }

  return (
    <Section id="qualite" title="Qualité des stages">
      <p>
        Pour chaque organisme d'accueil de votre périmètre : ses stages, les annulations, les absences et l'avis des élèves. Ces indicateurs servent au suivi
        des stages par l'État et les associations partenaires ; ils ne sont pas publiés et ne notent personne.
      </p>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Select label="Année scolaire" nativeSelectProps={{ name: "quality_year", value: year, onChange: (e) => setYear(e.target.value) }}>
            {[currentSchoolYear(), previousYear(currentSchoolYear())].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
        </div>
        {departments.length > 1 && (
          <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
            <Select label="Département" nativeSelectProps={{ name: "quality_department", value: department, onChange: (e) => setDepartment(e.target.value) }}>
              <option value="">Tout mon périmètre</option>
              {departments.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.code} {d.name}
                </option>
              ))}
            </Select>
          </div>
        )}
      </div>
      {query.isError ? (
        <Alert small severity="error" description={errorMessage(query.error)} role="alert" />
      ) : !query.data ? (
        <p aria-busy="true">Chargement…</p>
      ) : rows.length === 0 ? (
        <p>Aucun organisme d'accueil avec une offre pour {year} dans ce périmètre.</p>
      ) : (
        <>
          <p aria-live="polite" className={fr.cx("fr-text--sm")}>
            {plural(rows.length, "organisme", "organismes")} · trié par « {qualityColumns.find((c) => c.key === order.key)?.label} »,{" "}
            {order.descending ? "du plus grand au plus petit" : order.key === "name" ? "de A à Z" : "du plus petit au plus grand"}
          </p>
          <div className={fr.cx("fr-table")}>
            <div className={fr.cx("fr-table__wrapper")}>
              <div className={fr.cx("fr-table__container")}>
                <div className={fr.cx("fr-table__content")}>
                  {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a table wider than the screen scrolls: the keyboard must reach it (RGAA 7.3) */}
                  <table tabIndex={0}>
                    <caption>Qualité des stages par organisme d'accueil, {year}</caption>
                    <thead>
                      <tr>
                        {qualityColumns.map((c) => (
                          <th key={c.key} scope="col" aria-sort={order.key === c.key ? (order.descending ? "descending" : "ascending") : undefined}>
                            <button
                              type="button"
                              className={fr.cx("fr-btn", "fr-btn--tertiary-no-outline", "fr-btn--sm")}
                              style={{ whiteSpace: "normal", textAlign: "left" }}
                              onClick={() => sortBy(c.key)}
                            >
                              {c.label}
                              <span className={fr.cx("fr-sr-only")}>
                                {order.key === c.key ? (order.descending ? ", trié par ordre décroissant" : ", trié par ordre croissant") : ", trier"}
                              </span>
                              <span aria-hidden="true">{order.key === c.key ? (order.descending ? " ↓" : " ↑") : ""}</span>
                            </button>
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.organisation_id}>
                          <th scope="row">
                            {r.name}
                            <span className={fr.cx("fr-text--xs")}>
                              {" "}
                              ({r.is_public ? "public" : "privé"}
                              {r.department_code ? `, ${r.department_code}` : ""})
                            </span>
                          </th>
                          <td>{formatNumber(r.offers)}</td>
                          <td>{formatNumber(r.placements)}</td>
                          <td>{formatNumber(r.cancellations)}</td>
                          <td>{formatNumber(r.absences)}</td>
                          <td>{formatNumber(r.answers)}</td>
                          <td>{rateText(r.recommend_rate, r.answers)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            </div>
          </div>
        </>
      )}
      <h3 id="qualite-definitions" className={fr.cx("fr-h6")}>
        Ce que compte chaque indicateur
      </h3>
      <dl>
        {qualityColumns.map((c) => (
          <div key={c.key} className={fr.cx("fr-mb-1w")}>
            <dt className={fr.cx("fr-text--bold")}>{c.label}</dt>
            <dd className={fr.cx("fr-ml-0")}>{c.definition}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
