import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { errorMessage, type components } from "../../api/client";
import { Section } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatNumber as fmt, plural } from "../../i18n";
import { usePrioritySchools } from "./queries";

type PrioritySchool = components["schemas"]["PrioritySchool"];
export type LateStage = Exclude<components["schemas"]["PrioritySchoolStage"], "started">;

/** The stages, the furthest from a placement first, in a referent's words. */
export const stageLabels: Record<LateStage, string> = {
  not_registered: "Pas inscrit",
  no_weeks: "Inscrit sans semaines",
  no_pupils: "Aucun élève inscrit",
  no_placement: "Aucun élève placé",
};

/** What each stage means, for the person who calls the school. */
export const stageHints: Record<LateStage, string> = {
  not_registered: "L'établissement n'a pas ouvert son espace sur Passerelle.",
  no_weeks: "Espace ouvert, mais aucune semaine de stage choisie pour l'année.",
  no_pupils: "Semaines choisies, mais aucun élève inscrit dans les classes.",
  no_placement: "Des élèves inscrits, mais aucun stage confirmé.",
};

const stageSeverity: Record<LateStage, "error" | "warning" | "info"> = {
  not_registered: "error",
  no_weeks: "warning",
  no_pupils: "warning",
  no_placement: "info",
};

export const lateStages = Object.keys(stageLabels) as LateStage[];

/** How many schools stand at each stage. */
export function countByStage(schools: PrioritySchool[]): Record<LateStage, number> {
  const counts = { not_registered: 0, no_weeks: 0, no_pupils: 0, no_placement: 0 };
  for (const s of schools) if (s.stage !== "started") counts[s.stage] += 1;
  return counts;
}

const PAGE = 50;

function StageBadge({ stage }: { stage: PrioritySchool["stage"] }) {
  if (stage === "started") return null;
  return (
    <Badge as="span" small noIcon severity={stageSeverity[stage]}>
      {stageLabels[stage]}
    </Badge>
  );
}

function Pupils({ s }: { s: PrioritySchool }) {
  if (s.stage === "not_registered" || s.stage === "no_weeks") return <>—</>;
  return (
    <>
      {plural(s.pupils, "élève inscrit", "élèves inscrits")}, {fmt(s.placed)} {s.placed > 1 ? "placés" : "placé"}
    </>
  );
}

function Contact({ s }: { s: PrioritySchool }) {
  return (
    <>
      {s.principal_email ? (
        <>
          Chef d'établissement :
          <br />
          <a href={`mailto:${s.principal_email}`}>{s.principal_email}</a>
          <br />
        </>
      ) : (
        <>
          <span className={fr.cx("fr-text--sm")}>Pas de compte sur Passerelle.</span>
          <br />
        </>
      )}
      <a className={fr.cx("fr-link", "fr-link--sm")} href={s.directory_url} target="_blank" rel="noopener noreferrer">
        Fiche dans l'annuaire<span className={fr.cx("fr-sr-only")}> de {s.name} (nouvelle fenêtre)</span>
      </a>
    </>
  );
}

/** The REP and REP+ schools of the dashboard's territory (its year and department filters) that
 *  have not started: counts per stage, a filter, a table on a wide screen and cards on a phone. */
