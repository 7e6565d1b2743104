// An agreement's state as every space shows it (the pupil's, the host's, the school's): its badge,
// who is awaited, and the one-line summary that links to it.
import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Link } from "react-router-dom";
import type { components } from "../../api/client";
import { formatDateFr } from "../../dates";
import { listFr } from "../../i18n";

type AgreementSummary = components["schemas"]["AgreementSummary"];
type AgreementStatus = components["schemas"]["AgreementStatus"];
type Party = components["schemas"]["AgreementParty"];

export const partyLabels: Record<Party, string> = {
  host: "l'organisme d'accueil",
  school: "l'établissement",
  pupil: "l'élève",
  legal_rep_1: "le représentant légal",
  legal_rep_2: "le second représentant légal",
};

/** The states' words, as the server writes them in `status_label` (for answers that carry only
 *  the state, such as the host's confirmed placements). */
export const agreementStatusLabels: Record<AgreementStatus, string> = {
  host_to_fill: "À remplir par l'organisme d'accueil",
  school_to_fill: "À remplir par l'établissement",
  to_sign: "En signature",
  signed: "Signée",
  cancelled: "Annulée",
};

/** For the host, from the state alone: what happens next, in a sentence. */
export const hostAgreementText: Record<AgreementStatus, string> = {
  host_to_fill: "À vous : remplissez la partie de l'organisme (représentant, tuteur, horaires, activités).",
  school_to_fill: "L'établissement remplit sa partie ; vous signerez ensuite.",
  to_sign: "En signature : chaque partie signe en ligne, vous aussi si ce n'est pas fait.",
  signed: "Signée par toutes les parties.",
  cancelled: "Annulée.",
};

/** The badge's colour; the badge always says the state in words too. */
export const agreementSeverity = (s: AgreementStatus) => (s === "signed" ? "success" : s === "cancelled" ? "error" : s === "to_sign" ? "info" : "warning");

/** "Reste à signer : l'élève et l'un des représentants légaux.", "À remplir par l'établissement." */
export function waitingText(a: AgreementSummary) {
  if (a.status === "signed") return "Signée par toutes les parties.";
  if (a.status === "cancelled") return "Annulée.";
  if (a.waiting_for.length === 0) return "";
  // Either legal representative may sign: two awaited read as "l'un des représentants légaux".
  const both = a.waiting_for.includes("legal_rep_1") && a.waiting_for.includes("legal_rep_2");
  const parties = both
    ? [...a.waiting_for.filter((p) => p !== "legal_rep_1" && p !== "legal_rep_2"), "l'un des représentants légaux"]
    : a.waiting_for.map((p) => partyLabels[p]);
  const who = listFr(parties.map((p) => (p in partyLabels ? partyLabels[p as Party] : p)));
  return a.status === "to_sign" ? `Reste à signer : ${who}.` : `À remplir par ${who}.`;
}

/** The party a person acts as on an agreement: the host's members, the pupil, the school's
 *  signers (the principal or a delegate). Others only follow. */
export type ActingParty = "host" | "school" | "pupil";

/** When it is the viewer's turn, what to do, in a sentence ("À vous : …"); null when they wait.
 *  The pupil is addressed with "tu", adults with "vous". */
export function yourTurnText(a: Pick<AgreementSummary, "status" | "waiting_for">, party: ActingParty | null | undefined): string | null {
  if (!party || !a.waiting_for.includes(party)) return null;
  if (a.status === "host_to_fill" && party === "host") return "À vous : remplissez la partie de l'organisme (représentant, tuteur, horaires, activités).";
  if (a.status === "school_to_fill" && party === "school") return "À vous : remplissez la partie de l'établissement (enseignant qui suit l'élève, assurance).";
  if (a.status === "to_sign") return party === "pupil" ? "À toi : relis la convention puis signe-la." : "À vous : relisez la convention puis signez-la.";
  return null;
}

/** Who else is awaited once the viewer has acted: "Reste aussi à signer : l'élève." ("" when
 *  nobody else, or when the viewer's turn is to fill a part: the others come after). */
export function othersText(a: AgreementSummary, party: ActingParty | null | undefined): string {
  if (!yourTurnText(a, party)) return waitingText(a);
  if (a.status !== "to_sign") return "";
  return waitingText({ ...a, waiting_for: a.waiting_for.filter((p) => p !== party) }).replace("Reste à signer", "Reste aussi à signer");
}

export function AgreementStatusBadge({ a, small }: { a: Pick<AgreementSummary, "status" | "status_label">; small?: boolean }) {
  return (
    <Badge small={small} severity={agreementSeverity(a.status)} noIcon>
      {a.status_label}
    </Badge>
  );
}

/** One agreement in a list: who, where, its state, its dates and who is awaited; when `party`
 *  must act, that comes first, in bold. */
export function AgreementLine({ a, party }: { a: AgreementSummary; party?: ActingParty | null }) {
  const turn = yourTurnText(a, party);
  return (
    <>
      <Link to={`/conventions/${a.id}`}>
        {a.pupil_name} · {a.offer_title} ({a.organisation_name})
      </Link>{" "}
      <AgreementStatusBadge a={a} small />
      <br />
      {turn ? (
        <>
          <strong className={fr.cx("fr-text--sm")}>{turn}</strong>
          <br />
        </>
      ) : null}
      <span className={fr.cx("fr-text--sm")}>
        Du {formatDateFr(a.starts_on)} au {formatDateFr(a.ends_on)}. {othersText(a, party)}
      </span>
    </>
  );
}
