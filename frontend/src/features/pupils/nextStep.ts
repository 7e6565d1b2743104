// Where a pupil stands, and the one thing to do next: computed from their profile, their
// applications and their agreements, without a server or a screen (tested on its own).
import type { components } from "../../api/client";
import { formatDateFr, instant } from "../../dates";
import { plural } from "../../i18n";

type Profile = components["schemas"]["MyPupilProfile"];
type Application = components["schemas"]["PupilApplication"];
type Agreement = components["schemas"]["AgreementSummary"];
type Cv = components["schemas"]["Cv"];
type External = components["schemas"]["ExternalInternshipView"];

export type StepKey =
  | "choose_class"
  | "join_pending"
  | "elsewhere_pending"
  | "found_elsewhere"
  | "elsewhere_rejected"
  | "consent"
  | "not_open"
  | "complete_cv"
  | "search"
  | "wait_answer"
  | "confirm"
  | "fill_representative"
  | "agreement_in_progress"
  | "sign"
  | "representative_signs"
  | "wait_signatures"
  | "ready"
  | "during"
  | "attestation";

/** The card on the pupil's home: a title, a sentence, at most one link, and a deadline when there is one. */
export type NextStep = { key: StepKey; title: string; text: string; action?: { label: string; to: string }; deadline?: string };

export const cvIsEmpty = (cv: Cv) => [cv.interests, cv.skills, cv.languages, cv.activities].every((v) => !v.trim());

/** Why a pupil may not search yet, said to them ("tu"). */
export function blockedText(code: string | undefined): string {
  if (code === "NOT_ENROLLED") return "Choisis d'abord ton établissement et ta classe.";
  if (code === "JOIN_PENDING") return "Ton établissement doit d'abord confirmer que tu es bien dans cette classe.";
  if (code === "CONSENT_REQUIRED") return "Il faut d'abord l'autorisation de tes parents, enregistrée par ton établissement.";
  return "La recherche de stage n'est pas encore ouverte pour ta classe.";
}

/** "le 18 janvier 2027 (dans 3 jours)", "aujourd'hui", for a deadline instant of the API. */
export function deadlineText(expiresAt: string, now: Date): string {
  const end = instant(expiresAt);
  const days = Math.ceil((end.getTime() - now.getTime()) / 86_400_000);
  const date = formatDateFr(end, { timeZone: "Europe/Paris" });
  if (days <= 0) return `aujourd'hui (${date})`;
  return `le ${date} (dans ${plural(days, "jour", "jours")})`;
}

const earliest = (apps: Application[]) =>
  apps
    .map((a) => a.expires_at)
    .filter((d): d is string => !!d)
    .sort((x, y) => instant(x).getTime() - instant(y).getTime())[0];

/** The next step, first one that applies: class, an internship found elsewhere (validated,
 *  waiting for the school, or refused), consent, agreement, applications, CV, search. */
