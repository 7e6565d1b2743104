import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { Link, Navigate } from "react-router-dom";
import type { Role } from "../../api/client";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { DerogationSection, ModerationSection, SecondeWeeksSection } from "../admin/AdminSections";
import { HostHome } from "../offers/HostHome";
import { StatsDashboardSection } from "../reporting/StatsPages";
import { roleLabels, scopeKindLabels, staffFunctionLabels } from "../../i18n";
import { PupilHome } from "../pupils/PupilHome";
import { SchoolHome } from "../schools/SchoolHome";
import { OperatorHome, OperatorsAdminSection } from "../partners/PartnerPages";

export function LandingPage() {
  usePageTitle("Accueil");
  const { user } = useSession();
  if (user) return <Navigate to="/espace" replace />;
  return (
    <>
      <h1>Trouver son stage d'observation, simplement</h1>
      <p className={fr.cx("fr-text--lead")}>
        Passerelle réunit les élèves de quatrième, de troisième et de seconde, leurs établissements, les organismes qui les accueillent et les services de
        l'État.
      </p>
      <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <Button linkProps={{ to: "/inscription" }}>Créer un compte</Button>
        <Button priority="secondary" linkProps={{ to: "/connexion" }}>
          Se connecter
        </Button>
      </div>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mt-4w")}>
        {[
          [
            "Élèves",
            "Cherchez des offres près de votre établissement pendant vos semaines de stage, postulez avec votre CV et votre lettre, confirmez votre stage.",
          ],
          ["Établissements", "Déclarez vos classes et vos semaines de stage, invitez l'équipe, suivez chaque élève jusqu'à la convention signée."],
          ["Organismes d'accueil", "Publiez vos offres, répondez aux candidatures et signez les conventions en ligne."],
        ].map(([title, text]) => (
          <div key={title} className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <CallOut title={title} titleAs="h2">
              {text}
            </CallOut>
          </div>
        ))}
      </div>
    </>
  );
}

/** The home of the roles without a home of their own: referents and admins (their sections
 *  below are the product, not a preview). */
const titles: Partial<Record<Role, string>> = { referent: "Mon espace référent", admin: "Administration" };

export function RoleHomePage() {
  const { user } = useSession();
  if (user?.totp_required) return <Navigate to="/compte/double-authentification" replace />;
  if (user?.role === "school_staff") return <SchoolHome />;
  if (user?.role === "student") return <PupilHome />;
  if (user?.role === "employer") return <HostHome />;
  if (user?.role === "operator") return <OperatorHome />;
  return <StateAndAdminHome />;
}

function StateAndAdminHome() {
  const { user } = useSession();
  const title = titles[user?.role ?? "referent"] ?? "Mon espace";
  usePageTitle(title);
  if (!user) return null;
  return (
    <>
      <h1>{title}</h1>
      <p className={fr.cx("fr-text--lead")}>
        Bonjour {user.first_name} ({roleLabels[user.role]}
        {user.staff_function ? ` – ${staffFunctionLabels[user.staff_function]}` : ""}
        {user.scope ? ` – périmètre : ${scopeKindLabels[user.scope.kind]}${user.scope.code ? ` ${user.scope.code}` : ""}` : ""}).
      </p>
      {user.role === "admin" && (
        <>
          <p className={fr.cx("fr-mt-4w")}>
            <Link className={fr.cx("fr-link", "fr-icon-calendar-line", "fr-link--icon-left")} to="/admin/annees">
              Années scolaires, ouvertures des campagnes et clôture
            </Link>
          </p>
          <SecondeWeeksSection />
          <ModerationSection />
          <OperatorsAdminSection />
        </>
      )}
      {(user.role === "admin" || user.role === "referent") && (
        <>
          <StatsDashboardSection />
          <DerogationSection />
        </>
      )}
    </>
  );
}
