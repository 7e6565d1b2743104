import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { errorMessage } from "../../api/client";
import { attempt } from "../../api/query";
import { type Notice } from "../../components";
import { formatDateFr } from "../../dates";
import { useAnswerInvitation, useMyInvitations, type Invitation } from "./queries";

/** The invitations waiting for the signed-in person, at the top of the host's home: one joins
 *  an organisation only by accepting. The outcome goes to `onNotice` (the page outlives this
 *  panel: accepting the first organisation changes the page); `onAccepted` shows the one joined. */
export function InvitationsPanel({ onNotice, onAccepted }: { onNotice: (n: Notice) => void; onAccepted?: (orgId: string) => void }) {
  const invitations = useMyInvitations().data ?? [];
  const answer = useAnswerInvitation();
  const setNotice = onNotice;

  async function run(inv: Invitation, accept: boolean) {
    const { ok, error } = await attempt(answer.mutateAsync({ invitationId: inv.id, accept }));
    if (!ok) return setNotice({ ok: false, text: errorMessage(error) });
    setNotice({
      ok: true,
      text: accept
        ? `Vous avez rejoint « ${inv.organisation_name} » : ses offres et ses candidatures sont maintenant dans votre espace.`
        : "Invitation refusée.",
    });
    if (accept) onAccepted?.(inv.organisation_id);
  }

  if (invitations.length === 0) return null;
  return (
    <section aria-labelledby="invitations" className={fr.cx("fr-callout", "fr-mb-4w")}>
      <h2 id="invitations" className={fr.cx("fr-callout__title", "fr-h4")}>
        {invitations.length > 1 ? "Des invitations vous attendent" : "Une invitation vous attend"}
      </h2>
      <ul className={fr.cx("fr-raw-list")}>
        {invitations.map((inv) => (
          <li key={inv.id} className={fr.cx("fr-mb-2w")}>
            <p className={fr.cx("fr-mb-1w")}>
              <strong>{inv.invited_by}</strong> vous invite à rejoindre l'équipe de <strong>{inv.organisation_name}</strong> ({inv.city}), le{" "}
              {formatDateFr(inv.created_at)}. Vous ne rejoignez l'organisme qu'en acceptant.
            </p>
            <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
              <li>
                <Button onClick={() => run(inv, true)} disabled={answer.isPending}>
                  Accepter<span className={fr.cx("fr-sr-only")}> l'invitation de « {inv.organisation_name} »</span>
                </Button>
              </li>
              <li>
                <Button priority="secondary" onClick={() => run(inv, false)} disabled={answer.isPending}>
                  Refuser<span className={fr.cx("fr-sr-only")}> l'invitation de « {inv.organisation_name} »</span>
                </Button>
              </li>
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
