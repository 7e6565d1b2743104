import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useEffect, useRef, useState } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, type Notice } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatNumber, plural } from "../../i18n";
import { kindLabels } from "../offers/labels";
import { AdminLayout } from "./AdminLayout";
import { DirectorySearch, focusNotice, panelStyle, useDirectorySearch } from "./DirectorySearch";
import { formatSiret, organisationMerged, organisationMergeWarning, type AdminOrganisation } from "./duplicates";
import { OrganisationCorrection } from "./OrganisationCorrection";
import { useAdminOrganisations, useMergeOrganisation } from "./queries";

const mergeModal = createModal({ id: "fusion-organismes", isOpenedByDefault: false });
const NOTICE_ID = "organismes-message";

/** Admins find an organisation by name, town or SIRET, correct it, or merge a duplicate into the
 *  organisation kept (members, offers and agreements move; the duplicate is deleted). The search
 *  lives in the address (?q=…). */
export function OrganisationsAdminPage() {
  const search = useDirectorySearch();
  const query = useAdminOrganisations(search.q);
  const found = query.data;
  const [notice, setNotice] = useState<Notice>(null);
  const [editing, setEditing] = useState<AdminOrganisation | null>(null);
  const [duplicate, setDuplicate] = useState<AdminOrganisation | null>(null);

  // Cancelling a form gives the focus back to the button that opened it.
  const opener = useRef<HTMLButtonElement | null>(null);
  function cancel(close: (v: null) => void) {
    close(null);
    window.setTimeout(() => opener.current?.focus(), 0);
  }

  function done(text: string) {
    setEditing(null);
    setDuplicate(null);
    setNotice({ ok: true, text });
    focusNotice(NOTICE_ID);
  }

  return (
    <AdminLayout
      title="Organismes d'accueil"
      lead="Retrouvez un organisme, corrigez ce que ses membres ont saisi ou fusionnez deux fiches du même organisme. Chaque action est enregistrée au journal."
    >
      <DirectorySearch
        search={search}
        label="Rechercher un organisme"
        hint="Une partie du nom ou de la commune, ou le SIRET (3 chiffres au moins)."
        onSearch={() => setNotice(null)}
      />
      <div id={NOTICE_ID} tabIndex={-1} style={{ outline: "none" }}>
        <NoticeAlert notice={notice} />
      </div>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {search.q && !found && !query.isError && <p aria-busy="true">Recherche en cours…</p>}
      {found && (
        <>
          <p role="status">
            {found.length === 0
              ? `Aucun organisme ne correspond à « ${search.q} ».`
              : `${plural(found.length, "organisme trouvé", "organismes trouvés")}${found.length >= 50 ? " (les 50 premiers : précisez la recherche)" : ""}.`}
          </p>
          {found.length > 0 && (
            <DataTable
              caption={`Organismes correspondant à « ${search.q} »`}
              // The actions next to the name: on a phone the table scrolls sideways, they stay in view.
              headers={["Organisme", "Actions", "SIRET", "Commune", "Membres", "Offres"]}
              rows={found.map((o) => [
                <span key="name" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "10rem" }}>
                  {o.name}
                  <br />
                  <span className={fr.cx("fr-text--xs")}>
                    {kindLabels[o.kind]}, {o.is_public ? "public" : "privé"}
                    {duplicate?.id === o.id ? " · doublon choisi" : ""}
                  </span>
                </span>,
                // The buttons' hidden words are placed within the scrolling table, not beyond the screen.
                <ul key="actions" className={fr.cx("fr-btns-group", "fr-btns-group--sm", "fr-btns-group--inline")} style={{ position: "relative" }}>
                  <li>
                    <Button
                      priority="secondary"
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        setDuplicate(null);
                        setEditing(o);
                      }}
                    >
                      Corriger<span className={fr.cx("fr-sr-only")}> « {o.name} »</span>
                    </Button>
                  </li>
                  <li>
                    <Button
                      priority="tertiary"
                      onClick={(e) => {
                        opener.current = e.currentTarget;
                        setEditing(null);
                        setDuplicate(o);
                      }}
                    >
                      Fusionner<span className={fr.cx("fr-sr-only")}> « {o.name} » avec un autre organisme</span>
                    </Button>
                  </li>
                </ul>,
                formatSiret(o.siret),
                `${o.city} (${o.postal_code})`,
                formatNumber(o.members),
                formatNumber(o.offers),
              ])}
            />
          )}
        </>
      )}
      {editing && <OrganisationCorrection key={editing.id} org={editing} onDone={done} onCancel={() => cancel(setEditing)} />}
      {duplicate && <MergeOrganisation key={duplicate.id} duplicate={duplicate} found={found ?? []} onDone={done} onCancel={() => cancel(setDuplicate)} />}
    </AdminLayout>
  );
}

