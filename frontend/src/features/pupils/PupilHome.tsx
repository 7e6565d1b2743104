import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { SchoolSearch, type SchoolSummary } from "../schools/SchoolSearch";
import { AgreementsSection } from "../agreements/AgreementPages";
import { CampaignCountdown } from "../campaigns/Countdown";
import { useEnrol, useMyPupilProfile, usePublicClasses } from "./queries";

/** The pupil's space: choose school and class, then see whether search is open. */
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
  const [enrolError, setEnrolError] = useState<string | null>(null);
  const error = enrolError ?? (publicClasses.isError ? errorMessage(publicClasses.error) : null);

  function pickSchool(s: SchoolSummary) {
    setEnrolError(null);
    setPicked(s);
  }

  async function enrol() {
    const { ok, error: err } = await attempt(enrolment.mutateAsync(classId));
    if (!ok) setEnrolError(errorMessage(err));
  }

  if (!me) return <p aria-busy="true">Chargement…</p>;
  return (
    <>
      <h1>Mon espace élève</h1>
      <p>Bonjour {user?.first_name} !</p>
      <AgreementsSection />
      {error && <Alert severity="error" small description={error} className={fr.cx("fr-mb-2w")} role="alert" />}
      {!me.school ? (
        <>
          <h2 className={fr.cx("fr-h4")}>Mon établissement et ma classe</h2>
          {!school ? (
            <SchoolSearch actionLabel="Choisir cet établissement" onPick={pickSchool} />
          ) : classes && classes.length === 0 ? (
            <p>{school.name} n'a pas encore déclaré ses classes. Réessayez plus tard ou parlez-en à votre professeur principal.</p>
          ) : (
            <>
              <p>{school.name}</p>
              <Select label="Ma classe" nativeSelectProps={{ name: "class", value: classId, onChange: (e) => setClassId(e.target.value) }}>
                <option value="">Choisir ma classe</option>
                {(classes ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </Select>
              <Button onClick={enrol} disabled={!classId}>
                Valider
              </Button>
            </>
          )}
        </>
      ) : (
        <>
          <p className={fr.cx("fr-text--lead")}>
            {me.school.name} · {me.class?.name}
          </p>
          <p>
            <Link className={fr.cx("fr-link", "fr-icon-user-line", "fr-link--icon-left")} to="/eleve/profil">
              Mon profil et mon CV
            </Link>
            {" · "}
            <Link className={fr.cx("fr-link", "fr-icon-file-text-line", "fr-link--icon-left")} to="/eleve/candidatures">
              Mes candidatures
            </Link>
          </p>
          {me.class && <CampaignCountdown schoolYear={me.class.school_year} family={me.class.grade === "seconde" ? "lycee" : "college"} onOpen={refetch} />}
          {me.can_search ? (
            <Alert
              severity="success"
              title="Vous pouvez chercher un stage"
              description={
                <>
                  Votre autorisation parentale est enregistrée. <Link to="/offres">Chercher un stage près de mon établissement</Link>
                </>
              }
            />
          ) : (
            <Alert severity="info" title="Pas encore de recherche de stage" description={me.blocked?.message ?? ""} />
          )}
        </>
      )}
    </>
  );
}
