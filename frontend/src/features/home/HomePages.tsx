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
        Passerelle réunit les élèves de quatrième, de troisième et de seconde, leurs établissements, les organismes qui les
        accueillent et les services de l'État.
      </p>
      <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <Button linkProps={{ to: "/inscription" }}>Créer un compte</Button>
        <Button priority="secondary" linkProps={{ to: "/connexion" }}>
          Se connecter
        </Button>
      </div>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mt-4w")}>
        {[
          ["Élèves", "Cherchez des offres près de votre établissement pendant vos semaines de stage, postulez avec votre CV et votre lettre, confirmez votre stage."],
          ["Établissements", "Déclarez vos classes et vos semaines de stage, invitez l'équipe, suivez chaque élève jusqu'à la convention signée."],
          ["Organismes d'accueil", "Publiez vos offres, répondez aux candidatures et signez les conventions en ligne."],
        ].map(([title, text]) => (
          <div key={title} className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <CallOut title={title} titleAs="h2">{text}</CallOut>
          </div>
        ))}
      </div>
    </>
  );
}

/** What each role will find here, while the features land one by one. */
const upcoming: Record<Role, { title: string; items: string[] }> = {
  student: {
    title: "Mon espace élève",
    items: [
      "Rechercher des offres près de mon établissement, pendant mes semaines de stage",
      "Postuler avec mon CV et une lettre de motivation",
      "Suivre mes candidatures et confirmer mon stage",
      "Signer ma convention avec mon représentant légal",
    ],
  },
  school_staff: {
    title: "Mon espace établissement",
    items: [
      "Inscrire l'établissement, ses classes et ses semaines de stage",
      "Inviter l'équipe et enregistrer les autorisations parentales",
      "Suivre les élèves : candidatures, stages trouvés, conventions",
      "Remplir et signer les conventions",
    ],
  },
  employer: {
    title: "Mon espace organisme d'accueil",
    items: ["Créer ou rejoindre mon organisme", "Publier des offres de stage", "Répondre aux candidatures", "Signer les conventions"],
  },
  operator: {
    title: "Mon espace association partenaire",
    items: ["Publier des offres en nombre par l'API partenaires", "Gérer mes accès à l'API", "Suivre les candidatures reçues"],
  },
  referent: {
    title: "Mon espace référent",
    items: ["Suivre les offres, candidatures et stages de mon périmètre", "Comparer aux objectifs de la campagne", "Exporter les indicateurs"],
  },
  admin: {
    title: "Administration",
    items: ["Créer les comptes des référents", "Gérer les années scolaires et les campagnes", "Superviser les données de référence"],
  },
};

export function RoleHomePage() {
  const { user } = useSession();
  if (user?.totp_required) return <Navigate to="/compte/double-authentification" replace />;
  if (user?.role === "school_staff") return <SchoolHome />;
  if (user?.role === "student") return <PupilHome />;
  if (user?.role === "employer") return <HostHome />;
  if (user?.role === "operator") return <OperatorHome />;
  return <UpcomingHome />;
}

function UpcomingHome() {
  const { user } = useSession();
  const content = upcoming[user?.role ?? "student"];
  usePageTitle(content.title);
  if (!user) return null;
  return (
    <>
      <h1>{content.title}</h1>
      <p className={fr.cx("fr-text--lead")}>
        Bonjour {user.first_name} ({roleLabels[user.role]}
        {user.staff_function ? ` – ${staffFunctionLabels[user.staff_function]}` : ""}
        {user.scope ? ` – périmètre : ${scopeKindLabels[user.scope.kind]}${user.scope.code ? ` ${user.scope.code}` : ""}` : ""}).
      </p>
      {/* Referents and admins have their screens below: no "coming soon" over figures that exist. */}
      {user.role !== "referent" && user.role !== "admin" ? (
        <>
          <CallOut title="Bientôt dans votre espace" titleAs="h2">
            Cet espace se remplit au fil des prochaines versions de Passerelle. Voici ce que vous y trouverez :
          </CallOut>
          <ul>
            {content.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : null}
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
