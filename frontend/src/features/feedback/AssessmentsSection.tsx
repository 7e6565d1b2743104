import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { formatDateFr, todayInParis } from "../../dates";
import { attendanceLabels } from "./feedback";
import { useAssessments, useWriteAssessment, type Assessment, type AssessmentRequest } from "./queries";

type AgreementView = components["schemas"]["AgreementView"];
type Side = Assessment["side"];

/** The side the reader writes, if any: the host's members the host's, the school's staff the school's. */
export function writerSide(viewer: string): Side | null {
  if (viewer === "host") return "host";
  if (viewer === "school" || viewer === "school_signer") return "school";
  return null;
}

/** The sides the reader sees: the pupil, the school and admins both; the host its own. */
export function readableSides(viewer: string): Side[] {
  return viewer === "host" ? ["host"] : ["host", "school"];
}

/** "La semaine de stage": the host's and the school's words on the week (optional), on the
 *  agreement's page once the internship has begun; the pupil reads them. */
export function AssessmentsSection({ agreement: a }: { agreement: AgreementView }) {
  const query = useAssessments(a.id);
  if (a.status === "cancelled") return null;
  const started = todayInParis() >= a.starts_on;
  const pupil = a.viewer === "pupil";
  const side = writerSide(a.viewer);
  const list = (query.data ?? []).filter((x) => readableSides(a.viewer).includes(x.side));
  const title = pupil ? "Ce qu'ils disent de ta semaine" : "Appréciation de la semaine";
  if (!started && !side) return null;
  return (
    <Section id="appreciation" title={title}>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!started ? (
        <p>Vous pourrez écrire votre appréciation de la semaine à partir du premier jour du stage, le {formatDateFr(a.starts_on)}. Elle est facultative.</p>
      ) : (
        <>
          {pupil && list.length === 0 && query.data && <p>Ton tuteur et ton établissement peuvent t'écrire un mot sur ta semaine : tu le liras ici.</p>}
          {list
            .filter((x) => x.side !== side)
            .map((x) => (
              <Written key={x.side} assessment={x} pupil={pupil} />
            ))}
          {side && query.data && <AssessmentForm agreementId={a.id} side={side} current={list.find((x) => x.side === side)} />}
        </>
      )}
    </Section>
  );
}

const sideTitle = (side: Side, pupil: boolean) =>
  pupil
    ? side === "host"
      ? "Le mot de ton tuteur"
      : "Le mot de ton établissement"
    : side === "host"
      ? "L'appréciation de l'organisme"
      : "L'appréciation de l'établissement";

function Written({ assessment: x, pupil }: { assessment: Assessment; pupil: boolean }) {
  return (
    <article className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <h3 className={fr.cx("fr-h5", "fr-mb-1w")}>{sideTitle(x.side, pupil)}</h3>
      {x.word && (
        <blockquote className={fr.cx("fr-mb-1w")} style={{ whiteSpace: "pre-line" }}>
          {x.word}
        </blockquote>
      )}
      <dl className={fr.cx("fr-text--sm", "fr-mb-0")}>
        <dt className={fr.cx("fr-text--bold")}>Présence</dt>
        <dd>{attendanceLabels[x.attendance]}</dd>
        {x.behaviour && (
          <>
            <dt className={fr.cx("fr-text--bold")}>{pupil ? "Ton attitude pendant la semaine" : "Comportement et implication"}</dt>
            <dd style={{ whiteSpace: "pre-line" }}>{x.behaviour}</dd>
          </>
        )}
      </dl>
      <p className={fr.cx("fr-text--xs", "fr-mb-0")}>Écrit le {formatDateFr(x.updated_at)}</p>
    </article>
  );
}

function AssessmentForm({ agreementId, side, current }: { agreementId: string; side: Side; current?: Assessment }) {
  const write = useWriteAssessment(agreementId);
  const [form, setForm] = useState<AssessmentRequest>({
    attendance: current?.attendance ?? "full",
    behaviour: current?.behaviour ?? "",
    word: current?.word ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const error = (field: string) => (errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {});

  async function save(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    const { ok, error: err } = await attempt(write.mutateAsync({ attendance: form.attendance, behaviour: form.behaviour?.trim(), word: form.word?.trim() }));
    if (ok) setNotice({ ok: true, text: current ? "Appréciation modifiée." : "Appréciation enregistrée : l'élève peut la lire." });
    else {
      setErrors(fieldErrors(err));
      setNotice({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="votre-appreciation">
      <h3 id="votre-appreciation" className={fr.cx("fr-h5")}>
        {side === "host" ? "Votre appréciation (organisme d'accueil)" : "Votre appréciation (établissement)"}
      </h3>
      <p className={fr.cx("fr-text--sm")}>
        Facultative. {side === "host" ? "L'élève et son établissement la lisent." : "L'élève la lit."} Écrivez pour l'élève : décrivez la semaine, pas la
        personne. Vous pouvez la modifier ensuite.
      </p>
      <NoticeAlert notice={notice} />
      <RadioButtons
        legend="Présence de l'élève"
        name="attendance"
        {...error("attendance")}
        options={(Object.keys(attendanceLabels) as Assessment["attendance"][]).map((k) => ({
          label: attendanceLabels[k],
          nativeInputProps: { value: k, checked: form.attendance === k, onChange: () => setForm({ ...form, attendance: k }) },
        }))}
      />
      <Input
        textArea
        label="Comportement et implication (facultatif)"
        hintText="Par exemple : ponctuel, curieux, a posé des questions. 1 000 caractères au plus."
        {...error("behaviour")}
        nativeTextAreaProps={{
          name: "behaviour",
          rows: 3,
          maxLength: 1000,
          value: form.behaviour,
          onChange: (e) => setForm({ ...form, behaviour: e.target.value }),
        }}
      />
      <Input
        textArea
        label="Un mot pour l'élève (facultatif)"
        hintText="Un encouragement, un conseil pour la suite. 2 000 caractères au plus."
        {...error("word")}
        nativeTextAreaProps={{ name: "word", rows: 3, maxLength: 2000, value: form.word, onChange: (e) => setForm({ ...form, word: e.target.value }) }}
      />
      <Button type="submit" disabled={write.isPending}>
        {current ? "Modifier l'appréciation" : "Enregistrer l'appréciation"}
      </Button>
    </form>
  );
}
