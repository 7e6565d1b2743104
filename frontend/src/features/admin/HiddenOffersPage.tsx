import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { useRef, useState } from "react";
import { Link } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { de, plural } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import { parisDateTime } from "./auditLabels";
import { useHiddenOffers, useRestoreOffer } from "./queries";

type HiddenOffer = components["schemas"]["HiddenOffer"];

const restoreModal = createModal({ id: "retablir-offre", isOpenedByDefault: false });

/** The offers the moderators hid, each one restorable after a confirmation. */
export function HiddenOffersPage() {
  const query = useHiddenOffers();
  const offers = query.data?.items;
  const total = query.data?.total ?? 0;
  const restore = useRestoreOffer();
  const [asked, setAsked] = useState<HiddenOffer | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  // The button that opened the modal gets the focus back when it closes without restoring.
  const opener = useRef<HTMLButtonElement | null>(null);
  const open = useIsModalOpen(restoreModal, {
    onConceal: () => {
      if (opener.current?.isConnected) opener.current.focus();
    },
  });

  function ask(o: HiddenOffer, button: HTMLButtonElement) {
    opener.current = button;
    setAsked(o);
    restoreModal.open();
  }

  async function confirm() {
    if (!asked) return;
    const o = asked;
    const { ok, error } = await attempt(restore.mutateAsync(o.offer_id));
    restoreModal.close();
    setNotice(
      ok
        ? { ok: true, text: `L'offre « ${o.title} » (${o.organisation_name}) est de nouveau visible des élèves dans la recherche.` }
        : { ok: false, text: errorMessage(error) },
    );
    // The restored offer's row is gone: the focus goes to the message.
    if (ok) opener.current = null;
    window.setTimeout(() => document.getElementById("offres-masquees-message")?.focus(), 0);
  }

  return (
    <AdminLayout
      title="Offres masquées"
      lead="Les offres masquées par la modération n'apparaissent plus dans la recherche. Une offre masquée par erreur, ou corrigée depuis par son organisme, peut être rétablie."
    >
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-right-line", "fr-link--icon-right")} to="/admin/moderation">
          Signalements en attente de décision
        </Link>
      </p>
      <div id="offres-masquees-message" tabIndex={-1} style={{ outline: "none" }}>
        <NoticeAlert notice={notice} />
      </div>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!offers ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : offers.length === 0 ? (
        <p>Aucune offre masquée.</p>
      ) : (
        <>
          <p>
            {plural(total, "offre masquée", "offres masquées")}, la plus récente en premier
            {total > offers.length ? ` (les ${offers.length} plus récentes ici)` : ""}.
          </p>
          <ul className={fr.cx("fr-raw-list")}>
            {offers.map((o) => (
              <li key={o.offer_id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
                <h2 className={fr.cx("fr-h6", "fr-mb-1w")}>
                  <Link to={`/offres/${o.offer_id}`}>{o.title}</Link>
                </h2>
                <p className={fr.cx("fr-mb-1w")}>
                  {o.organisation_name} · {o.city}
                </p>
                <p className={fr.cx("fr-mb-1w", "fr-text--sm")}>
                  {o.hidden_at ? `Masquée le ${parisDateTime(o.hidden_at)}` : "Masquée"}
                  {o.decision_note ? (
                    <>
                      <br />
                      Message à l'organisme : « {o.decision_note} »
                    </>
                  ) : null}
                </p>
                <Button priority="secondary" size="small" iconId="fr-icon-eye-line" onClick={(e) => ask(o, e.currentTarget)}>
                  Rétablir<span className={fr.cx("fr-sr-only")}> l'offre « {o.title} »</span>
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <restoreModal.Component
        title="Rétablir cette offre ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Rétablir l'offre", doClosesModal: false, onClick: confirm, disabled: restore.isPending },
        ]}
      >
        {asked && open ? (
          <p>
            L'offre « {asked.title} » {de(asked.organisation_name)} ({asked.city}) réapparaîtra dans la recherche des élèves. S'il s'agit d'une offre
            d'association partenaire, l'association est prévenue.
          </p>
        ) : (
          <p>L'offre réapparaîtra dans la recherche des élèves.</p>
        )}
      </restoreModal.Component>
    </AdminLayout>
  );
}
