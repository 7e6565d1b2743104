import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatNumber, plural } from "../../i18n";
import { GuideLink } from "../guidance/GuideLink";
import { useOrganisation } from "../organisations/queries";
import { currentSchoolYear } from "../schools/calendar";
import { rateText } from "./feedback";
import { useOrganisationFeedback, type OrganisationFeedback } from "./queries";

/** What each figure of the offers' table counts, for the host reading it. */
export const offerIndicatorDefinitions: [term: string, definition: string][] = [
  ["Stages confirmés", "Élèves dont vous avez accepté la candidature et qui ont confirmé leur stage, pour l'année choisie."],
  ["Annulés par l'organisme", "Stages confirmés que l'organisme a ensuite annulés."],
  ["Jours d'absence", "Jours d'absence ou de maladie signalés pendant les semaines de stage."],
  ["Réponses", "Questionnaires remplis par les élèves après leur stage."],
  ["Recommandé par", "Part des élèves qui recommanderaient ce stage à un autre élève, affichée à partir de 5 réponses seulement."],
];

function previousYear(year: string) {
  const start = Number(year.slice(0, 4));
  return `${start - 1}-${start}`;
}

/** /organismes/:orgId/retours: what pupils said of the organisation's internships, anonymous and
 *  aggregated (from 5 answers on), and each offer's indicators. Hosts and partner associations. */
export function OrganisationFeedbackPage() {
  const { orgId = "" } = useParams();
  const { user } = useSession();
  const org = useOrganisation(orgId).data;
  const [year, setYear] = useState(currentSchoolYear());
  const query = useOrganisationFeedback(orgId, year);
  usePageTitle(org ? `Retours des élèves – ${org.name}` : "Retours des élèves");
  const back = user?.role === "operator" ? "/espace" : `/espace?organisme=${orgId}`;
  return (
    <>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to={back}>
          {user?.role === "operator" ? "Mon espace association partenaire" : "Mon espace organisme"}
        </Link>
      </p>
      <h1>Retours des élèves</h1>
      {org && <p className={fr.cx("fr-text--lead")}>{org.name}</p>}
      <p>
        Après leur stage, les élèves répondent à un court questionnaire. Pour protéger leur anonymat, vous ne voyez jamais leurs noms ni leurs réponses une par
        une : seulement un résumé, et seulement à partir de 5 réponses.
      </p>
      <GuideLink to="/guides/accueil#apres-le-stage">Guide : après le stage</GuideLink>
      {query.isError ? (
        <Alert severity="error" title="Retours inaccessibles" description={errorMessage(query.error)} role="alert" />
      ) : !query.data ? (
        <p aria-busy="true">Chargement…</p>
      ) : (
        <>
          <Summary data={query.data} />
          <section aria-labelledby="par-offre" className={fr.cx("fr-mt-6w")}>
            <h2 id="par-offre" className={fr.cx("fr-h3")}>
              Vos offres, une par une
            </h2>
            <div className={fr.cx("fr-grid-row")}>
              <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
                <Select
                  label="Année scolaire"
                  className={fr.cx("fr-mb-2w")}
                  nativeSelectProps={{ name: "school_year", value: year, onChange: (e) => setYear(e.target.value) }}
                >
                  {[currentSchoolYear(), previousYear(currentSchoolYear())].map((y) => (
                    <option key={y} value={y}>
                      {y}
                    </option>
                  ))}
                </Select>
              </div>
            </div>
            {query.data.offers.length === 0 ? (
              <p>Aucune offre pour l'année {year}.</p>
            ) : (
              <DataTable
                caption={`Indicateurs de vos offres, ${year}`}
                headers={["Offre", ...offerIndicatorDefinitions.map(([t]) => t)]}
                rows={query.data.offers.map((o) => [
                  <Link key={o.offer_id} to={`/offres/${o.offer_id}`}>
                    {o.title}
                  </Link>,
                  formatNumber(o.placements),
                  formatNumber(o.cancellations),
                  formatNumber(o.absences),
                  formatNumber(o.answers),
                  rateText(o.recommend_rate, o.answers),
                ])}
              />
            )}
            <h3 className={fr.cx("fr-h6")}>Ce que compte chaque colonne</h3>
            <dl>
              {offerIndicatorDefinitions.map(([term, definition]) => (
                <div key={term} className={fr.cx("fr-mb-1w")}>
                  <dt className={fr.cx("fr-text--bold")}>{term}</dt>
                  <dd className={fr.cx("fr-ml-0")}>{definition}</dd>
                </div>
              ))}
            </dl>
          </section>
        </>
      )}
    </>
  );
}

/** The anonymous summary over every year's answers, or why it is not shown yet. */
function Summary({ data }: { data: OrganisationFeedback }) {
  const enough = data.answers >= data.min_answers && data.recommend_rate != null;
  return (
    <section aria-labelledby="resume" className={fr.cx("fr-mt-4w")}>
      <h2 id="resume" className={fr.cx("fr-h3")}>
        Ce que disent les élèves
      </h2>
      {!enough ? (
        <Alert
          severity="info"
          small
          description={`${data.answers === 0 ? "Aucun élève n'a encore répondu" : `${plural(data.answers, "élève a répondu", "élèves ont répondu")} pour l'instant`} : il faut au moins ${data.min_answers} réponses pour afficher un résumé. Rien n'est montré avant, pour protéger l'anonymat des élèves.`}
        />
      ) : (
        <>
          <p className={fr.cx("fr-text--lead")}>
            <strong>{rateText(data.recommend_rate, data.answers)}</strong> des élèves recommanderaient leur stage à un autre élève (
            {plural(data.answers, "réponse", "réponses")}, toutes années confondues).
          </p>
          {data.observed.length > 0 && (
            <>
              <h3 className={fr.cx("fr-h5")}>Ce qu'ils ont observé</h3>
              <ul>
                {data.observed.map((t, i) => (
                  <li key={i} style={{ whiteSpace: "pre-line" }}>
                    {t}
                  </li>
                ))}
              </ul>
            </>
          )}
          {data.jobs.length > 0 && (
            <>
              <h3 className={fr.cx("fr-h5")}>Les métiers qu'ils ont découverts</h3>
              <ul>
                {data.jobs.map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
