// The offer form's last step: everything the host entered, read-only, before it is published
// (the seed guide's "vérifier les informations saisies, valider"). Each part has its own
// "Modifier" button back to the step where it is entered.
import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import type { ReactNode } from "react";
import type { components } from "../../api/client";
import { listFr, plural } from "../../i18n";
import { dayLabels, lunchLabels, weekText } from "./labels";

type OfferRequest = components["schemas"]["OfferRequest"];

/** "9 h 00 – 16 h 00, pause de 60 min" for one day of the schedule. */
export const hoursText = (start: string, end: string, pause: number) =>
  `${start.replace(":", " h ")} – ${end.replace(":", " h ")}${pause > 0 ? `, pause de ${pause} min` : ""}`;

/** The rows of the summary, part by part (pure: tested without a screen). */
export function summaryParts(offer: OfferRequest, sectorName: string): { step: number; title: string; rows: [string, string][] }[] {
  const lycee = offer.grades.includes("seconde");
  const weeks = offer.weeks ?? [];
  const reserved = (offer.reserved_schools ?? []).filter(Boolean);
  const none = "Non renseigné";
  return [
    {
      step: 0,
      title: "L'offre",
      rows: [
        ["Titre", offer.title],
        ["Secteur d'activité", sectorName || none],
        ["Description", offer.description],
        ["Métiers observés", offer.jobs],
        ["Activités prévues", offer.activities?.trim() || none],
      ],
    },
    {
      step: 1,
      title: "Lieu et tuteur",
      rows: [
        ["Adresse", `${offer.address}, ${offer.postal_code} ${offer.city}`],
        ["Tuteur ou tutrice", `${offer.tutor_name}, ${offer.tutor_function}`],
        ["Contact du tuteur", [offer.tutor_email, offer.tutor_phone].filter(Boolean).join(" · ") || none],
      ],
    },
    {
      step: 2,
      title: "Élèves et semaines",
      rows: [
        ["Niveau", lycee ? "Lycée (seconde générale et technologique)" : "Collège (quatrième et troisième)"],
        ["Année scolaire", offer.school_year],
        [weeks.length > 1 ? "Semaines" : "Semaine", weeks.length ? listFr(weeks.map(weekText)) : "Aucune semaine choisie"],
        ...(lycee && weeks.length === 2
          ? [
              ["Durée pour chaque élève", offer.two_weeks_only ? "Les deux semaines uniquement" : "Une ou deux semaines, au choix de l'élève"] as [
                string,
                string,
              ],
            ]
          : []),
        ["Places", `${plural(offer.places_per_week, "élève", "élèves")} par semaine`],
        ["Accueil", offer.group_mode === "group" ? "En groupe (stage collectif)" : "Chacun de leur côté"],
        [
          "Réservée",
          [offer.rep_only ? "aux élèves des établissements REP / REP+" : "", reserved.length ? `aux établissements ${listFr(reserved)}` : ""]
            .filter(Boolean)
            .join(" et ") || "Non : ouverte à tous les élèves",
        ],
      ],
    },
    {
      step: 3,
      title: "La semaine sur place",
      rows: [
        ["Horaires", offer.schedule.map((s) => `${dayLabels[s.day]} : ${hoursText(s.start, s.end, s.lunch_break_minutes)}`).join("\n") || none],
        ["Déjeuner", lunchLabels[offer.lunch]],
        ["Accessibilité", offer.accessibility?.trim() || none],
        ["Informations pratiques", offer.practical_info?.trim() || none],
      ],
    },
  ];
}

/** The read-only summary, then the buttons. */
export function OfferSummary({
  offer,
  sectorName,
  onEdit,
  finalAction,
  children,
}: {
  offer: OfferRequest;
  sectorName: string;
  onEdit: (step: number) => void;
  /** The label of the button that sends ("Publier l'offre"): named in the introduction. */
  finalAction: string;
  children: ReactNode;
}) {
  return (
    <>
      <p>Relisez votre offre telle que les élèves la verront. Rien n'est envoyé tant que vous n'avez pas choisi « {finalAction} ».</p>
      {summaryParts(offer, sectorName).map((part) => (
        <section key={part.step} aria-labelledby={`resume-${part.step}`} className={fr.cx("fr-mb-4w")}>
          <div style={{ display: "flex", flexWrap: "wrap", alignItems: "baseline", justifyContent: "space-between", gap: "0.5rem" }}>
            <h2 id={`resume-${part.step}`} className={fr.cx("fr-h5", "fr-mb-1w")}>
              {part.title}
            </h2>
            <Button type="button" priority="tertiary" size="small" iconId="fr-icon-edit-line" onClick={() => onEdit(part.step)}>
              Modifier<span className={fr.cx("fr-sr-only")}> « {part.title} »</span>
            </Button>
          </div>
          <dl className={fr.cx("fr-mb-0")}>
            {part.rows.map(([term, value]) => (
              <div key={term} className={fr.cx("fr-mb-1w")}>
                <dt className={fr.cx("fr-text--bold", "fr-mb-0")}>{term}</dt>
                <dd className={fr.cx("fr-ml-0")} style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {children}
    </>
  );
}
