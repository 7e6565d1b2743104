import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";
import { usePageTitle } from "../components";

type SiteMapGroup = { title: string; links: [to: string, label: string][] };

/** Every page a visitor can open, grouped (RGAA 12.1: a site map). */
export const siteMap: SiteMapGroup[] = [
  {
    title: "Le service",
    links: [
      ["/", "Accueil"],
      ["/offres", "Offres de stage"],
      ["/statistiques", "Statistiques"],
    ],
  },
  {
    title: "Mon compte",
    links: [
      ["/connexion", "Se connecter"],
      ["/inscription", "Créer un compte"],
      ["/confirmation/renvoi", "Recevoir à nouveau le lien de confirmation"],
      ["/mot-de-passe-oublie", "Mot de passe oublié"],
      ["/espace", "Mon espace"],
      ["/compte", "Mon compte"],
    ],
  },
  {
    title: "Guides et aide",
    links: [
      ["/guides", "Guides"],
      ["/guides/eleves-familles", "Guide des élèves et des familles"],
      ["/guides/etablissements", "Guide des établissements"],
      ["/guides/accueil", "Guide des organismes d'accueil"],
      ["/guides/associations", "Guide des associations partenaires"],
      ["/guides/referents", "Guide des référents de l'État"],
      ["/faq", "Foire aux questions"],
      ["/contact", "Nous contacter"],
      ["/documents-utiles", "Documents utiles"],
      ["/conventions/verifier", "Vérifier une convention de stage"],
    ],
  },
  {
    title: "Informations légales",
    links: [
      ["/mentions-legales", "Mentions légales"],
      ["/confidentialite", "Données personnelles"],
      ["/conditions-utilisation", "Conditions générales d'utilisation"],
      ["/signature-electronique", "Signature électronique des conventions"],
      ["/cookies", "Cookies et stockage"],
      ["/accessibilite", "Accessibilité"],
    ],
  },
];

export function SiteMapPage() {
  usePageTitle("Plan du site");
  return (
    <>
      <h1>Plan du site</h1>
      {siteMap.map((group, i) => (
        <section key={group.title} aria-labelledby={`plan-${i}`}>
          <h2 id={`plan-${i}`} className={fr.cx("fr-h4", "fr-mt-4w")}>
            {group.title}
          </h2>
          <ul>
            {group.links.map(([to, label]) => (
              <li key={to}>
                <Link to={to}>{label}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export function NotFoundPage() {
  usePageTitle("Page introuvable");
  return (
    <div className={fr.cx("fr-my-7w")}>
      <h1>Page introuvable</h1>
      <p className={fr.cx("fr-text--lead")}>Cette page n'existe pas ou a été déplacée. Excusez-nous pour la gêne occasionnée.</p>
      <p>
        <Link to="/">Revenir à l'accueil</Link> · <Link to="/offres">Chercher un stage</Link> · <Link to="/plan-du-site">Plan du site</Link>
      </p>
    </div>
  );
}
