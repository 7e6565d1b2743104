import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link } from "react-router-dom";
import { feedbackNudge } from "./feedback";
import { useMyFeedback } from "./queries";

/** On the pupil's home: a questionnaire waits after the internship (or a link to correct it). */
export function FeedbackNudge({ enabled = true }: { enabled?: boolean }) {
  const questions = useMyFeedback(enabled).data;
  if (!questions || questions.length === 0) return null;
  const nudge = feedbackNudge(questions);
  if (!nudge) {
    return (
      <p className={fr.cx("fr-mt-2w")}>
        <Link className={fr.cx("fr-link", "fr-icon-chat-3-line", "fr-link--icon-left")} to="/eleve/retours">
          Mes retours de stage
        </Link>
      </p>
    );
  }
  return (
    <section aria-labelledby="retour-de-stage" className={fr.cx("fr-callout", "fr-icon-chat-3-line", "fr-mt-2w")}>
      <h2 id="retour-de-stage" className={fr.cx("fr-callout__title", "fr-h4")}>
        {nudge.title}
      </h2>
      <p className={fr.cx("fr-callout__text")}>{nudge.text}</p>
      <Button linkProps={{ to: "/eleve/retours" }}>Répondre au questionnaire</Button>
    </section>
  );
}
