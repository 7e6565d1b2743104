import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { CallOut } from "@codegouvfr/react-dsfr/CallOut";
import { useEffect } from "react";
import { Navigate } from "react-router-dom";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { prefetchWhenIdle } from "../../routing/lazyPage";
import { LandingSearch } from "./LandingSearch";

export function LandingPage() {
  usePageTitle("Accueil");
  const { user } = useSession();
  // A visitor's likely next screens: the search (the form above), then signing in.
  useEffect(() => prefetchWhenIdle(["/offres", "/connexion"]), []);
  if (user) return <Navigate to="/espace" replace />;
  return (
    <>
      <h1>Trouver son stage d'observation, simplement</h1>
      <p className={fr.cx("fr-text--lead")}>
        Passerelle réunit les élèves de quatrième, de troisième et de seconde, leurs établissements, les organismes qui les accueillent et les services de
        l'État.
      </p>
      <LandingSearch />
      <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <Button linkProps={{ to: "/inscription" }}>Créer un compte</Button>
        <Button priority="secondary" linkProps={{ to: "/connexion" }}>
          Se connecter
        </Button>
      </div>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mt-4w")}>
        {[
          ["Élèves", "Cherche des offres près de ton établissement pendant tes semaines de stage, postule avec ton CV et ta lettre, puis confirme ton stage."],
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
