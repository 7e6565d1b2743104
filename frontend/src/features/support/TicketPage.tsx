import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useRef, useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { errorMessage, fieldErrors, type Role } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { NoticeAlert, type Notice } from "../../components";
import { formatDateTimeFr } from "../../dates";
import { plural, roleLabels } from "../../i18n";
import { AdminLayout } from "../admin/AdminLayout";
import { categoryTopics, statusLabels } from "./labels";
import { useReplyTicket, useSetTicketStatus, useSupportTicket, useTakeTicket, type TicketDetail } from "./queries";

/** One support request (/admin/support/:ticketId): who wrote, from where, the thread, and what
 *  the admin does next (take it, answer by e-mail, close or reopen). */
export function TicketPage() {
  const { ticketId = "" } = useParams();
  const query = useSupportTicket(ticketId);
  const t = query.data;
  return (
    <AdminLayout title={t ? `Demande n° ${t.reference}` : "Demande d'assistance"} lead={t?.subject}>
      <p>
        <Link to="/admin/support" className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")}>
          Toutes les demandes
        </Link>
      </p>
      {query.isError && <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />}
      {!t ? !query.isError && <p aria-busy="true">Chargement…</p> : <Ticket ticket={t} />}
    </AdminLayout>
  );
}

function Ticket({ ticket: t }: { ticket: TicketDetail }) {
  const { user } = useSession();
  const take = useTakeTicket(t.id);
  const setStatus = useSetTicketStatus(t.id);
  const [notice, setNotice] = useState<Notice>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const mine = t.assignee_id != null && t.assignee_id === user?.id;
  const role = t.account_role && t.account_role in roleLabels ? roleLabels[t.account_role as Role] : t.account_role;

  const say = (n: Notice) => {
    setNotice(n);
    window.setTimeout(() => noticeRef.current?.focus(), 0);
  };

  async function takeIt() {
    const { ok, error } = await attempt(take.mutateAsync(undefined));
    say(ok ? { ok: true, text: "Vous suivez cette demande." } : { ok: false, text: errorMessage(error) });
  }

  async function changeStatus(status: "open" | "closed") {
    const { ok, error } = await attempt(setStatus.mutateAsync(status));
    say(ok ? { ok: true, text: status === "closed" ? "La demande est close." : "La demande est rouverte." } : { ok: false, text: errorMessage(error) });
  }

  return (
    <>
      <div ref={noticeRef} tabIndex={-1}>
        <NoticeAlert notice={notice} />
      </div>
      <p>
        <Badge as="span" small noIcon severity={t.status === "open" ? "new" : undefined}>
          {statusLabels[t.status]}
        </Badge>{" "}
        <Badge as="span" small noIcon>
          {categoryTopics[t.category]}
        </Badge>
      </p>
      <dl className={fr.cx("fr-mb-3w")}>
        <dt className={fr.cx("fr-text--bold")}>De</dt>
        <dd>
          {t.name}, <a href={`mailto:${t.email}`}>{t.email}</a>
          <br />
          {t.account_id ? `Compte Passerelle : ${role ?? "rôle inconnu"}` : "Sans compte (visiteur non connecté)"}
        </dd>
        <dt className={fr.cx("fr-text--bold")}>Reçue le</dt>
        <dd>{formatDateTimeFr(t.created_at)}</dd>
        <dt className={fr.cx("fr-text--bold")}>Écrite depuis la page</dt>
        <dd>{t.page ? <code>{t.page}</code> : "Non précisée"}</dd>
        <dt className={fr.cx("fr-text--bold")}>Suivie par</dt>
        <dd>{t.assignee_name ? (mine ? `${t.assignee_name} (vous)` : t.assignee_name) : "Personne pour l'instant"}</dd>
        {t.closed_at && (
          <>
            <dt className={fr.cx("fr-text--bold")}>Close le</dt>
            <dd>{formatDateTimeFr(t.closed_at)}</dd>
          </>
        )}
      </dl>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        {!mine && (
          <li>
            <Button priority={t.assignee_id ? "secondary" : "primary"} onClick={() => void takeIt()} disabled={take.isPending}>
              Prendre en charge
            </Button>
          </li>
        )}
        <li>
          {t.status === "open" ? (
            <Button priority="secondary" onClick={() => void changeStatus("closed")} disabled={setStatus.isPending}>
              Clore sans répondre
            </Button>
          ) : (
            <Button priority="secondary" onClick={() => void changeStatus("open")} disabled={setStatus.isPending}>
              Rouvrir la demande
            </Button>
          )}
        </li>
      </ul>

      <section aria-labelledby="fil-titre" className={fr.cx("fr-mt-4w")}>
        <h2 id="fil-titre" className={fr.cx("fr-h4")}>
          Échanges ({plural(t.messages.length, "message", "messages")})
        </h2>
        <ol className={fr.cx("fr-raw-list")}>
          {t.messages.map((m, i) => (
            <li key={i} className={fr.cx("fr-card", "fr-p-3w", "fr-mb-2w")} style={{ height: "auto" }}>
              <h3 className={fr.cx("fr-h6", "fr-mb-1w")}>{m.author_id ? `Réponse de ${m.author_name}` : `Message de ${m.author_name}`}</h3>
              <p className={fr.cx("fr-text--sm", "fr-mb-1w")}>{formatDateTimeFr(m.created_at)}</p>
              <p className={fr.cx("fr-mb-0")} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                {m.body}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <ReplyForm ticket={t} onDone={say} />
    </>
  );
}

/** The answer, e-mailed to the person and kept in the thread; "Répondre et clore" also closes. */
function ReplyForm({ ticket: t, onDone }: { ticket: TicketDetail; onDone: (n: Notice) => void }) {
  const reply = useReplyTicket(t.id);
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);

  async function send(close: boolean) {
    setError(null);
    const { ok, error: err } = await attempt(reply.mutateAsync({ body: body.trim(), close }));
    if (!ok) {
      setError(fieldErrors(err).body ?? errorMessage(err));
      return;
    }
    setBody("");
    onDone({ ok: true, text: close ? `Réponse envoyée à ${t.email} ; la demande est close.` : `Réponse envoyée à ${t.email}.` });
  }

  // Which of the two buttons sent the form.
  const closing = useRef(true);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void send(closing.current);
  };

  return (
    <section aria-labelledby="reponse-titre" className={fr.cx("fr-mt-4w")}>
      <h2 id="reponse-titre" className={fr.cx("fr-h4")}>
        Répondre
      </h2>
      <form onSubmit={submit} noValidate>
        <Input
          textArea
          label="Votre réponse"
          hintText={`Envoyée par e-mail à ${t.email}, avec le numéro de la demande. Elle reste dans les échanges ci-dessus.`}
          state={error ? "error" : "default"}
          stateRelatedMessage={error ?? undefined}
          nativeTextAreaProps={{ name: "body", rows: 8, value: body, onChange: (e) => setBody(e.target.value), required: true }}
        />
        <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
          <li>
            <Button type="submit" onClick={() => (closing.current = true)} disabled={reply.isPending}>
              Répondre et clore
            </Button>
          </li>
          <li>
            <Button type="submit" priority="secondary" onClick={() => (closing.current = false)} disabled={reply.isPending}>
              Répondre
            </Button>
          </li>
        </ul>
      </form>
    </section>
  );
}
