// Pupils joining their class: the class codes the school hands out (a pupil with the code joins at
// once) and the requests of pupils who chose their class without it (the staff accept or refuse).
import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { formatDateFr, instant } from "../../dates";
import { gradeLabels, plural } from "../../i18n";
import { currentSchoolYear } from "./calendar";
import { useAnswerJoinRequest, useClasses, useDashboard, useJoinRequests, useRenewJoinCode } from "./queries";

type SchoolClass = components["schemas"]["ClassResponse"];
type JoinRequest = components["schemas"]["ClassJoinRequest"];

const renewModal = createModal({ id: "nouveau-code-classe", isOpenedByDefault: false });
const refuseModal = createModal({ id: "refuser-demande-inscription", isOpenedByDefault: false });

/** "2 élèves demandent à rejoindre leur classe", for the follow-up's notice. */
export function joinRequestsText(waiting: number): string {
  return waiting > 1 ? `${plural(waiting, "élève", "élèves")} demandent à rejoindre leur classe` : "1 élève demande à rejoindre sa classe";
}

/** On the follow-up (the first page staff see): the requests waiting, with the way to them. */
export function JoinRequestsNotice({ uai }: { uai: string }) {
  const waiting = useJoinRequests(uai).data?.length ?? 0;
  if (waiting === 0) return null;
  return (
    <Alert
      severity="info"
      small
      className={fr.cx("fr-mb-3w")}
      description={
        <>
          {joinRequestsText(waiting)} sans son code : vérifiez {waiting > 1 ? "qu'ils en font" : "qu'il ou elle en fait"} bien partie.{" "}
          <Link to={`/etablissement/${uai}/eleves`}>Voir les demandes d'inscription</Link>
        </>
      }
    />
  );
}

/** A modal's opener gets the focus back when it closes. */
function useOpener(modal: typeof renewModal) {
  const openerRef = useRef<HTMLButtonElement | null>(null);
  const open = useIsModalOpen(modal, {
    onConceal: () => {
      if (openerRef.current?.isConnected) openerRef.current.focus();
    },
  });
  return { openerRef, open };
}

/** Each class with its code, and a new code on demand (the old one stops working). Teachers see
 *  the classes they follow (those of their follow-up); the principal sees them all. */
export function ClassCodes({ uai, onlyFollowed = false, heading = true }: { uai: string; onlyFollowed?: boolean; heading?: boolean }) {
  const year = currentSchoolYear();
  const { data: classes } = useClasses(uai, year);
  const dashboard = useDashboard(uai, year);
  const renew = useRenewJoinCode(uai);
  const [asked, setAsked] = useState<SchoolClass | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const { openerRef, open } = useOpener(renewModal);

  const followed = new Set((dashboard.data?.classes ?? []).map((c) => c.class_id));
  const shown = (classes ?? []).filter((c) => !onlyFollowed || followed.has(c.id));
  if (!classes || (onlyFollowed && !dashboard.data) || shown.length === 0) return null;

  function ask(c: SchoolClass, button: HTMLButtonElement) {
    openerRef.current = button;
    setAsked(c);
    renewModal.open();
  }

  async function confirm() {
    if (!asked) return;
    const c = asked;
    const { ok, data, error } = await attempt(renew.mutateAsync(c.id));
    renewModal.close();
    setNotice(
      ok
        ? { ok: true, text: `Nouveau code de la classe ${c.name} : ${data.join_code ?? ""}. L'ancien code ne fonctionne plus.` }
        : { ok: false, text: errorMessage(error) },
    );
  }

  return (
    <div className={fr.cx("fr-mb-4w")}>
      {heading && <h3 className={fr.cx("fr-h5")}>Codes de classe</h3>}
      <p className={fr.cx("fr-text--sm")}>
        Donnez à chaque élève le code de sa classe : en le saisissant dans son espace, il rejoint sa classe tout de suite. Sans code, vous validez sa demande.
      </p>
      <NoticeAlert notice={notice} />
      <ul className={fr.cx("fr-raw-list")}>
        {shown.map((c) => (
          <li key={c.id} className={fr.cx("fr-mb-2w")}>
            <strong>{c.name}</strong> ({gradeLabels[c.grade]}) · code{" "}
            <code className={fr.cx("fr-text--lg")} style={{ fontFamily: "monospace", letterSpacing: "0.1em" }}>
              {c.join_code ?? "—"}
            </code>{" "}
            <Button size="small" priority="tertiary" iconId="fr-icon-refresh-line" onClick={(e) => ask(c, e.currentTarget)}>
              Nouveau code<span className={fr.cx("fr-sr-only")}> pour la classe {c.name}</span>
            </Button>
          </li>
        ))}
      </ul>
      <renewModal.Component
        title="Donner un nouveau code à la classe ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Créer un nouveau code", doClosesModal: false, onClick: confirm, disabled: renew.isPending },
        ]}
      >
        <p>
          {asked && open ? `L'ancien code de la classe ${asked.name} (${asked.join_code ?? ""})` : "L'ancien code"} ne fonctionnera plus : les élèves qui ne
          l'ont pas encore saisi devront utiliser le nouveau, ou attendre que vous validiez leur demande. Les élèves déjà inscrits restent dans la classe.
        </p>
      </renewModal.Component>
    </div>
  );
}

