import { fr } from "@codegouvfr/react-dsfr";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { NoticeAlert } from "../../components";
import { DataTable } from "../../components/DataTable";
import { plural } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import { describeAdminAction, parisDateTime } from "./auditLabels";
import { useAdminAudit } from "./queries";

/** What the admins changed, newest first: when (Paris time), who, what, on what. Each page has
 *  its own address (?page=2), so the browser's back button and a shared link work. */
export function AuditPage() {
  const [params] = useSearchParams();
  const asked = Number(params.get("page") ?? "1");
  const page = Number.isInteger(asked) && asked >= 1 ? asked : 1;
  const query = useAdminAudit(page);
  const list = query.data;
  const pages = list ? Math.max(1, Math.ceil(list.total / Math.max(1, list.per_page))) : 1;

  return (
    <AdminLayout
      title="Journal des actions"
      lead="Chaque modification faite par un administrateur est enregistrée ici avec son auteur et son heure (heure de Paris), la plus récente en premier."
    >
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!list ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : list.total === 0 ? (
        <p>Aucune action enregistrée pour l'instant.</p>
      ) : (
        <>
          <p role="status">
            {plural(list.total, "action enregistrée", "actions enregistrées")}
            {pages > 1 ? ` : page ${list.page} sur ${pages}, 50 par page.` : "."}
          </p>
          <DataTable
            caption={`Actions des administrateurs${pages > 1 ? `, page ${list.page} sur ${pages}` : ""}`}
            // What was done first: on a phone the table scrolls sideways, the action stays in view.
            headers={["Action", "Objet", "Date et heure (Paris)", "Administrateur"]}
            rows={list.items.map((a) => {
              const d = describeAdminAction(a.method, a.path);
              return [d.action, d.link ? <Link to={d.link}>{d.target}</Link> : d.target, parisDateTime(a.at), a.actor_name];
            })}
          />
          {pages > 1 && (
            <Pagination
              className={fr.cx("fr-mt-2w")}
              count={pages}
              defaultPage={list.page}
              showFirstLast
              getPageLinkProps={(n) => ({ to: n === 1 ? "/admin/journal" : `/admin/journal?page=${n}` })}
            />
          )}
        </>
      )}
    </AdminLayout>
  );
}
