import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { PageSkeleton } from "../../components/PageSkeleton";
import { draftOf, draftProblems, questionDate, unanswered, type Draft } from "./feedback";
import { useAnswerFeedback, useMyFeedback, type FeedbackQuestion } from "./queries";

/** /eleve/retours: the pupil tells how the week went, one short questionnaire per internship. */
export function PupilFeedbackPage() {
  usePageTitle("Mes retours de stage");
  const query = useMyFeedback();
  if (query.isError) return <Alert severity="error" title="Retours de stage inaccessibles" description={errorMessage(query.error)} />;
  if (!query.data) return <PageSkeleton />;
  const questions = query.data;
  const todo = unanswered(questions).length;
  return (
    <div className={fr.cx("fr-grid-row")}>
      <div className={fr.cx("fr-col-12", "fr-col-lg-9")}>
        <p>
          <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to="/espace">
            Mon espace élève
          </Link>
        </p>
        <h1>Mes retours de stage</h1>
        <p className={fr.cx("fr-text--lead")}>Ton stage est terminé : raconte-nous comment il s'est passé. Ça prend 5 minutes.</p>
        <div className={fr.cx("fr-callout", "fr-mb-4w")}>
          <h2 className={fr.cx("fr-callout__title", "fr-h6")}>Qui lit tes réponses ?</h2>
          <ul className={fr.cx("fr-callout__text", "fr-text--md")}>
            <li>Ton professeur et l'équipe de ton établissement qui suit ton stage lisent tes réponses, avec ton nom.</li>
            <li>
              L'organisme qui t'a accueilli ne voit jamais ton nom : seulement un résumé de toutes les réponses, et seulement quand au moins 5 élèves ont
              répondu.
            </li>
            <li>Tu peux corriger tes réponses quand tu veux.</li>
          </ul>
        </div>
        {questions.length === 0 ? (
          <p>Tu n'as pas encore de questionnaire : il arrive le lendemain du dernier jour de ton stage, et on te prévient par e-mail.</p>
        ) : (
          <>
            {questions.length > 1 && (
              <p>
                {todo === 0
                  ? "Tu as répondu à tous tes questionnaires. Merci !"
                  : `Il te reste ${todo > 1 ? `${todo} questionnaires` : "1 questionnaire"} à remplir.`}
              </p>
            )}
            {questions.map((q) => (
              <QuestionForm key={q.application_id} question={q} />
            ))}
          </>
        )}
      </div>
    </div>
  );
}

/** One internship's four questions. */
function QuestionForm({ question: q }: { question: FeedbackQuestion }) {
  const answer = useAnswerFeedback();
  const [draft, setDraft] = useState<Draft>(() => draftOf(q));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const id = `retour-${q.application_id}`;
  const answered = !!q.submitted_at;

  const set = (field: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value });
  const error = (field: string) => (errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const problems = draftProblems(draft);
    setErrors(problems);
    if (Object.keys(problems).length > 0) {
      formRef.current?.querySelector<HTMLElement>(`[name="${Object.keys(problems)[0]}"]`)?.focus();
      return;
    }
    const { ok, error: err } = await attempt(
      answer.mutateAsync({
        applicationId: q.application_id,
        body: { observed: draft.observed.trim(), recommend: draft.recommend === "yes", jobs: draft.jobs.trim(), for_class: draft.for_class.trim() },
      }),
    );
    if (ok) {
      setNotice({ ok: true, text: answered ? "Tes corrections sont enregistrées." : "Merci ! Tes réponses sont envoyées à ton professeur." });
    } else {
      setErrors(fieldErrors(err));
      setNotice({ ok: false, text: errorMessage(err) });
    }
    window.setTimeout(() => noticeRef.current?.focus(), 0);
  }

  return (
    <section aria-labelledby={id} className={fr.cx("fr-card", "fr-p-3w", "fr-mb-4w")}>
      <h2 id={id} className={fr.cx("fr-h4", "fr-mb-1w")}>
        Ton stage chez {q.organisation_name}
      </h2>
      <p className={fr.cx("fr-mb-1w")}>{q.offer_title}</p>
      <p className={fr.cx("fr-text--sm")}>
        <Badge severity={answered ? "success" : "new"} small>
          {answered ? "Réponses envoyées" : "À remplir"}
        </Badge>{" "}
        {questionDate(q)}
      </p>
      <div ref={noticeRef} tabIndex={-1} style={{ outline: "none" }}>
        <NoticeAlert notice={notice} />
      </div>
      <form ref={formRef} onSubmit={submit} noValidate aria-labelledby={id}>
        <Input
          textArea
          label="Qu'as-tu observé ?"
          hintText="Les métiers, les gestes, les outils, ce qui t'a surpris… (obligatoire)"
          {...error("observed")}
          nativeTextAreaProps={{
            name: "observed",
            rows: 4,
            maxLength: 2000,
            required: true,
            value: draft.observed,
            onChange: set("observed"),
          }}
        />
        <RadioButtons
          legend="Recommanderais-tu ce stage à un autre élève ?"
          name="recommend"
          orientation="horizontal"
          {...error("recommend")}
          options={[
            { label: "Oui", nativeInputProps: { value: "yes", checked: draft.recommend === "yes", onChange: set("recommend") } },
            { label: "Non", nativeInputProps: { value: "no", checked: draft.recommend === "no", onChange: set("recommend") } },
          ]}
        />
        <Input
          label="Quels métiers as-tu découverts ?"
          hintText="Facultatif. Par exemple : menuisier, comptable, infirmière."
          {...error("jobs")}
          nativeInputProps={{ name: "jobs", maxLength: 500, value: draft.jobs, onChange: set("jobs") }}
        />
        <Input
          textArea
          label="Un mot pour ta classe"
          hintText="Facultatif. Ton professeur pourra le partager avec ta classe."
          {...error("for_class")}
          nativeTextAreaProps={{ name: "for_class", rows: 3, maxLength: 2000, value: draft.for_class, onChange: set("for_class") }}
        />
        <Button type="submit" disabled={answer.isPending}>
          {answered ? "Enregistrer mes corrections" : "Envoyer mes réponses"}
        </Button>
      </form>
    </section>
  );
}