/** The pupils who chose a class without its code, oldest first: accept or refuse each. */
export function JoinRequests({ uai }: { uai: string }) {
  const query = useJoinRequests(uai);
  const answer = useAnswerJoinRequest(uai);
  const [asked, setAsked] = useState<JoinRequest | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const { openerRef, open } = useOpener(refuseModal);
  const requests = query.data;

  async function decide(r: JoinRequest, decision: "approve" | "refuse") {
    const name = `${r.first_name} ${r.last_name}`;
    const { ok, error } = await attempt(answer.mutateAsync({ pupilId: r.user_id, decision }));
    setNotice(
      ok
        ? {
            ok: true,
            text:
              decision === "approve"
                ? `${name} a rejoint la classe ${r.class_name}.`
                : `La demande de ${name} est refusée : l'élève n'est plus rattaché(e) à la classe ${r.class_name}.`,
          }
        : { ok: false, text: errorMessage(error) },
    );
    // The answered request's row is gone: the focus goes to the message.
    openerRef.current = null;
    window.setTimeout(() => document.getElementById("demandes-message")?.focus(), 0);
  }

  function askRefusal(r: JoinRequest, button: HTMLButtonElement) {
    openerRef.current = button;
    setAsked(r);
    refuseModal.open();
  }

  async function confirmRefusal() {
    if (!asked) return;
    const r = asked;
    refuseModal.close();
    await decide(r, "refuse");
  }

  if (query.isError) return <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />;
  if (!requests) return null;
  return (
    <section aria-labelledby="demandes-inscription" className={fr.cx("fr-mb-4w")}>
      <h3 id="demandes-inscription" className={fr.cx("fr-h5")}>
        Demandes d'inscription{" "}
        {requests.length > 0 && (
          <Badge small noIcon severity="new">
            {plural(requests.length, "en attente", "en attente")}
          </Badge>
        )}
      </h3>
      <div id="demandes-message" tabIndex={-1} style={{ outline: "none" }}>
        <NoticeAlert notice={notice} />
      </div>
      {requests.length === 0 ? (
        <p>Aucune demande en attente. Les élèves qui choisissent leur classe sans son code apparaissent ici.</p>
      ) : (
        <>
          <p className={fr.cx("fr-text--sm")}>
            {requests.length > 1
              ? "Ces élèves ont choisi une de vos classes sans son code. Vérifiez qu'ils en font bien partie : tant que vous n'avez pas accepté, ils ne voient pas les offres réservées à l'établissement et ne figurent dans aucune liste."
              : "Cet élève a choisi une de vos classes sans son code. Vérifiez qu'il ou elle en fait bien partie : tant que vous n'avez pas accepté, l'élève ne voit pas les offres réservées à l'établissement et ne figure dans aucune liste."}
          </p>
          <ul className={fr.cx("fr-raw-list")} aria-label={plural(requests.length, "demande d'inscription", "demandes d'inscription")}>
            {requests.map((r) => {
              const name = `${r.first_name} ${r.last_name}`;
              return (
                <li key={r.user_id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
                  <p className={fr.cx("fr-mb-1v")}>
                    <strong>{name}</strong> · classe {r.class_name}
                  </p>
                  <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>
                    {r.contact ? `${r.contact} · ` : ""}demande du {formatDateFr(instant(r.requested_at), { timeZone: "Europe/Paris" })}
                  </p>
                  <p className={fr.cx("fr-mb-0")}>
                    <Button size="small" disabled={answer.isPending} onClick={() => void decide(r, "approve")}>
                      Accepter<span className={fr.cx("fr-sr-only")}> {name}</span>
                    </Button>{" "}
                    <Button size="small" priority="secondary" disabled={answer.isPending} onClick={(e) => askRefusal(r, e.currentTarget)}>
                      Refuser<span className={fr.cx("fr-sr-only")}> {name}</span>
                    </Button>
                  </p>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <refuseModal.Component
        title="Refuser cette demande ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Refuser la demande", doClosesModal: false, onClick: confirmRefusal, disabled: answer.isPending },
        ]}
      >
        <p>
          {asked && open ? `${asked.first_name} ${asked.last_name} ne sera rattaché(e) à aucune classe` : "L'élève ne sera rattaché(e) à aucune classe"} : il ou
          elle pourra choisir de nouveau sa classe, avec le code donné par son professeur ou par une nouvelle demande.
        </p>
      </refuseModal.Component>
    </section>
  );
}
