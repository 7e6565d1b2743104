import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage, type components } from "../../api/client";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { ClassesSection, PupilsSection, SecondeSection, TeamSection, WeeksSection, FollowUpSection } from "./SchoolSections";
import { SchoolSearch } from "./SchoolSearch";
import { AgreementsSection } from "../agreements/AgreementPages";

export type SchoolResponse = components["schemas"]["SchoolResponse"];

/** The school staff's space: register the school, or follow it. */
export function SchoolHome() {
  usePageTitle("Mon espace établissement");
  const { user } = useSession();
  const [schools, setSchools] = useState<SchoolResponse[] | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  // Sections that list classes are rebuilt when a class is added.
  const [classesVersion, setClassesVersion] = useState(0);

  const load = useCallback(async () => {
    const { data } = await api.GET("/api/v1/schools/mine");
    setSchools(data ?? []);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  if (!user || schools === null) return <p aria-busy="true">Chargement…</p>;
  const isPrincipal = user.staff_function === "principal";

  if (schools.length === 0) {
    return (
      <>
        <h1>Mon espace établissement</h1>
        {notice && <Alert severity={notice.ok ? "success" : "error"} title={notice.ok ? "C'est fait" : "Action impossible"} description={notice.text} className={fr.cx("fr-mb-3w")} role={notice.ok ? "status" : "alert"} />}
        <h2 className={fr.cx("fr-h4")}>{isPrincipal ? "Inscrire mon établissement" : "Rejoindre mon établissement"}</h2>
        <p>
          {isPrincipal
            ? "Retrouvez votre établissement, puis inscrivez-le : vous pourrez ensuite déclarer vos classes et vos semaines de stage, et inviter votre équipe."
            : "Votre chef d'établissement peut vous inviter. Vous pouvez aussi demander à rejoindre votre établissement : il validera votre demande."}
        </p>
        <SchoolSearch
          actionLabel={isPrincipal ? "Inscrire cet établissement" : "Demander à rejoindre"}
          onPick={async (s) => {
            const { error, response } = isPrincipal
              ? await api.POST("/api/v1/schools", { body: { uai: s.uai } })
              : await api.POST("/api/v1/schools/{uai}/join", { params: { path: { uai: s.uai } }, body: { function: user.staff_function ?? "teacher" } });
            if (response.ok) {
              setNotice({ ok: true, text: isPrincipal ? `${s.name} est inscrit sur Passerelle.` : "Votre demande a été envoyée au chef d'établissement." });
              await load();
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
      {notice && <Alert severity={notice.ok ? "success" : "error"} title={notice.ok ? "C'est fait" : "Action impossible"} description={notice.text} className={fr.cx("fr-mb-3w")} />}
      <AgreementsSection />
      <FollowUpSection key={`suivi-${classesVersion}`} uai={school.school.uai} />
      {principal && <ClassesSection uai={school.school.uai} onChange={() => setClassesVersion((v) => v + 1)} />}
      {principal && <WeeksSection uai={school.school.uai} kind={school.school.kind} />}
      {principal && school.school.kind.includes("lycee") && <SecondeSection uai={school.school.uai} splitsAllowed={school.splits_allowed} onChange={load} />}
      {wholeSchool && <TeamSection key={`equipe-${classesVersion}`} uai={school.school.uai} canManage={principal} />}
      {/* A consent recorded below changes the follow-up's figures: rebuild them at once. */}
      <PupilsSection uai={school.school.uai} canApproveSplits={principal} onChange={() => setClassesVersion((v) => v + 1)} />
    </>
  );
}

export function useReload<T>(fetcher: () => Promise<T | undefined>): [T | undefined, () => Promise<void>, string | null] {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await fetcher());
    } catch (e) {
      setError(errorMessage(e));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return [data, reload, error];
}
