import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { attempt } from "../../api/query";
import { DataTable } from "../../components/DataTable";
import { formatNumber, plural } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import { DirectorySearch, useDirectorySearch } from "./DirectorySearch";
import { DirectoryStatus, MergePanel, RowActions, useDirectoryTask } from "./DirectoryTask";
import { canMergeSchool, schoolMerged, schoolMergeWarning, schoolStatus, schoolTargets, type AdminSchool } from "./duplicates";
import { useAdminSchools, useMergeSchool } from "./queries";
import { SchoolCorrection } from "./SchoolCorrection";

const mergeModal = createModal({ id: "regroupement-etablissements", isOpenedByDefault: false });
const NOTICE_ID = "etablissements-message";

/** Admins find a school by UAI, name or commune, correct its directory row, or regroup a school
 *  registered twice into the one kept. The search lives in the address (?q=…). */
export function SchoolsAdminPage() {
  const search = useDirectorySearch();
  const query = useAdminSchools(search.q);
  const found = query.data;
  const task = useDirectoryTask<AdminSchool>(NOTICE_ID);

  return (
    <AdminLayout
      title="Établissements scolaires"
      lead="Retrouvez un établissement, corrigez sa fiche de l'annuaire ou regroupez un établissement inscrit deux fois (sous son ancien et son nouvel UAI, par exemple). Chaque action est enregistrée au journal."
    >
      <DirectorySearch search={search} label="Rechercher un établissement" hint="Son UAI, une partie de son nom ou sa commune." onSearch={task.clearNotice} />
      <DirectoryStatus
        noticeId={NOTICE_ID}
        notice={task.notice}
        q={search.q}
        found={found}
        failure={query.isError ? query.error : null}
        nouns={["établissement", "établissement trouvé", "établissements trouvés"]}
      />
      {found && found.length > 0 && (
        <>
          <p className={fr.cx("fr-text--sm")}>Seul un établissement inscrit sur Passerelle peut être regroupé avec un autre.</p>
          <DataTable
            caption={`Établissements correspondant à « ${search.q} »`}
            headers={["Établissement", "Actions", "Commune", "Inscrit", "Personnels", "Élèves", "Suivi"]}
            rows={found.map((s) => [
              <span key="name" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "10rem" }}>
                {s.name}
                <br />
                <span className={fr.cx("fr-text--xs")}>
                  UAI {s.uai}
                  {task.duplicate?.uai === s.uai ? " · doublon choisi" : ""}
                </span>
              </span>,
              <RowActions
                key="actions"
                correct={
                  <>
                    Corriger
                    <span className={fr.cx("fr-sr-only")}>
                      {" "}
                      {s.name} ({s.uai})
                    </span>
                  </>
                }
                merge={
                  canMergeSchool(s) ? (
                    <>
                      Regrouper
                      <span className={fr.cx("fr-sr-only")}>
                        {" "}
                        {s.name} ({s.uai}) avec un autre établissement
                      </span>
                    </>
                  ) : null
                }
                onCorrect={(button) => task.edit(s, button)}
                onMerge={(button) => task.chooseDuplicate(s, button)}
              />,
              `${s.commune_name} (${s.postal_code})`,
              s.registered ? (
                <Badge key="reg" severity="success" small noIcon>
                  Inscrit
                </Badge>
              ) : (
                "Non inscrit"
              ),
              formatNumber(s.staff),
              formatNumber(s.pupils),
              schoolStatus(s).length ? (
                <span key="status" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "8rem" }}>
                  {schoolStatus(s).join(" · ")}
                </span>
              ) : (
                "—"
              ),
            ])}
          />
        </>
      )}
      {task.editing && <SchoolCorrection key={task.editing.uai} school={task.editing} onDone={task.done} onCancel={task.cancel} />}
      {task.duplicate && <MergeSchool key={task.duplicate.uai} duplicate={task.duplicate} found={found ?? []} onDone={task.done} onCancel={task.cancel} />}
    </AdminLayout>
  );
}

/** The registered duplicate chosen, the school kept picked among the results, then a
 *  confirmation that says what moves and that the old UAI can no longer be registered. */
function MergeSchool({
  duplicate,
  found,
  onDone,
  onCancel,
}: {
  duplicate: AdminSchool;
  found: AdminSchool[];
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const merge = useMergeSchool();
  return (
    <MergePanel
      modal={mergeModal}
      headingId="fusionner-etablissement"
      heading={`Regrouper ${duplicate.name} (${duplicate.uai})`}
      intro={`${duplicate.name} (${duplicate.uai}) est le doublon : tout ce qu'il contient passera à l'établissement conservé et son UAI ne pourra plus être inscrit. Choisissez l'établissement à conserver parmi les résultats de la recherche ; s'il n'y figure pas, lancez une autre recherche, le doublon reste choisi.`}
      candidates={schoolTargets(duplicate, found)}
      keyOf={(s) => s.uai}
      option={(s) => ({
        label: `${s.name} (${s.uai})`,
        hintText: `${s.commune_name} · ${s.registered ? "inscrit" : "non inscrit"} · ${plural(s.staff, "personnel", "personnels")} · ${plural(s.pupils, "élève", "élèves")}`,
      })}
      texts={{
        legend: "Établissement à conserver",
        name: "etablissement-conserve",
        choose: "Choisissez l'établissement à conserver.",
        none: "Aucun autre établissement dans les résultats : recherchez l'autre fiche ci-dessus.",
        action: "Regrouper",
        title: "Regrouper ces deux établissements ?",
        confirm: "Regrouper définitivement",
        fallback: "Tout passera à l'établissement conservé.",
      }}
      warning={(kept) => (
        <>
          <p>{schoolMergeWarning(duplicate, kept)}</p>
          <p>L'UAI {duplicate.uai} ne pourra plus être inscrit sur Passerelle.</p>
          <p>
            <strong>Ce regroupement est définitif : il ne peut pas être annulé.</strong>
          </p>
        </>
      )}
      pending={merge.isPending}
      merge={async (kept) => {
        const outcome = await attempt(merge.mutateAsync({ uai: duplicate.uai, into: kept.uai }));
        return outcome.ok ? { ok: true, data: schoolMerged(duplicate, outcome.data) } : outcome;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
