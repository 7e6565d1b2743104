import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useCallback, useEffect, useRef, useState } from "react";
import { Navigate, useNavigate, useParams } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { useLeaveGuard } from "../../components/LeaveGuard";
import { SideMenu } from "../../components/SideMenu";
import { GuideLink } from "../guidance/GuideLink";
import { ClassesSection, PupilsSection, TeamSection, WeeksSection, FollowUpSection } from "./SchoolSections";
import { AccessLogSection, SettingsSection } from "./SettingsSections";
import { SchoolSearch } from "./SchoolSearch";
import { SchoolAgreementsSection, SchoolAgreementsSummary } from "../agreements/SchoolAgreements";
import { useMySchools, useRegisterSchool, useSchool } from "./queries";
import { SchoolFeedbackSection } from "../feedback/SchoolFeedbackSection";
import { sectionsFor, DEFAULT_SECTION, type SectionId } from "./sections";

export type SchoolResponse = components["schemas"]["SchoolResponse"];

const LAST_SCHOOL = "passerelle.school";
const UNSAVED =
  "Vos semaines de stage ne sont pas enregistrées : si vous quittez cette page, les modifications seront perdues. Restez pour cliquer sur « Enregistrer les semaines ».";

/** The school staff's space: register the school, or work in it, one section at a time. At
 *  /espace the first school (or the last one chosen) opens on its default section; each section
 *  has its own address, /etablissement/:uai/:section. */
/** The section of the schools' guide (content/guides/etablissements.md) that explains each part of the space. */
const guideSection: Record<string, string> = {
  suivi: "suivi",
  conventions: "conventions",
  retours: "pendant-apres",
  eleves: "autorisation-parentale",
  classes: "classes-eleves",
  semaines: "calendrier",
  equipe: "qui-fait-quoi",
  parametres: "calendrier",
  journal: "donnees",
};

export function SchoolHome() {
  const { uai: uaiParam, section } = useParams();
  const { user } = useSession();
  const mine = useMySchools();
  const schools: SchoolResponse[] | undefined = mine.data ?? (mine.isError ? [] : undefined);

  if (!user || !schools) return <p aria-busy="true">Chargement…</p>;
  if (schools.length === 0) return <RegisterSchool />;

  const remembered = typeof window !== "undefined" ? window.localStorage.getItem(LAST_SCHOOL) : null;
  const school = schools.find((s) => s.school.uai === (uaiParam ?? remembered)) ?? schools[0];
  if (uaiParam && school.school.uai !== uaiParam) return <Navigate to={`/etablissement/${school.school.uai}/${DEFAULT_SECTION}`} replace />;
  const allowed = sectionsFor(school);
  if (uaiParam && !allowed.some((s) => s.id === section)) return <Navigate to={`/etablissement/${school.school.uai}/${DEFAULT_SECTION}`} replace />;
  return <SchoolWorkspace key={school.school.uai} summary={school} schools={schools} section={(section as SectionId | undefined) ?? DEFAULT_SECTION} />;
}

function SchoolWorkspace({ summary, schools, section }: { summary: SchoolResponse; schools: SchoolResponse[]; section: SectionId }) {
  const uai = summary.school.uai;
  // The school's own answer (settings), the list's entry until it arrives.
  const school = useSchool(uai).data ?? summary;
  const navigate = useNavigate();
  const [dirty, setDirty] = useState(false);
  const onDirtyChange = useCallback((d: boolean) => setDirty(d), []);
  const sections = sectionsFor(school);
  const current = sections.find((s) => s.id === section) ?? sections[0];
  const principal = school.my_function === "principal";
  usePageTitle(`${current.label} – ${school.school.name}`);

  useEffect(() => {
    window.localStorage.setItem(LAST_SCHOOL, uai);
  }, [uai]);

  // A section chosen from the menu: the focus goes to its content (the menu folded back).
  const content = useRef<HTMLDivElement>(null);
  const shown = useRef(current.id);
  useEffect(() => {
    if (shown.current === current.id) return;
    shown.current = current.id;
    content.current?.focus();
  }, [current.id]);

  // Unsaved weeks: leaving the page in any way (link, back button, tab closed) asks first.
  const { modal: leaveModal, confirmLeave } = useLeaveGuard(dirty, UNSAVED);

  return (
    <>
      <h1>{school.school.name}</h1>
      <p className={fr.cx("fr-text--lead", "fr-mb-2w")}>
        {school.school.commune_name} · UAI {school.school.uai}
        {school.school.priority_education ? ` · ${school.school.priority_education}` : ""}
      </p>
      {schools.length > 1 ? (
        <Select
          label="Établissement"
          hint="Vous travaillez dans plusieurs établissements : choisissez celui à afficher."
          className={fr.cx("fr-mb-3w")}
          nativeSelectProps={{
            name: "school_switch",
            value: uai,
            onChange: (e) => {
              const to = `/etablissement/${e.target.value}/${section}`;
              confirmLeave((replace) => navigate(to, { replace }));
            },
          }}
        >
          {schools.map((s) => (
            <option key={s.school.uai} value={s.school.uai}>
              {s.school.name} ({s.school.commune_name})
            </option>
          ))}
        </Select>
      ) : null}
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <SideMenu
            title="Rubriques"
            burgerText="Rubriques de l'établissement"
            items={sections.map((s) => ({ text: s.label, isActive: s.id === current.id, to: `/etablissement/${uai}/${s.id}` }))}
          />
          <GuideLink to={`/guides/etablissements#${guideSection[current.id] ?? "qui-fait-quoi"}`} className={fr.cx("fr-mt-2w", "fr-mb-2w")}>
            Guide des établissements
          </GuideLink>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-9")} ref={content} tabIndex={-1} style={{ outline: "none" }}>
          {current.id === "suivi" && (
            <>
              <FollowUpSection uai={uai} />
              <SchoolAgreementsSummary uai={uai} />
            </>
          )}
          {current.id === "conventions" && <SchoolAgreementsSection uai={uai} canSign={school.can_sign_agreements} />}
          {current.id === "retours" && <SchoolFeedbackSection uai={uai} />}
          {current.id === "eleves" && <PupilsSection uai={uai} canApproveSplits={principal} />}
          {current.id === "classes" && <ClassesSection uai={uai} />}
          {current.id === "semaines" && <WeeksSection uai={uai} kind={school.school.kind} onDirtyChange={onDirtyChange} />}
          {current.id === "equipe" && <TeamSection uai={uai} canManage={principal} />}
          {current.id === "parametres" && <SettingsSection school={school} />}
          {current.id === "journal" && <AccessLogSection uai={uai} />}
        </div>
      </div>
      {leaveModal}
    </>
  );
}

function RegisterSchool() {
  usePageTitle("Mon espace établissement");
  const { user } = useSession();
  const register = useRegisterSchool();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (!user) return null;
  const isPrincipal = user.staff_function === "principal";
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
          const { ok, error } = await attempt(register.mutateAsync({ uai: s.uai, asPrincipal: isPrincipal, staffFunction: user.staff_function ?? "teacher" }));
          if (ok) {
            setNotice({ ok: true, text: isPrincipal ? `${s.name} est inscrit sur Passerelle.` : "Votre demande a été envoyée au chef d'établissement." });
          } else setNotice({ ok: false, text: errorMessage(error) });
        }}
      />
    </>
  );
}
