// The printable models served by the API (public), in the order families meet them.
export type ModelDocument = { file: string; href: string; title: string; link: string; audience: string; use: string };

const base = "/api/v1/documents/";

export const modelDocuments: ModelDocument[] = [
  {
    file: "autorisation-parentale.pdf",
    href: `${base}autorisation-parentale.pdf`,
    title: "Autorisation parentale d'utilisation de Passerelle",
    link: "Télécharger l'autorisation parentale",
    audience: "Pour les familles :",
    use: "un représentant légal de l'élève la remplit et la signe, puis l'élève la remet à son professeur principal, qui l'enregistre dans Passerelle pour lui ouvrir l'accès aux candidatures.",
  },
  {
    file: "modele-convention.pdf",
    href: `${base}modele-convention.pdf`,
    title: "Modèle de convention de stage",
    link: "Télécharger le modèle de convention",
    audience: "Pour les établissements, les organismes d'accueil et les familles :",
    use: "pour lire à l'avance ce que contient la convention ; la vraie convention se remplit et se signe dans Passerelle une fois le stage confirmé.",
  },
  {
    file: "modele-attestation.pdf",
    href: `${base}modele-attestation.pdf`,
    title: "Modèle d'attestation de stage",
    link: "Télécharger le modèle d'attestation",
    audience: "Pour les organismes d'accueil :",
    use: "à remplir et à remettre à l'élève à la fin de sa semaine, pour attester qu'il a bien fait son stage d'observation.",
  },
];
