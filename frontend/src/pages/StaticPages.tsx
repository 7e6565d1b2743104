import { fr } from "@codegouvfr/react-dsfr";
import { Link } from "react-router-dom";
import { usePageTitle } from "../components";

export function SiteMapPage() {
  usePageTitle("Plan du site");
  const links: [string, string][] = [
    ["/", "Accueil"],
    ["/connexion", "Se connecter"],
    ["/inscription", "Créer un compte"],
    ["/mot-de-passe-oublie", "Mot de passe oublié"],
    ["/confirmation", "Confirmer mon compte"],
    ["/offres", "Offres de stage"],
    ["/statistiques", "Statistiques"],
    ["/espace", "Mon espace"],
    ["/compte", "Mon compte"],
    ["/accessibilite", "Accessibilité"],
    ["/mentions-legales", "Mentions légales"],
  ];
  return (
    <>
      <h1>Plan du site</h1>
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <Link to={to}>{label}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

export function AccessibilityPage() {
  usePageTitle("Accessibilité");
  return (
    <>
      <h1>Déclaration d'accessibilité</h1>
      <p>
        Passerelle vise la conformité au référentiel général d'amélioration de l'accessibilité (RGAA 4.1). Le service n'a pas encore été audité : il est donc
        déclaré <strong>non conforme</strong>. Chaque page est vérifiée automatiquement à chaque version.
      </p>
      <p>Si vous ne parvenez pas à accéder à un contenu ou à un service, écrivez-nous : nous vous répondrons.</p>
    </>
  );
}

export function LegalPage() {
  usePageTitle("Mentions légales");
  return (
    <>
      <h1>Mentions légales</h1>
      <p>
        Passerelle traite les données strictement nécessaires à l'organisation des stages d'observation. Les données des élèves mineurs ne sont visibles que des
        personnes qui les accompagnent, et sont anonymisées à la fin de l'année scolaire.
      </p>
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
