import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent } from "react";
import { useAddressForm } from "../../components/useAddressForm";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { NoticeAlert } from "../../components";
import { DataTable } from "../../components/DataTable";
import { plural } from "../../i18n";
import { AdminLayout } from "./AdminLayout";
import {
  auditFilterFrom,
  auditFilterText,
  auditKinds,
  auditQuery,
  auditSearch,
  describeAdminAction,
  isFiltered,
  parisDateTime,
  type AuditFilter,
} from "./auditLabels";
import { useMinistries } from "../offers/queries";
import { actorLabel, sortActors } from "./auditLabels";
import { useAdminAudit, useAuditActors } from "./queries";

/** What the admins changed, newest first: when (Paris time), who, what, on what; narrowed by kind
 *  of action, admin and days. The filters and the page live in the address (?type=comptes&page=2),
 *  so the browser's back button and a shared link work. */
export function AuditPage() {
  const [params] = useSearchParams();
  const filter = auditFilterFrom(params);
  const query = useAdminAudit(auditQuery(filter));
  const list = query.data;
  const pages = list ? Math.max(1, Math.ceil(list.total / Math.max(1, list.per_page))) : 1;
  const filtered = isFiltered(filter);
  const admin = useAuditActors().data?.find((a) => a.id === filter.actorId);
  const filterText = auditFilterText(filter, admin && actorLabel(admin));
  // Targets per ministry name the ministry, not its id.
  const ministries = useMinistries().data;
  const names = { ministries: Object.fromEntries((ministries ?? []).map((m) => [m.id, m.name])) };

  return (
    <AdminLayout
      title="Journal des actions"
      lead="Chaque modification faite par un administrateur est enregistrée ici avec son auteur et son heure (heure de Paris), la plus récente en premier."
    >
      <AuditFilters filter={filter} errors={fieldErrors(query.error)} />
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!list ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : list.total === 0 ? (
        <p role="status">{filtered ? `Aucune action enregistrée : ${filterText}.` : "Aucune action enregistrée pour l'instant."}</p>
      ) : (
        <>
          <p role="status">
            {plural(list.total, "action enregistrée", "actions enregistrées")}
            {filtered ? ` : ${filterText}` : ""}
            {pages > 1 ? ` (page ${list.page} sur ${pages}, ${list.per_page} par page).` : "."}
          </p>
          <DataTable
            caption={`Actions des administrateurs${pages > 1 ? `, page ${list.page} sur ${pages}` : ""}`}
            // What was done first: on a phone the table scrolls sideways, the action stays in view.
            headers={["Action", "Objet", "Date et heure (Paris)", "Administrateur"]}
            rows={list.items.map((a) => {
              const d = describeAdminAction(a.method, a.path, names);
              // DSFR cells do not wrap: the object may (a ministry's name is long), so the author stays in view on a computer.
              const target = (
                <span style={{ whiteSpace: "normal", display: "inline-block", minWidth: "12rem" }}>
                  {d.link ? <Link to={d.link}>{d.target}</Link> : d.target}
                </span>
              );
              return [d.action, target, parisDateTime(a.at), a.actor_name];
            })}
          />
          {pages > 1 && (
            <Pagination
              className={fr.cx("fr-mt-2w")}
              count={pages}
              defaultPage={list.page}
              showFirstLast
              getPageLinkProps={(n) => ({ to: `/admin/journal${auditSearch({ ...filter, page: n })}` })}
            />
          )}
        </>
      )}
    </AdminLayout>
  );
}

/** The filters, applied on "Filtrer" as a new address (a new entry in the history). */
function AuditFilters({ filter, errors }: { filter: AuditFilter; errors: Record<string, string> }) {
  const navigate = useNavigate();
  const admins = useAuditActors().data;
  const sortedAdmins = sortActors(admins ?? []);

  const fromAddress = { type: filter.type ?? "", admin: filter.actorId ?? "", du: filter.from ?? "", au: filter.to ?? "" };
  const { values, field } = useAddressForm(fromAddress, auditSearch({ ...filter, page: 1 }));

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = (x: string) => x || undefined;
    void navigate(`/admin/journal${auditSearch({ page: 1, type: v(values.type), actorId: v(values.admin), from: v(values.du), to: v(values.au) })}`);
  };

  return (
    <form onSubmit={submit} aria-labelledby="filtres-journal" className={fr.cx("fr-mb-3w")}>
      <h2 id="filtres-journal" className={fr.cx("fr-h6", "fr-mb-1w")}>
        Filtrer le journal
      </h2>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Select label="Type d'action" nativeSelectProps={field("type")}>
            <option value="">Toutes les actions</option>
            {auditKinds.map((k) => (
              <option key={k.slug} value={k.slug}>
                {k.label}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-6")}>
          <Select label="Administrateur" nativeSelectProps={field("admin")}>
            <option value="">Tous les administrateurs</option>
            {filter.actorId && admins && !admins.some((a) => a.id === filter.actorId) && <option value={filter.actorId}>Administrateur choisi</option>}
            {sortedAdmins.map((a) => (
              <option key={a.id} value={a.id}>
                {actorLabel(a)}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-6", "fr-col-md-3")}>
          <Input
            label="Du"
            hintText="Jour inclus"
            state={errors.from ? "error" : "default"}
            stateRelatedMessage={errors.from}
            nativeInputProps={{ type: "date", ...field("du") }}
          />
        </div>
        <div className={fr.cx("fr-col-6", "fr-col-md-3")}>
          <Input
            label="Au"
            hintText="Jour inclus"
            state={errors.to ? "error" : "default"}
            stateRelatedMessage={errors.to}
            nativeInputProps={{ type: "date", ...field("au") }}
          />
        </div>
      </div>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-mt-1w")}>
        <li>
          <Button type="submit">Filtrer</Button>
        </li>
        {isFiltered(filter) && (
          <li>
            <Button priority="secondary" linkProps={{ to: "/admin/journal" }}>
              Effacer les filtres
            </Button>
          </li>
        )}
      </ul>
    </form>
  );
}
