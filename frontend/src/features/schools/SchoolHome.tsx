import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useState } from "react";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { ClassesSection, PupilsSection, SecondeSection, TeamSection, WeeksSection, FollowUpSection } from "./SchoolSections";
import { SchoolSearch } from "./SchoolSearch";
import { AgreementsSection } from "../agreements/AgreementPages";
import { useMySchools, useRegisterSchool } from "./queries";

export type SchoolResponse = components["schemas"]["SchoolResponse"];

/** The school staff's space: register the school, or follow it. */
export function SchoolHome() {
  usePageTitle("Mon espace établissement");
  const { user } = useSession();
  const mine = useMySchools();
  const register = useRegisterSchool();
  const schools: SchoolResponse[] | undefined = mine.data ?? (mine.isError ? [] : undefined);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  if (!user || !schools) return <p aria-busy="true">Chargement…</p>;
  const isPrincipal = user.staff_function === "principal";

  if (schools.length === 0) {
    return (
      <>
        <h1>Mon espace établissement</h1>
        {notice && (
          <Alert
            severity={notice.ok ? "success" : "error"}
            title={notice.ok ? "C'est fait" : "Action impossible"}
            description={notice.text}
            className={fr.cx("fr-mb-3w")}
            role={notice.ok ? "status" : "alert"}
          />
        )}
        <h2 className={fr.cx("fr-h4")}>{isPrincipal ? "Inscrire mon établissement" : "Rejoindre mon établissement"}</h2>
        <p>
          {isPrincipal
            ? "Retrouvez votre établissement, puis inscrivez-le : vous pourrez ensuite déclarer vos classes et vos semaines de stage, et inviter votre équipe."
            : "Votre chef d'établissement peut vous inviter. Vous pouvez aussi demander à rejoindre votre établissement : il validera votre demande."}
        </p>
        <SchoolSearch
          actionLabel={isPrincipal ? "Inscrire cet établissement" : "Demander à rejoindre"}
          onPick={async (s) => {
            const { ok, error } = await attempt(
              register.mutateAsync({ uai: s.uai, asPrincipal: isPrincipal, staffFunction: user.staff_function ?? "teacher" }),
            );
            if (ok) {
              setNotice({ ok: true, text: isPrincipal ? `${s.name} est inscrit sur Passerelle.` : "Votre demande a été envoyée au chef d'établissement." });
            } else setNotice({ ok: false, text: errorMessage(error) });
          }}
        />
      </>
    );
  }

  const school = schools[0];
  const principal = school.my_function === "principal";
  const wholeSchool = !["main_teacher", "teacher"].includes(school.my_function ?? "");
  return (
    <>
      <h1>{school.school.name}</h1>
      <p className={fr.cx("fr-text--lead")}>
        {school.school.commune_name} · UAI {school.school.uai}
        {school.school.priority_education ? ` · ${school.school.priority_education}` : ""}
      </p>
      {notice && (
        <Alert
          severity={notice.ok ? "success" : "error"}
          title={notice.ok ? "C'est fait" : "Action impossible"}
          description={notice.text}
          className={fr.cx("fr-mb-3w")}
        />
      )}
      <AgreementsSection />
      {/* The sections share the cache: a class added or a consent recorded refreshes the
          follow-up's figures and every class list at once (see ./queries.ts). */}
      <FollowUpSection uai={school.school.uai} />
      {principal && <ClassesSection uai={school.school.uai} />}
      {principal && <WeeksSection uai={school.school.uai} kind={school.school.kind} />}
      {principal && school.school.kind.includes("lycee") && <SecondeSection uai={school.school.uai} splitsAllowed={school.splits_allowed} />}
      {wholeSchool && <TeamSection uai={school.school.uai} canManage={principal} />}
      <PupilsSection uai={school.school.uai} canApproveSplits={principal} />
    </>
  );
}