export function nextStep(
  me: Profile,
  applications: Application[],
  agreements: Agreement[],
  today: string,
  now: Date = new Date(),
  external: External[] = [],
): NextStep {
  const search = { label: "Voir les offres de stage", to: "/offres" };
  if (!me.school || !me.class) {
    return {
      key: "choose_class",
      title: "Choisis ton établissement et ta classe",
      text: "Cherche ton collège ou ton lycée ci-dessous, puis choisis ta classe : ton professeur principal pourra ensuite suivre ton stage.",
    };
  }
  if (me.join_status === "pending") {
    return {
      key: "join_pending",
      title: "Attends la validation de ton établissement",
      text: `Ton établissement doit confirmer que tu es bien dans la classe ${me.class.name}. Ensuite, tu pourras préparer ton stage. Avec le code de classe donné par ton professeur, c'est tout de suite.`,
    };
  }

  // An internship found outside Passerelle: once the school validated every week the grade needs,
  // it is found; a declaration waiting for the school comes before searching here.
  const elsewhere = { label: "Voir mon stage hors Passerelle", to: "/eleve/stage-hors-plateforme" };
  const validated = external.filter((e) => e.status === "validated");
  if (validated.length > 0 && validated.flatMap((e) => e.weeks).length >= (me.class.grade === "seconde" ? 2 : 1)) {
    const hosts = validated.map((e) => e.host_name).join(" et ");
    return {
      key: "found_elsewhere",
      title: "Ton stage est trouvé",
      text: validated.every((e) => e.agreement_uploaded)
        ? `Ton établissement a validé ton stage chez ${hosts}, trouvé en dehors de Passerelle. Bon stage !`
        : `Ton établissement a validé ton stage chez ${hosts}, trouvé en dehors de Passerelle. Pense à lui rendre la convention signée.`,
      action: elsewhere,
    };
  }
  const declared = external.filter((e) => e.status === "declared");
  const busyHere = agreements.some((a) => a.status !== "cancelled") || applications.some((a) => a.status === "accepted" || a.status === "confirmed");
  if (declared.length > 0 && !busyHere) {
    return {
      key: "elsewhere_pending",
      title: "Attends la validation de ton stage",
      text: `Tu as déclaré ton stage chez ${declared.map((e) => e.host_name).join(" et ")} : ton établissement doit le vérifier puis le valider. Tu seras prévenu de sa réponse.`,
      action: elsewhere,
    };
  }
  // The school refused the declaration: the pupil hears it here (with the reason), until they
  // declare again (above) or move on to Passerelle's offers (an application sent since).
  const decidedAt = (e: External) => instant(e.decided_at ?? e.declared_at).getTime();
  const refused = external.filter((e) => e.status === "rejected").sort((a, b) => decidedAt(b) - decidedAt(a))[0];
  const refusal =
    refused && !busyHere && !applications.some((a) => instant(a.submitted_at).getTime() > decidedAt(refused))
      ? `Ton établissement n'a pas validé ton stage chez ${refused.host_name}${
          refused.rejection_reason?.trim() ? ` : ${refused.rejection_reason.trim().replace(/[.\s]+$/, "")}` : ""
        }. Tu peux le déclarer à nouveau en corrigeant ce qui manque`
      : null;
  const declaration = { label: "Voir ma déclaration", to: "/eleve/stage-hors-plateforme" };
  if (!me.can_search && me.blocked?.code === "CONSENT_REQUIRED") {
    const consent =
      "Tes parents (ou ton représentant légal) signent l'autorisation parentale et la rendent à ton professeur principal, qui l'enregistre. Ensuite, tu pourras chercher un stage et postuler.";
    // The consent stays the step to take first; a refusal is told in the same card.
    return refusal
      ? { key: "consent", title: "Demande l'autorisation de tes parents", text: `${refusal}. ${consent}`, action: declaration }
      : { key: "consent", title: "Demande l'autorisation de tes parents", text: consent };
  }
  if (refusal) {
    return {
      key: "elsewhere_rejected",
      title: "Revois ta déclaration de stage",
      text: `${refusal}${me.can_search ? ", ou chercher un stage sur Passerelle" : ""}.`,
      action: declaration,
    };
  }

  // An agreement (the latest one that is not cancelled) says more than the applications.
  const agreement = agreements.filter((a) => a.status !== "cancelled").sort((a, b) => (a.starts_on < b.starts_on ? 1 : -1))[0];
  const missingRepresentative = me.legal_representatives.length === 0;
  const profile = { label: "Indiquer mon représentant légal", to: "/eleve/profil" };
  if (agreement) {
    const link = (label: string) => ({ label, to: `/conventions/${agreement.id}` });
    const dates = `du ${formatDateFr(agreement.starts_on)} au ${formatDateFr(agreement.ends_on)}`;
    if (agreement.status === "signed") {
      if (agreement.ends_on < today) {
        return {
          key: "attestation",
          title: "Demande ton attestation de stage",
          text: "Ton stage est terminé : l'organisme qui t'a accueilli te délivre une attestation. Demande-la depuis ta convention, puis garde-la pour ton dossier.",
          action: link("Demander mon attestation"),
        };
      }
      if (agreement.starts_on <= today) {
        return {
          key: "during",
          title: "Bon stage !",
          text: `Ton stage chez ${agreement.organisation_name} a lieu ${dates}.`,
          action: link("Voir ma convention"),
        };
      }
      return {
        key: "ready",
        title: "Ta convention est signée",
        text: `Tout est prêt : ton stage chez ${agreement.organisation_name} a lieu ${dates}.`,
        action: link("Voir ma convention"),
      };
    }
    if (missingRepresentative) {
      return {
        key: "fill_representative",
        title: "Indique ton représentant légal",
        text: "Ta convention doit être signée par l'un de tes parents (ou ton représentant légal) : donne son nom et son e-mail ou son téléphone dans ton profil.",
        action: profile,
      };
    }
    if (agreement.status === "to_sign") {
      if (agreement.waiting_for.includes("pupil")) {
        return {
          key: "sign",
          title: "Signe ta convention de stage",
          text: `Relis-la puis signe-la en ligne. Ton stage : ${dates}.`,
          action: link("Signer ma convention"),
        };
      }
      if (agreement.waiting_for.some((p) => p === "legal_rep_1" || p === "legal_rep_2")) {
        return {
          key: "representative_signs",
          title: "Ton représentant légal doit signer",
          text: "Il a reçu un lien pour signer ta convention en ligne. Rappelle-le-lui s'il ne l'a pas encore fait.",
          action: link("Voir ma convention"),
        };
      }
      return {
        key: "wait_signatures",
        title: "Ta convention attend d'autres signatures",
        text: "L'organisme ou ton établissement doivent encore la signer : tu n'as rien à faire pour l'instant.",
        action: link("Voir ma convention"),
      };
    }
    return {
      key: "agreement_in_progress",
      title: "Ta convention est en préparation",
      text:
        agreement.status === "host_to_fill"
          ? "L'organisme qui t'accueille la remplit. Tu seras prévenu quand ce sera à toi de la signer."
          : "Ton établissement la remplit. Tu seras prévenu quand ce sera à toi de la signer.",
      action: link("Voir ma convention"),
    };
  }

  const accepted = applications.filter((a) => a.status === "accepted");
  if (accepted.length > 0) {
    const deadline = earliest(accepted);
    return {
      key: "confirm",
      title: accepted.length > 1 ? "Des organismes t'ont accepté : choisis ton stage" : "Confirme ton stage",
      text: `${accepted.length > 1 ? "Choisis l'un des stages et confirme-le" : `${accepted[0].organisation_name} t'accepte : confirme ce stage`}${
        deadline ? ` avant ${deadlineText(deadline, now)}` : ""
      }, sinon la place sera proposée à un autre élève.`,
      action: { label: "Confirmer mon stage", to: "/eleve/candidatures" },
      deadline,
    };
  }
  if (applications.some((a) => a.status === "confirmed")) {
    return missingRepresentative
      ? {
          key: "fill_representative",
          title: "Indique ton représentant légal",
          text: "Ton stage est confirmé. Pour la convention, donne le nom et l'e-mail ou le téléphone de l'un de tes parents (ou ton représentant légal) dans ton profil.",
          action: profile,
        }
      : {
          key: "agreement_in_progress",
          title: "Ta convention est en préparation",
          text: "Ton stage est confirmé : l'organisme et ton établissement préparent la convention. Tu seras prévenu quand ce sera à toi de la signer.",
        };
  }
  if (!me.can_search) {
    return { key: "not_open", title: "Pas encore de recherche de stage", text: blockedText(me.blocked?.code) };
  }
  const waiting = applications.filter((a) => a.status === "submitted" || a.status === "read");
  if (waiting.length > 0) {
    const deadline = earliest(waiting);
    return {
      key: "wait_answer",
      title: "Attends la réponse des organismes",
      text: `${plural(waiting.length, "candidature attend", "candidatures attendent")} une réponse${
        deadline ? ` ; ${waiting.length > 1 ? "la première" : "elle"} doit arriver au plus tard ${deadlineText(deadline, now)}` : ""
      }. En attendant, tu peux postuler à d'autres offres.`,
      action: { label: "Voir mes candidatures", to: "/eleve/candidatures" },
      deadline,
    };
  }
  if (cvIsEmpty(me.cv)) {
    return {
      key: "complete_cv",
      title: "Complète ton CV",
      text: "Avant de postuler, écris quelques lignes sur tes centres d'intérêt, tes qualités et tes activités : l'organisme les lira avec ta lettre.",
      action: { label: "Compléter mon CV", to: "/eleve/profil" },
    };
  }
  return {
    key: "search",
    title: "Cherche ton stage",
    text:
      applications.length > 0
        ? "Tu n'as plus de candidature en cours : cherche d'autres offres près de ton établissement et postule avec ton CV et une courte lettre."
        : "Ton autorisation parentale est enregistrée : cherche les offres près de ton établissement et postule avec ton CV et une courte lettre.",
    action: search,
  };
}

/** The stages of the whole journey, for the pupil's progress bar. */
export const phases = [
  "Mon établissement et ma classe",
  "L'autorisation de mes parents",
  "Ma recherche et mes candidatures",
  "La confirmation de mon stage",
  "Ma convention de stage",
  "Mon stage et mon attestation",
];

/** The stage (1 to 6) a step belongs to. */
export function phaseOf(key: StepKey): number {
  switch (key) {
    case "choose_class":
    case "join_pending":
      return 1;
    case "consent":
      return 2;
    case "not_open":
    case "elsewhere_rejected":
    case "complete_cv":
    case "search":
    case "wait_answer":
      return 3;
    case "confirm":
    case "elsewhere_pending":
      return 4;
    case "fill_representative":
    case "agreement_in_progress":
    case "sign":
    case "representative_signs":
    case "wait_signatures":
    case "found_elsewhere":
      return 5;
    default:
      return 6;
  }
}
