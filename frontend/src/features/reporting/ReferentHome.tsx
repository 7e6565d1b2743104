import { fr } from "@codegouvfr/react-dsfr";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { DerogationSection } from "../admin/AdminSections";
import { useMinistries } from "../offers/queries";
import { useDepartments } from "./queries";
import { StatsDashboardSection } from "./StatsPages";
import { QualitySection } from "../feedback/QualitySection";
import { scopeLabel } from "./territory";

/** A State referent's home: their territory in words, its indicators, and derogations. */
export function ReferentHome() {
  usePageTitle("Mon espace référent");
  const { user } = useSession();
  const departments = useDepartments().data;
  const ministries = useMinistries().data ?? [];
  if (!user) return null;
  return (
    <>
      <h1>Mon espace référent</h1>
      <p className={fr.cx("fr-text--lead")}>
        Bonjour {user.first_name}. Votre périmètre : {departments ? scopeLabel(user.scope, departments, ministries) : "…"}.
      </p>
      <GuideLink to="/guides/referents#indicateurs">Guide : les indicateurs et les objectifs</GuideLink>
      <StatsDashboardSection />
      <QualitySection />
      {user.scope?.kind !== "ministry" && <DerogationSection />}
    </>
  );
}
