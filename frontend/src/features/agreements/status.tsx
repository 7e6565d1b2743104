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

export function AgreementStatusBadge({ a, small }: { a: Pick<AgreementSummary, "status" | "status_label">; small?: boolean }) {
  return (
    <Badge small={small} severity={agreementSeverity(a.status)} noIcon>
      {a.status_label}
    </Badge>
  );
}

/** One agreement in a list: who, where, its state, its dates and who is awaited. */
export function AgreementLine({ a }: { a: AgreementSummary }) {
  return (
    <>
      <Link to={`/conventions/${a.id}`}>
        {a.pupil_name} · {a.offer_title} ({a.organisation_name})
      </Link>{" "}
      <AgreementStatusBadge a={a} small />
      <br />
      <span className={fr.cx("fr-text--sm")}>
        Du {formatDateFr(a.starts_on)} au {formatDateFr(a.ends_on)}. {waitingText(a)}
      </span>
    </>
  );
}
