import { fr } from "@codegouvfr/react-dsfr";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { attempt } from "../../api/query";
import { DataTable } from "../../components/DataTable";
import { formatNumber, plural } from "../../i18n";
import { kindLabels } from "../offers/labels";
import { AdminLayout } from "./AdminLayout";
import { DirectorySearch, useDirectorySearch } from "./DirectorySearch";
import { DirectoryStatus, MergePanel, RowActions, useDirectoryTask } from "./DirectoryTask";
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
  const task = useDirectoryTask<AdminOrganisation>(NOTICE_ID);

  return (
    <AdminLayout
      title="Organismes d'accueil"
      lead="Retrouvez un organisme, corrigez ce que ses membres ont saisi ou fusionnez deux fiches du même organisme. Chaque action est enregistrée au journal."
    >
      <DirectorySearch
        search={search}
        label="Rechercher un organisme"
        hint="Une partie du nom ou de la commune, ou le SIRET (3 chiffres au moins)."
        onSearch={task.clearNotice}
      />
      <DirectoryStatus
        noticeId={NOTICE_ID}
        notice={task.notice}
        q={search.q}
        found={found}
        failure={query.isError ? query.error : null}
        nouns={["organisme", "organisme trouvé", "organismes trouvés"]}
      />
      {found && found.length > 0 && (
        <DataTable
          caption={`Organismes correspondant à « ${search.q} »`}
          headers={["Organisme", "Actions", "SIRET", "Commune", "Membres", "Offres"]}
          rows={found.map((o) => [
            <span key="name" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "10rem" }}>
              {o.name}
              <br />
              <span className={fr.cx("fr-text--xs")}>
                {kindLabels[o.kind]}, {o.is_public ? "public" : "privé"}
                {task.duplicate?.id === o.id ? " · doublon choisi" : ""}
              </span>
            </span>,
            <RowActions
              key="actions"
              correct={
                <>
                  Corriger<span className={fr.cx("fr-sr-only")}> « {o.name} »</span>
                </>
              }
              merge={
                <>
                  Fusionner<span className={fr.cx("fr-sr-only")}> « {o.name} » avec un autre organisme</span>
                </>
              }
              onCorrect={(button) => task.edit(o, button)}
              onMerge={(button) => task.chooseDuplicate(o, button)}
            />,
            formatSiret(o.siret),
            `${o.city} (${o.postal_code})`,
            formatNumber(o.members),
            formatNumber(o.offers),
          ])}
        />
      )}
      {task.editing && <OrganisationCorrection key={task.editing.id} org={task.editing} onDone={task.done} onCancel={task.cancel} />}
      {task.duplicate && <MergeOrganisation key={task.duplicate.id} duplicate={task.duplicate} found={found ?? []} onDone={task.done} onCancel={task.cancel} />}
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
  return (
    <MergePanel
      modal={mergeModal}
      headingId="fusionner-organisme"
      heading={`Fusionner le doublon « ${duplicate.name} »`}
      intro={`« ${duplicate.name} » (SIRET ${formatSiret(duplicate.siret)}, ${duplicate.city}) est le doublon : après la fusion, il n'existera plus. Choisissez l'organisme à conserver parmi les résultats de la recherche ; s'il n'y figure pas, lancez une autre recherche, le doublon reste choisi.`}
      candidates={found.filter((o) => o.id !== duplicate.id)}
      keyOf={(o) => o.id}
      option={(o) => ({
        label: o.name,
        hintText: `SIRET ${formatSiret(o.siret)}, ${o.city} · ${plural(o.members, "membre", "membres")} · ${plural(o.offers, "offre", "offres")}`,
      })}
      texts={{
        legend: "Organisme à conserver",
        name: "organisme-conserve",
        choose: "Choisissez l'organisme à conserver.",
        none: "Aucun autre organisme dans les résultats : recherchez l'autre fiche ci-dessus.",
        action: "Fusionner",
        title: "Fusionner ces deux organismes ?",
        confirm: "Fusionner définitivement",
        fallback: "Le doublon sera supprimé et tout passera à l'organisme conservé.",
      }}
      warning={(kept) => (
        <>
          <p>
            « {duplicate.name} » (SIRET {formatSiret(duplicate.siret)}, {duplicate.city}) sera supprimé.
          </p>
          <p>{organisationMergeWarning(duplicate, kept)}</p>
          <p>
            <strong>Cette fusion est définitive : elle ne peut pas être annulée.</strong>
          </p>
        </>
      )}
      pending={merge.isPending}
      merge={async (kept) => {
        const outcome = await attempt(merge.mutateAsync({ orgId: duplicate.id, into: kept.id }));
        return outcome.ok ? { ok: true, data: organisationMerged(duplicate.name, outcome.data) } : outcome;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
