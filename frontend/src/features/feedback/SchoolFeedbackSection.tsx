import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { formatDateFr } from "../../dates";
import { currentSchoolYear } from "../schools/calendar";
import { useDashboard } from "../schools/queries";
import { answeredText, byClass, recommendText } from "./feedback";
import { useSchoolFeedback, type ClassFeedback } from "./queries";

/** "Retours de stage": what the school's pupils said of their internships, class by class. Each
 *  member reads the pupils they follow (a teacher: their classes; the principal: the school). */
export function SchoolFeedbackSection({ uai }: { uai: string }) {
  const [classId, setClassId] = useState("");
  // The classes this member follows (a teacher: theirs; the principal: all), as the follow-up lists them.
  const classes = (useDashboard(uai, currentSchoolYear()).data?.classes ?? []).map((c) => ({ id: c.class_id, name: c.name }));
  const query = useSchoolFeedback(uai, classId || undefined);
  const groups = byClass(query.data ?? []);
  return (
    <section aria-labelledby="retours-de-stage">
      <h2 id="retours-de-stage" className={fr.cx("fr-h3")}>
        Retours de stage
      </h2>
      <p>
        Après le dernier jour de son stage, chaque élève reçoit un court questionnaire (relancé une fois) : ce qu'il a observé, s'il recommanderait ce stage,
        les métiers découverts et un mot pour sa classe. Vous lisez les réponses des élèves que vous suivez ; l'organisme d'accueil ne voit qu'un résumé
        anonyme, à partir de 5 réponses.
      </p>
      {classes.length > 1 && (
        <Select
          label="Classe"
          className={fr.cx("fr-mb-3w")}
          nativeSelectProps={{ name: "feedback_class", value: classId, onChange: (e) => setClassId(e.target.value) }}
        >
          <option value="">Toutes mes classes</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      )}
      {query.isError ? (
        <Alert severity="error" small description={errorMessage(query.error)} role="alert" />
      ) : !query.data ? (
        <p aria-busy="true">Chargement…</p>
      ) : groups.length === 0 ? (
        <p>
          Aucune réponse pour l'instant{classId ? " dans cette classe" : ""} : le questionnaire part le lendemain du dernier jour de stage, et l'élève est
          relancé une fois au bout d'une semaine.
        </p>
      ) : (
        groups.map(([className, rows]) => (
          <section key={className} aria-labelledby={`retours-${slug(className)}`} className={fr.cx("fr-mb-4w")}>
            <h3 id={`retours-${slug(className)}`} className={fr.cx("fr-h5", "fr-mb-1w")}>
              {className}
            </h3>
            <p className={fr.cx("fr-text--sm")}>{answeredText(rows)}</p>
            <ul className={fr.cx("fr-raw-list")}>
              {rows.map((r) => (
                <li key={`${r.pupil_id}-${r.application_id}`}>
                  <Answer uai={uai} row={r} />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}

function Answer({ uai, row: r }: { uai: string; row: ClassFeedback }) {
  return (
    <article className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <h4 className={fr.cx("fr-h6", "fr-mb-1w")}>
        <Link to={`/etablissement/${uai}/eleves/${r.pupil_id}`}>
          {r.pupil_first_name} {r.pupil_last_name}
        </Link>{" "}
        · {r.organisation_name}
      </h4>
      <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
        {r.offer_title} ·{" "}
        {r.submitted_at ? (
          <>répondu le {formatDateFr(r.submitted_at)}</>
        ) : (
          <Badge severity="warning" small>
            Pas encore de réponse
          </Badge>
        )}
      </p>
      {r.submitted_at && (
        <dl className={fr.cx("fr-mb-0")}>
          <dt className={fr.cx("fr-text--bold")}>Ce qu'il ou elle a observé</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{r.observed}</dd>
          <dt className={fr.cx("fr-text--bold")}>Recommanderait ce stage</dt>
          <dd>{recommendText(r.recommend)}</dd>
          <dt className={fr.cx("fr-text--bold")}>Métiers découverts</dt>
          <dd>{r.jobs || "—"}</dd>
          <dt className={fr.cx("fr-text--bold")}>Un mot pour la classe</dt>
          <dd style={{ whiteSpace: "pre-line" }}>{r.for_class || "—"}</dd>
        </dl>
      )}
    </article>
  );
}

const slug = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
