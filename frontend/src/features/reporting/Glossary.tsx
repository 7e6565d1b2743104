import { fr } from "@codegouvfr/react-dsfr";
import { Section } from "../../components";

/** What each indicator counts, in the words of the people who read them. */
export const indicatorDefinitions: [term: string, definition: string][] = [
  [
    "Offres publiées",
    "Offres de stage en ligne pour l'année scolaire choisie (ni brouillon, ni masquée par la modération), comptées dans le département où se déroule le stage. « Publiques » : proposées par un service de l'État, une collectivité ou un établissement public ; « privées » : par une entreprise ou une association.",
  ],
  ["Places", "Somme des places proposées par les offres publiées, semaine par semaine : une offre de 2 places sur 3 semaines compte 6 places."],
  ["Candidatures", "Candidatures envoyées par les élèves (quelle que soit la réponse), comptées dans le département de leur établissement."],
  ["Élèves ayant candidaté", "Élèves qui ont envoyé au moins une candidature : un élève qui candidate trois fois compte une fois."],
  ["Stages confirmés", "Candidatures acceptées par l'organisme puis confirmées par l'élève : le stage est trouvé."],
  ["Conventions signées", "Conventions de stage signées par toutes les parties (établissement, organisme, représentant légal)."],
  ["Stages effectués", "Conventions signées dont le dernier jour de stage est passé."],
  ["Élèves inscrits", "Élèves inscrits dans une classe d'un établissement du périmètre pour l'année choisie."],
  ["Autorisations parentales", "Élèves dont l'autorisation du représentant légal est enregistrée par l'établissement."],
  [
    "Élèves ayant trouvé leur stage",
    "Élèves ayant au moins un stage confirmé sur Passerelle. « Sans stage » : élèves inscrits qui n'ont de stage ni sur Passerelle ni ailleurs.",
  ],
  [
    "Stage trouvé ailleurs",
    "Élèves dont le stage a été trouvé en dehors de Passerelle (famille, proches, réseau de l'établissement) et validé par leur établissement, sans stage confirmé sur Passerelle.",
  ],
  [
    "Taux de couverture",
    "Part des élèves inscrits qui ont leur stage, trouvé sur Passerelle ou ailleurs (validé par leur établissement). « — » : aucun élève inscrit.",
  ],
  ["Élèves sans candidature", "Élèves inscrits qui n'ont encore envoyé aucune candidature."],
  [
    "Objectif et % atteint",
    "Nombre d'offres attendu pour la campagne, fixé par département (et par ministère pour les offres publiques) par l'administration ; le pourcentage rapporte les offres publiées à cet objectif. « — » : pas d'objectif fixé.",
  ],
  ["Éducation prioritaire", "Classement de l'établissement : REP+, REP, ou hors éducation prioritaire."],
];

/** The anchor of a term in the glossary: "Offres publiées" → "definition-offres-publiees". */
export function definitionId(term: string): string {
  return `definition-${term
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")}`;
}

/** An indicator's name in a table, linked to its definition (the glossary below the figures). */
export function Defined({ term, label }: { term: string; label?: string }) {
  return <a href={`#${definitionId(term)}`}>{label ?? term}</a>;
}

/** The glossary of the dashboard: a definition list, reached from the top of the figures. */
export function IndicatorGlossary() {
  return (
    <Section id="definitions" title="Définitions des indicateurs">
      <p>Les chiffres sont recalculés chaque minute à partir des données de Passerelle.</p>
      <dl>
        {indicatorDefinitions.map(([term, definition]) => (
          <div key={term} className={fr.cx("fr-mb-2w")}>
            <dt className={fr.cx("fr-text--bold")} id={definitionId(term)}>
              {term}
            </dt>
            <dd className={fr.cx("fr-ml-0")}>{definition}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}
