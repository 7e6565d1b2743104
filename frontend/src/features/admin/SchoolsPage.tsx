import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
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
import { AdminLayout } from "./AdminLayout";
import { DirectorySearch, focusNotice, panelStyle, useDirectorySearch } from "./DirectorySearch";
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
  const [notice, setNotice] = useState<Notice>(null);
  const [editing, setEditing] = useState<AdminSchool | null>(null);
  const [duplicate, setDuplicate] = useState<AdminSchool | null>(null);

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
      title="Établissements scolaires"
      lead="Retrouvez un établissement, corrigez sa fiche de l'annuaire ou regroupez un établissement inscrit deux fois (sous son ancien et son nouvel UAI, par exemple). Chaque action est enregistrée au journal."
    >
      <DirectorySearch
        search={search}
        label="Rechercher un établissement"
        hint="Son UAI, une partie de son nom ou sa commune."
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
              ? `Aucun établissement ne correspond à « ${search.q} ».`
              : `${plural(found.length, "établissement trouvé", "établissements trouvés")}${found.length >= 50 ? " (les 50 premiers : précisez la recherche)" : ""}.`}
          </p>
          {found.length > 0 && (
            <>
              <p className={fr.cx("fr-text--sm")}>Seul un établissement inscrit sur Passerelle peut être regroupé avec un autre.</p>
              <DataTable
                caption={`Établissements correspondant à « ${search.q} »`}
                // The actions next to the name: on a phone the table scrolls sideways, they stay in view.
                headers={["Établissement", "Actions", "Commune", "Inscrit", "Personnels", "Élèves", "Suivi"]}
                rows={found.map((s) => [
                  <span key="name" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "10rem" }}>
                    {s.name}
                    <br />
                    <span className={fr.cx("fr-text--xs")}>
                      UAI {s.uai}
                      {duplicate?.uai === s.uai ? " · doublon choisi" : ""}
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
                          setEditing(s);
                        }}
                      >
                        Corriger
                        <span className={fr.cx("fr-sr-only")}>
                          {" "}
                          {s.name} ({s.uai})
                        </span>
                      </Button>
                    </li>
                    {canMergeSchool(s) && (
                      <li>
                        <Button
                          priority="tertiary"
                          onClick={(e) => {
                            opener.current = e.currentTarget;
                            setEditing(null);
                            setDuplicate(s);
                          }}
                        >
                          Regrouper
                          <span className={fr.cx("fr-sr-only")}>
                            {" "}
                            {s.name} ({s.uai}) avec un autre établissement
                          </span>
                        </Button>
                      </li>
                    )}
                  </ul>,
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
        </>
      )}
      {editing && <SchoolCorrection key={editing.uai} school={editing} onDone={done} onCancel={() => cancel(setEditing)} />}
      {duplicate && <MergeSchool key={duplicate.uai} duplicate={duplicate} found={found ?? []} onDone={done} onCancel={() => cancel(setDuplicate)} />}
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
  const candidates = schoolTargets(duplicate, found);
  const [keptUai, setKeptUai] = useState("");
  const kept = candidates.find((s) => s.uai === keptUai);
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
    if (!kept) return setError("Choisissez l'établissement à conserver.");
    setError(undefined);
    setFailure(null);
    opener.current = button;
    mergeModal.open();
  }

  async function confirm() {
    if (!kept) return;
    const { ok, data, error: err } = await attempt(merge.mutateAsync({ uai: duplicate.uai, into: kept.uai }));
    mergeModal.close();
    if (ok) {
      opener.current = null;
      onDone(schoolMerged(duplicate, data));
    } else {
      setError(fieldErrors(err).into);
      setFailure(errorMessage(err));
    }
  }

  return (
    <section aria-labelledby="fusionner-etablissement" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={panelStyle}>
      <h2 id="fusionner-etablissement" ref={heading} tabIndex={-1} className={fr.cx("fr-h4")}>
        Regrouper {duplicate.name} ({duplicate.uai})
      </h2>
      <p>
        {duplicate.name} ({duplicate.uai}) est le doublon : tout ce qu'il contient passera à l'établissement conservé et son UAI ne pourra plus être inscrit.
        Choisissez l'établissement à conserver parmi les résultats de la recherche ; s'il n'y figure pas, lancez une autre recherche, le doublon reste choisi.
      </p>
      <NoticeAlert notice={failure ? { ok: false, text: failure } : null} />
      {candidates.length === 0 ? (
        <Alert
          severity="info"
          small
          description="Aucun autre établissement dans les résultats : recherchez l'autre fiche ci-dessus."
          className={fr.cx("fr-mb-2w")}
        />
      ) : (
        <RadioButtons
          legend="Établissement à conserver"
          name="etablissement-conserve"
          state={error ? "error" : "default"}
          stateRelatedMessage={error}
          options={candidates.map((s) => ({
            label: `${s.name} (${s.uai})`,
            hintText: `${s.commune_name} · ${s.registered ? "inscrit" : "non inscrit"} · ${plural(s.staff, "personnel", "personnels")} · ${plural(s.pupils, "élève", "élèves")}`,
            nativeInputProps: { value: s.uai, checked: keptUai === s.uai, onChange: () => setKeptUai(s.uai) },
          }))}
        />
      )}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm")}>
        <li>
          <Button onClick={(e) => ask(e.currentTarget)} disabled={candidates.length === 0}>
            Regrouper…
          </Button>
        </li>
        <li>
          <Button priority="secondary" onClick={onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
      <mergeModal.Component
        title="Regrouper ces deux établissements ?"
        buttons={[
          { children: "Annuler", priority: "secondary" },
          { children: "Regrouper définitivement", doClosesModal: false, onClick: confirm, disabled: merge.isPending },
        ]}
      >
        {kept && open ? (
          <>
            <p>{schoolMergeWarning(duplicate, kept)}</p>
            <p>L'UAI {duplicate.uai} ne pourra plus être inscrit sur Passerelle.</p>
            <p>
              <strong>Ce regroupement est définitif : il ne peut pas être annulé.</strong>
            </p>
          </>
        ) : (
          <p>Tout passera à l'établissement conservé.</p>
        )}
      </mergeModal.Component>
    </section>
  );
}
