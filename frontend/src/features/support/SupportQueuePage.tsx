import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent } from "react";
import { useAddressForm } from "../../components/useAddressForm";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { errorMessage } from "../../api/client";
import { NoticeAlert } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatDateTimeFr } from "../../dates";
import { plural } from "../../i18n";
import { AdminLayout } from "../admin/AdminLayout";
import { categories, categoryTopics, queueFilterFrom, queueFilterText, queueSearch, statusLabels, type QueueFilter } from "./labels";
import { useSupportTickets } from "./queries";

/** The support queue (/admin/support): the messages sent through the contact form, newest first,
 *  narrowed by state, topic and who follows them; the filters and the page live in the address. */
export function SupportQueuePage() {
  const [params] = useSearchParams();
  const filter = queueFilterFrom(params);
  const query = useSupportTickets(filter);
  const list = query.data;
  const pages = list ? Math.max(1, Math.ceil(list.total / Math.max(1, list.per_page))) : 1;

  return (
    <AdminLayout
      title="Demandes d'assistance"
      lead="Les messages envoyés par le formulaire de contact. Prenez une demande en charge, répondez par e-mail depuis Passerelle, puis closez-la."
    >
      <QueueFilters filter={filter} />
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!list ? (
        !query.isError && <p aria-busy="true">Chargement…</p>
      ) : list.total === 0 ? (
        <p role="status">Aucune demande {queueFilterText(filter)}.</p>
      ) : (
        <>
          <p role="status">
            {plural(list.total, "demande", "demandes")} ({queueFilterText(filter)}){pages > 1 ? `, page ${list.page} sur ${pages}.` : "."}
          </p>
          <DataTable
            caption={`Demandes d'assistance${pages > 1 ? `, page ${list.page} sur ${pages}` : ""}`}
            headers={["Demande", "Sujet", "De", "Reçue le", "État", "Suivi par"]}
            rows={list.items.map((t) => [
              <span key="t" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "14rem" }}>
                <Link to={`/admin/support/${t.id}`}>{t.subject}</Link>
                <br />
                <span className={fr.cx("fr-text--xs")}>n° {t.reference}</span>
              </span>,
              categoryTopics[t.category],
              <span key="d" style={{ whiteSpace: "normal", display: "inline-block", minWidth: "10rem" }}>
                {t.name}
                <br />
                <span className={fr.cx("fr-text--xs")}>
                  {t.email}
                  {t.from_account ? " (compte Passerelle)" : ""}
                </span>
              </span>,
              formatDateTimeFr(t.created_at),
              <Badge key="s" small noIcon severity={t.status === "open" ? "new" : undefined}>
                {statusLabels[t.status]}
                {t.answers > 0 ? `, ${plural(t.answers, "réponse", "réponses")}` : ", sans réponse"}
              </Badge>,
              t.assignee_name ?? "Personne",
            ])}
          />
          {pages > 1 && (
            <Pagination
              className={fr.cx("fr-mt-2w")}
              count={pages}
              defaultPage={list.page}
              showFirstLast
              getPageLinkProps={(n) => ({ to: `/admin/support${queueSearch({ ...filter, page: n })}` })}
            />
          )}
        </>
      )}
    </AdminLayout>
  );
}

/** The filters, applied on "Filtrer" as a new address (the back button shows the previous list). */
function QueueFilters({ filter }: { filter: QueueFilter }) {
  const navigate = useNavigate();
  const fromAddress = { status: filter.status, category: filter.category ?? "", assignee: filter.assignee ?? "" };
  const addressKey = queueSearch({ ...filter, page: 1 });
  const { values, field } = useAddressForm(fromAddress, addressKey);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: QueueFilter = {
      status: values.status as QueueFilter["status"],
      category: (values.category || undefined) as QueueFilter["category"],
      assignee: (values.assignee || undefined) as QueueFilter["assignee"],
      page: 1,
    };
    void navigate(`/admin/support${queueSearch(next)}`);
  };
  const filtered = addressKey !== "";

  return (
    <form onSubmit={submit} aria-labelledby="filtres-support" className={fr.cx("fr-mb-3w")}>
      <h2 id="filtres-support" className={fr.cx("fr-h6", "fr-mb-1w")}>
        Filtrer les demandes
      </h2>
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Select label="État" nativeSelectProps={field("status")}>
            <option value="open">Ouvertes</option>
            <option value="closed">Closes</option>
            <option value="all">Toutes</option>
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Select label="Sujet" nativeSelectProps={field("category")}>
            <option value="">Tous les sujets</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {categoryTopics[c]}
              </option>
            ))}
          </Select>
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Select label="Suivi par" nativeSelectProps={field("assignee")}>
            <option value="">Tout le monde</option>
            <option value="me">Moi</option>
            <option value="none">Personne (à prendre en charge)</option>
          </Select>
        </div>
      </div>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-mt-1w")}>
        <li>
          <Button type="submit">Filtrer</Button>
        </li>
        {filtered && (
          <li>
            <Button priority="secondary" linkProps={{ to: "/admin/support" }}>
              Effacer les filtres
            </Button>
          </li>
        )}
      </ul>
    </form>
  );
}