export function PrioritySchoolsSection({ year, department, territory }: { year: string; department: string; territory?: string }) {
  const query = usePrioritySchools({ school_year: year, department: department || undefined });
  const [stage, setStage] = useState<LateStage | "">("");
  const [shown, setShown] = useState(PAGE);
  const schools = query.data ?? [];
  const counts = countByStage(schools);
  const listed = stage ? schools.filter((s) => s.stage === stage) : schools;
  const page = listed.slice(0, shown);

  return (
    <Section id="etablissements-prioritaires" title="Établissements prioritaires à relancer">
      <p>
        {territory ? `${territory} : les` : "Les"} collèges REP et REP+ qui n'ont pas encore démarré la campagne {year}, les plus en retard d'abord, avec
        l'adresse du chef d'établissement quand il a un compte sur Passerelle.
      </p>
      {query.isError ? (
        <Alert small severity="error" description={errorMessage(query.error)} role="alert" />
      ) : !query.data ? (
        <p aria-busy="true">Chargement…</p>
      ) : schools.length === 0 ? (
        <Alert small severity="success" description="Tous les collèges REP et REP+ de ce périmètre ont au moins un élève placé." />
      ) : (
        <>
          <ul className={fr.cx("fr-raw-list", "fr-grid-row", "fr-grid-row--gutters", "fr-mb-2w")} aria-label="Établissements par étape">
            {lateStages.map((st) => (
              <li key={st} className={fr.cx("fr-col-6", "fr-col-md-3")}>
                <div className={fr.cx("fr-p-2w")} style={{ border: "1px solid var(--border-default-grey)", height: "100%" }}>
                  <p className={fr.cx("fr-h3", "fr-mb-0")}>{fmt(counts[st])}</p>
                  <p className={fr.cx("fr-text--bold", "fr-mb-1v")}>{stageLabels[st]}</p>
                  <p className={fr.cx("fr-text--xs", "fr-mb-0")}>{stageHints[st]}</p>
                </div>
              </li>
            ))}
          </ul>
          <div className={fr.cx("fr-grid-row")}>
            <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
              <Select
                label="Étape"
                hint="Le département se choisit dans les filtres des indicateurs, plus haut."
                nativeSelectProps={{
                  value: stage,
                  onChange: (e) => {
                    setStage(e.target.value as LateStage | "");
                    setShown(PAGE);
                  },
                }}
              >
                <option value="">Toutes les étapes ({fmt(schools.length)})</option>
                {lateStages.map((st) => (
                  <option key={st} value={st}>
                    {stageLabels[st]} ({fmt(counts[st])})
                  </option>
                ))}
              </Select>
            </div>
          </div>
          <p role="status" className={fr.cx("fr-text--sm")}>
            {plural(listed.length, "établissement", "établissements")}
            {listed.length > page.length ? `, les ${fmt(page.length)} premiers affichés` : ""}.
          </p>
          {/* A wide screen reads a table; a phone reads one card per school. */}
          <div className={fr.cx("fr-hidden", "fr-unhidden-md")}>
            <DataTable
              caption="Collèges REP et REP+ à relancer"
              headers={["Établissement", "Éducation prioritaire", "Étape", "Élèves", "Contact"]}
              rows={page.map((s) => [
                <>
                  {s.name}
                  <br />
                  <span className={fr.cx("fr-text--sm")}>
                    {s.city} ({s.department_code}) · UAI {s.uai}
                  </span>
                </>,
                s.priority_education,
                <StageBadge key="stage" stage={s.stage} />,
                <Pupils key="pupils" s={s} />,
                <Contact key="contact" s={s} />,
              ])}
            />
          </div>
          <ul className={fr.cx("fr-raw-list", "fr-hidden-md")} aria-label="Collèges REP et REP+ à relancer">
            {page.map((s) => (
              <li key={s.uai} className={fr.cx("fr-p-2w", "fr-mb-2w")} style={{ border: "1px solid var(--border-default-grey)" }}>
                <h3 className={fr.cx("fr-h6", "fr-mb-1v")}>{s.name}</h3>
                <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
                  {s.city} ({s.department_code}) · {s.priority_education} · UAI {s.uai}
                </p>
                <p className={fr.cx("fr-mb-1w")}>
                  <StageBadge stage={s.stage} />
                  {s.stage !== "not_registered" && s.stage !== "no_weeks" && (
                    <span className={fr.cx("fr-ml-1w", "fr-text--sm")}>
                      <Pupils s={s} />
                    </span>
                  )}
                </p>
                <p className={fr.cx("fr-mb-0", "fr-text--sm")}>
                  <Contact s={s} />
                </p>
              </li>
            ))}
          </ul>
          {listed.length > page.length && (
            <Button priority="secondary" onClick={() => setShown((n) => n + PAGE)}>
              Afficher {fmt(Math.min(PAGE, listed.length - page.length))} établissements de plus
            </Button>
          )}
        </>
      )}
    </Section>
  );
}