/** The duplicate chosen, the organisation to keep picked among the search's results, then a
 *  confirmation that says what moves and that the duplicate disappears for good. */
function MergeOrganisation({
  duplicate,
  found,
  onDone,
  onCancel,
}: {
  duplicate: AdminOrganisation;
  found: AdminOrganisation[];
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const merge = useMergeOrganisation();
  const candidates = found.filter((o) => o.id !== duplicate.id);
  const [keptId, setKeptId] = useState("");
  const kept = candidates.find((o) => o.id === keptId);
  const [error, setError] = useState<string>();
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  useEffect(() => heading.current?.focus(), []);
  const open = useIsModalOpen(mergeModal, {
    onConceal: () => {
      if (opener.current?.isConnected) opener.current.focus();
    },
  });

  function ask(button: HTMLButtonElement) {
    if (!kept) return setError("Choisissez l'organisme à conserver.");
    setError(undefined);
    setFailure(null);
    opener.current = button;
    mergeModal.open();
  }

  async function confirm() {
    if (!kept) return;
    const { ok, data, error: err } = await attempt(merge.mutateAsync({ orgId: duplicate.id, into: kept.id }));
    mergeModal.close();
    if (ok) {
      opener.current = null;
      onDone(organisationMerged(duplicate.name, data));
    } else {
      setError(fieldErrors(err).into);
      setFailure(errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="fusionner-organisme" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={panelStyle}>
      <h2 id="fusionner-organisme" ref={heading} tabIndex={-1} className={fr.cx("fr-h4")}>
        Fusionner le doublon « {duplicate.name} »
      </h2>
      <p>
        « {duplicate.name} » (SIRET {formatSiret(duplicate.siret)}, {duplicate.city}) est le doublon : après la fusion, il n'existera plus. Choisissez
        l'organisme à conserver parmi les résultats de la recherche ; s'il n'y figure pas, lancez une autre recherche, le doublon reste choisi.
      </p>
      <NoticeAlert notice={failure ? { ok: false, text: failure } : null} />
      {candidates.length === 0 ? (
        <Alert
          severity="info"
          small
          description="Aucun autre organisme dans les résultats : recherchez l'autre fiche ci-dessus."
          className={fr.cx("fr-mb-2w")}
        />
      ) : (
        <RadioButtons
          legend="Organisme à conserver"
          name="organisme-conserve"
          state={error ? "error" : "default"}
          stateRelatedMessage={error}
          options={candidates.map((o) => ({
            label: o.name,
            hintText: `SIRET ${formatSiret(o.siret)}, ${o.city} · ${plural(o.members, "membre", "membres")} · ${plural(o.offers, "offre", "offres")}`,
            nativeInputProps: { value: o.id, checked: keptId === o.id, onChange: () => setKeptId(o.id) },
          }))}
        />
      )}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm")}>
        <li>
          <Button onClick={(e) => ask(e.currentTarget)} disabled={candidates.length === 0}>
            Fusionner…
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
      <mergeModal.Component
        title="Fusionner ces deux organismes ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Fusionner définitivement", doClosesModal: false, onClick: confirm, disabled: merge.isPending },
        ]}
      >
        {kept && open ? (
          <>
            <p>
              « {duplicate.name} » (SIRET {formatSiret(duplicate.siret)}, {duplicate.city}) sera supprimé.
            </p>
            <p>{organisationMergeWarning(duplicate, kept)}</p>
            <p>
              <strong>Cette fusion est définitive : elle ne peut pas être annulée.</strong>
            </p>
          </>
        ) : (
          <p>Le doublon sera supprimé et tout passera à l'organisme conservé.</p>
        )}
      </mergeModal.Component>
    </section>
  );
}
