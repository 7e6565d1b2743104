import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Tile } from "@codegouvfr/react-dsfr/Tile";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { SideMenu } from "../../components/SideMenu";

/** The back office's pages, in the order of the side menu and of the home's tiles. */
export const adminPages: { path: string; title: string; desc: string }[] = [
  {
    path: "/admin/comptes",
    title: "Comptes",
    desc: "Trouver une personne, suspendre ou réactiver un compte, réinitialiser la double authentification, créer un compte de référent.",
  },
  { path: "/admin/objectifs", title: "Objectifs de la campagne", desc: "Nombre d'offres attendu par département et par ministère." },
  { path: "/admin/plateforme", title: "Mode de la plateforme", desc: "Fonctionnement normal, lecture seule ou maintenance." },
  {
    path: "/admin/support",
    title: "Demandes d'assistance",
    desc: "Messages du formulaire de contact : les prendre en charge, répondre par e-mail, les clore.",
  },
  {
    path: "/admin/organismes",
    title: "Organismes d'accueil",
    desc: "Retrouver un organisme par son nom, sa commune ou son SIRET, le corriger, fusionner deux fiches en double.",
  },
  {
    path: "/admin/etablissements",
    title: "Établissements scolaires",
    desc: "Retrouver un établissement par son UAI, son nom ou sa commune, corriger sa fiche, regrouper un établissement inscrit deux fois.",
  },
  { path: "/admin/ministeres", title: "Ministères", desc: "Liste des ministères auxquels se rattachent les offres publiques." },
  { path: "/admin/moderation", title: "Modération des offres", desc: "Offres signalées en attente de décision." },
  { path: "/admin/offres-masquees", title: "Offres masquées", desc: "Offres masquées par la modération, à rétablir si besoin." },
  { path: "/admin/annees", title: "Années scolaires et campagnes", desc: "Dates des années, ouvertures des campagnes et clôture." },
  { path: "/admin/calendrier", title: "Semaines de seconde", desc: "Les deux semaines nationales de stage de seconde." },
  { path: "/admin/partenaires", title: "Associations partenaires", desc: "Associations qui publient leurs offres par l'API." },
  { path: "/admin/derogations", title: "Dérogations éducation prioritaire", desc: "Ouvrir les offres réservées REP et REP+ à un établissement." },
  { path: "/admin/indicateurs", title: "Indicateurs", desc: "Chiffres nationaux de la campagne et exports." },
  { path: "/admin/journal", title: "Journal des actions", desc: "Ce que les administrateurs ont modifié, quand et sur quoi." },
];

/** A back-office page: the side menu, the page's title, and admins only. */
export function AdminLayout({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  const { user } = useSession();
  const { pathname } = useLocation();
  if (user?.totp_required) return <Navigate to="/compte/double-authentification" replace />;
  return (
    <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
        <SideMenu
          burgerText="Menu de l'administration"
          title="Administration"
          items={[
            { text: "Accueil de l'administration", to: "/admin", isActive: pathname === "/admin" || pathname === "/espace" },
            ...adminPages.map((p) => ({ text: p.title, to: p.path, isActive: pathname.startsWith(p.path) })),
          ]}
        />
      </div>
      <div className={fr.cx("fr-col-12", "fr-col-md-9")}>
        <h1>{title}</h1>
        {lead && <p className={fr.cx("fr-text--lead")}>{lead}</p>}
        {user && user.role !== "admin" ? (
          <Alert severity="warning" title="Accès réservé" description="Cette page est réservée aux administrateurs de Passerelle." />
        ) : (
          children
        )}
      </div>
    </div>
  );
}

/** The admin's home: one tile per back-office page. */
export function AdminHomePage() {
  const { user } = useSession();
  return (
    <AdminLayout
      title="Administration"
      lead={user ? `Bonjour ${user.first_name}. Chaque action de l'administration est enregistrée avec son auteur et sa date.` : undefined}
    >
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        {adminPages.map((p) => (
          <div key={p.path} className={fr.cx("fr-col-12", "fr-col-sm-6", "fr-col-lg-4")}>
            <Tile title={p.title} titleAs="h2" desc={p.desc} linkProps={{ to: p.path }} enlargeLinkOrButton orientation="vertical" small />
          </div>
        ))}
      </div>
    </AdminLayout>
  );
}
