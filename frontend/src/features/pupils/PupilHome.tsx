import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { SchoolSearch, type SchoolSummary } from "../schools/SchoolSearch";
import { AgreementsSection } from "../agreements/AgreementPages";
import { CampaignCountdown } from "../campaigns/Countdown";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import type { components } from "../../api/client";
import { todayInParis } from "../../dates";
import { useAgreements } from "../agreements/queries";
import { useMyApplications } from "../applications/queries";
import { useMyExternalInternships } from "../externalInternships/queries";
import { nextStep, phaseOf, phases } from "./nextStep";
import { useEnrol, useMyPupilProfile, usePublicClasses } from "./queries";
import { PageSkeleton } from "../../components/PageSkeleton";
import { FeedbackNudge } from "../feedback/FeedbackNudge";

type Profile = components["schemas"]["MyPupilProfile"];

/** The pupil's space: where they stand and the next step; choosing school and class at first. */
export function PupilHome() {
  usePageTitle("Mon espace élève");
  const { user } = useSession();
  const { data: me, refetch } = useMyPupilProfile();
  // The school picked, once its classes have been read.
  const [picked, setPicked] = useState<SchoolSummary | null>(null);
  const publicClasses = usePublicClasses(picked?.uai ?? null);
  const school = publicClasses.data ? picked : null;
  const classes = publicClasses.data;
  const enrolment = useEnrol();
  const [classId, setClassId] = useState("");
  const [joinCode, setJoinCode] = useState("");
  const [codeError, setCodeError] = useState<string | null>(null);
  const [enrolError, setEnrolError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  // A pupil waiting for the school may choose another class (a wrong school or class).
  const [changing, setChanging] = useState(false);
  const error = enrolError ?? (publicClasses.isError ? errorMessage(publicClasses.error) : null);

  function pickSchool(s: SchoolSummary) {
    setEnrolError(null);
    setPicked(s);
  }

  async function enrol(targetClassId: string) {
    setEnrolError(null);
    setCodeError(null);
    setNotice(null);
    const { ok, data, error: err } = await attempt(enrolment.mutateAsync({ classId: targetClassId, joinCode }));
    if (ok) {
      const name = data.class?.name ?? "";
      setNotice({
        ok: true,
        text:
          data.join_status === "pending"
            ? `Ta demande pour rejoindre la classe ${name} est envoyée à ton établissement.`
            : `C'est fait : tu as rejoint la classe ${name}.`,
      });
      setJoinCode("");
      setChanging(false);
      setPicked(null);
      setClassId("");
    } else {
      const code = fieldErrors(err).join_code;
      if (code) setCodeError(code);
      else setEnrolError(errorMessage(err));
    }
  }

  function submitChoice(e: FormEvent) {
    e.preventDefault();
    if (classId) void enrol(classId);
  }

  function submitCode(e: FormEvent) {
    e.preventDefault();
    if (!joinCode.trim()) return setCodeError("Saisis le code de classe donné par ton professeur.");
    if (me?.class) void enrol(me.class.id);
  }

  const codeField = (optional: boolean) => (
    <Input
      label={optional ? "Code de classe (facultatif)" : "Code de classe"}
      hintText={
        optional ? "Donné par ton professeur ; sans code, ton établissement doit valider ta demande." : "Donné par ton professeur, au format ABCD-EFGH."
      }
      {...(codeError ? { state: "error" as const, stateRelatedMessage: codeError } : {})}
      nativeInputProps={{
        name: "join_code",
        autoComplete: "off",
        autoCapitalize: "characters",
        spellCheck: false,
        value: joinCode,
        onChange: (e) => setJoinCode(e.target.value),
      }}
    />
  );

  // The next step reads the applications and agreements: asked for beside the profile (not once it
  // has come), and the page shows when all are here, so that nothing below it moves afterwards.
  const applications = useMyApplications();
  const agreements = useAgreements();
  const active = !!me?.class && me.join_status === "active";
  const external = useMyExternalInternships(active);
  if (!me || (me.school && me.class && (applications.isPending || agreements.isPending || (active && external.isPending)))) return <PageSkeleton />;
  const declaredElsewhere = (external.data ?? []).some((e) => e.status !== "rejected");
  // A collège pupil confirmed on Passerelle has nothing to declare (seconde: a week may be left).
  const placedHere = me.class?.grade !== "seconde" && (applications.data ?? []).some((a) => a.status === "confirmed");
  return (
    <>
      <h1>Mon espace élève</h1>
      <p>Bonjour {user?.first_name} !</p>
      {me.school && (
        <p className={fr.cx("fr-text--lead")}>
          {me.school.name} · {me.class?.name}
        </p>
      )}
      <NoticeAlert notice={notice} />
      <NextStepCard me={me} />
      <FeedbackNudge enabled={!!me.school} />
      <GuideLink to="/guides/eleves-familles">Guide : ton stage, étape par étape</GuideLink>
      {me.class && <CampaignCountdown schoolYear={me.class.school_year} family={me.class.grade === "seconde" ? "lycee" : "college"} onOpen={refetch} />}
      {error && <Alert severity="error" small description={error} className={fr.cx("fr-mb-2w")} role="alert" />}
      {me.join_status === "pending" && me.class && !changing && (
        <section aria-labelledby="ma-demande" className={fr.cx("fr-mt-4w")}>
          <h2 id="ma-demande" className={fr.cx("fr-h4")}>
            Ma demande pour rejoindre ma classe
          </h2>
          <Alert
            severity="info"
            small
            description={`Ta demande pour rejoindre la classe ${me.class.name} est en attente de validation par ton établissement.`}
            className={fr.cx("fr-mb-2w")}
          />
          <p>Ton professeur t'a donné le code de la classe ? Saisis-le pour la rejoindre tout de suite.</p>
          <form onSubmit={submitCode} noValidate>
            {codeField(false)}
            <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
              <Button type="submit" disabled={enrolment.isPending}>
                Rejoindre la classe
              </Button>
              <Button type="button" priority="tertiary" onClick={() => setChanging(true)}>
                Choisir une autre classe
              </Button>
            </div>
          </form>
        </section>
      )}
      {!me.school || changing ? (
        <section aria-labelledby="ma-classe" className={fr.cx("fr-mt-4w")}>
          <h2 id="ma-classe" className={fr.cx("fr-h4")}>
            Mon établissement et ma classe
          </h2>
          {changing && (
            <p>
              <Button type="button" priority="tertiary" size="small" onClick={() => setChanging(false)}>
                Garder ma demande pour la classe {me.class?.name}
              </Button>
            </p>
          )}
          {!school ? (
            <SchoolSearch actionLabel="Choisir cet établissement" onPick={pickSchool} />
          ) : classes && classes.length === 0 ? (
            <p>{school.name} n'a pas encore déclaré ses classes. Réessaie plus tard ou parles-en à ton professeur principal.</p>
          ) : (
            <form onSubmit={submitChoice} noValidate>
              <p>{school.name}</p>
              <Select label="Ma classe" nativeSelectProps={{ name: "class", value: classId, onChange: (e) => setClassId(e.target.value) }}>
                <option value="">Choisir ma classe</option>
                {(classes ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
              {codeField(true)}
              <Button type="submit" disabled={!classId || enrolment.isPending}>
                Valider
              </Button>
            </form>
          )}
        </section>
      ) : (
        <nav aria-label="Mes pages" className={fr.cx("fr-mt-4w")}>
          <ul className={fr.cx("fr-raw-list")}>
            <li className={fr.cx("fr-mb-1w")}>
              <Link className={fr.cx("fr-link", "fr-icon-user-line", "fr-link--icon-left")} to="/eleve/profil">
                Mon profil et mon CV
              </Link>
            </li>
            <li className={fr.cx("fr-mb-1w")}>
              <Link className={fr.cx("fr-link", "fr-icon-file-text-line", "fr-link--icon-left")} to="/eleve/candidatures">
                Mes candidatures
              </Link>
            </li>
            <li className={fr.cx("fr-mb-1w")}>
              <Link className={fr.cx("fr-link", "fr-icon-star-line", "fr-link--icon-left")} to="/eleve/favoris">
                Mes favoris
              </Link>
            </li>
            {me.can_search && (
              <li className={fr.cx("fr-mb-1w")}>
                <Link className={fr.cx("fr-link", "fr-icon-search-line", "fr-link--icon-left")} to="/offres">
                  Chercher un stage près de mon établissement
                </Link>
              </li>
            )}
            {active && (declaredElsewhere || !placedHere) && (
              <li>
                <Link className={fr.cx("fr-link", "fr-icon-briefcase-line", "fr-link--icon-left")} to="/eleve/stage-hors-plateforme">
                  {declaredElsewhere ? "Mon stage trouvé en dehors de Passerelle" : "J'ai trouvé un stage en dehors de Passerelle"}
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
      <AgreementsSection />
    </>
  );
}

/** Where the pupil stands on the whole journey, and the one thing to do now. */
function NextStepCard({ me }: { me: Profile }) {
  const enrolled = !!me.school && !!me.class;
  const applications = useMyApplications();
  const agreements = useAgreements();
  const external = useMyExternalInternships(enrolled && me.join_status === "active");
  if (enrolled && (applications.isPending || agreements.isPending)) return <p aria-busy="true">Chargement de ta prochaine étape…</p>;
  const step = nextStep(me, applications.data ?? [], agreements.data ?? [], todayInParis(), undefined, external.data ?? []);
  const phase = phaseOf(step.key);
  return (
    <>
      <Stepper
        className={fr.cx("fr-mt-2w")}
        currentStep={phase}
        stepCount={phases.length}
        title={`Où j'en suis : ${phases[phase - 1].charAt(0).toLowerCase()}${phases[phase - 1].slice(1)}`}
        nextTitle={phases[phase]}
      />
      <section aria-labelledby="prochaine-etape" className={fr.cx("fr-callout")}>
        <h2 id="prochaine-etape" className={fr.cx("fr-callout__title", "fr-h4")}>
          Ta prochaine étape : {step.title.charAt(0).toLowerCase() + step.title.slice(1)}
        </h2>
        <p className={fr.cx("fr-callout__text")}>{step.text}</p>
        {(applications.isError || agreements.isError) && <p className={fr.cx("fr-error-text")}>{errorMessage(applications.error ?? agreements.error)}</p>}
        {step.action && <Button linkProps={{ to: step.action.to }}>{step.action.label}</Button>}
      </section>
    </>
  );
}
