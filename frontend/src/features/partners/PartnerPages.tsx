import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, usePageTitle, type Notice } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { formatDateTimeOrDash } from "../../dates";
import {
  useAddOperatorMember,
  useAdminOperators,
  useCreateWebhook,
  useCredentialAction,
  useCredentials,
  useDeleteWebhook,
  useDeliveries,
  useIssueLegacyToken,
  useMyOperators,
  useOperatorOffers,
  useRegisterOperator,
  useSetOperatorFlag,
  useTestWebhook,
  useWebhooks,
} from "./queries";

type Operator = components["schemas"]["OperatorView"];
type Credential = components["schemas"]["CredentialView"];
type Webhook = components["schemas"]["WebhookView"];

const eventLabels: Record<string, string> = {
  "offer.hidden": "Offre masquée par la modération",
  "offer.restored": "Offre remise en ligne",
  "offer.expired": "Offre arrivée à la fin de ses semaines",
  "clicks.daily": "Résumé quotidien des clics",
};

const when = formatDateTimeOrDash;

/** A secret shown once, with the reason it will not be shown again. */
function OnceSecret({ label, value }: { label: string; value: string }) {
  return (
    <Alert
      severity="warning"
      title={`${label} : copiez-le maintenant`}
      description={
        <>
          Il ne sera plus jamais affiché. <code style={{ wordBreak: "break-all" }}>{value}</code>
        </>
      }
      className={fr.cx("fr-mb-2w")}
    />
  );
}

function Credentials({ operator }: { operator: Operator }) {
  const query = useCredentials(operator.id);
  const list: Credential[] | undefined = query.data ?? (query.isError ? [] : undefined);
  const credentialAction = useCredentialAction(operator.id);
  const [label, setLabel] = useState("");
  const [secret, setSecret] = useState<{ client: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error } = await attempt(credentialAction.mutateAsync({ action: "create", label }));
    if (!ok || !data) return setNotice({ ok: false, text: fieldErrors(error).label ?? errorMessage(error) });
    setSecret({ client: data.credential.client_id, secret: data.client_secret });
    setLabel("");
    setNotice(null);
  }

  async function rotate(c: Credential) {
    if (!window.confirm(`Changer le secret de « ${c.label} » ? L'ancien cessera de fonctionner tout de suite.`)) return;
    const { ok, data, error } = await attempt(credentialAction.mutateAsync({ action: "rotate", credentialId: c.id }));
    if (!ok || !data) return setNotice({ ok: false, text: errorMessage(error) });
    setSecret({ client: data.credential.client_id, secret: data.client_secret });
  }

  async function revoke(c: Credential) {
    if (!window.confirm(`Révoquer « ${c.label} » ? Ses jetons cesseront de fonctionner tout de suite.`)) return;
    const { ok, error } = await attempt(credentialAction.mutateAsync({ action: "revoke", credentialId: c.id }));
    setNotice(ok ? { ok: true, text: "Identifiant révoqué." } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id={`identifiants-${operator.id}`} title="Identifiants d'API">
      <p>
        Échangez un identifiant et son secret contre un jeton valable une heure : <code>POST /api/v1/partner/token</code>. La documentation complète est sur{" "}
        <a href="/api/docs/" target="_blank" rel="noopener">
          /api/docs
        </a>
        .
      </p>
      <NoticeAlert notice={notice} />
      {secret && <OnceSecret label={`Secret de ${secret.client}`} value={secret.secret} />}
      {list && list.length > 0 && (
        <div className={fr.cx("fr-table")}>
          <table>
            <caption>Identifiants</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Identifiant client</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">État</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td>{c.label}</td>
                  <td>
                    <code>{c.client_id}</code>
                  </td>
                  <td>{when(c.last_used_at)}</td>
                  <td>
                    {c.revoked_at ? (
                      <Badge severity="error" small>
                        Révoqué
                      </Badge>
                    ) : (
                      <Badge severity="success" small>
                        Actif
                      </Badge>
                    )}
                  </td>
                  <td>
                    {!c.revoked_at && (
                      <>
                        <Button size="small" priority="secondary" onClick={() => rotate(c)}>
                          Changer le secret<span className={fr.cx("fr-sr-only")}> de {c.label}</span>
                        </Button>{" "}
                        <Button size="small" priority="tertiary" onClick={() => revoke(c)}>
                          Révoquer<span className={fr.cx("fr-sr-only")}> {c.label}</span>
                        </Button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={create} noValidate>
        <Input
          label="Nom du nouvel identifiant"
          hintText="Par exemple « Serveur de production »"
          nativeInputProps={{ value: label, maxLength: 100, onChange: (e) => setLabel(e.target.value) }}
        />
        <Button type="submit" disabled={!label.trim()}>
          Créer un identifiant
        </Button>
      </form>
    </Section>
  );
}

function LegacyToken({ operator }: { operator: Operator }) {
  const issueLegacyToken = useIssueLegacyToken(operator.id);
  const [token, setToken] = useState<string | null>(null);
  const [issued, setIssued] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  async function issue() {
    const question = issued
      ? "Remplacer le jeton v1 ? L'ancien cessera aussitôt de fonctionner."
      : "Obtenir un jeton v1 ? S'il en existe déjà un, il cessera aussitôt de fonctionner.";
    if (!window.confirm(question)) return;
    const { ok, data, error } = await attempt(issueLegacyToken.mutateAsync());
    if (!ok || !data) {
      setToken(null);
      return setNotice({ ok: false, text: errorMessage(error) });
    }
    setToken(data.token);
    setIssued(true);
    setNotice({ ok: true, text: "Nouveau jeton v1 créé : l'ancien ne fonctionne plus." });
  }

  return (
    <Section id={`jeton-v1-section-${operator.id}`} title="Jeton de l'API v1 (contrat historique)">
      <p>
        Pour le code écrit pour l'ancienne plateforme : en-tête <code>Authorization: Bearer &lt;jeton&gt;</code> sur <code>/api/v1/internship_offers</code>. Le
        jeton n'est montré qu'une fois ; en demander un nouveau remplace l'ancien, qui cesse aussitôt de fonctionner.
      </p>
      <NoticeAlert notice={notice} />
      {token && (
        <>
          <Alert
            severity="warning"
            small
            description="Copiez ce jeton et rangez-le en lieu sûr maintenant : il ne sera plus jamais affiché."
            className={fr.cx("fr-mb-2w")}
          />
          <Input
            label="Jeton v1"
            hintText="Lecture seule : sélectionnez-le pour le copier."
            nativeInputProps={{ value: token, readOnly: true, onFocus: (e) => e.target.select(), spellCheck: false, autoComplete: "off" }}
          />
        </>
      )}
      <Button priority={issued ? "secondary" : "primary"} onClick={issue} disabled={issueLegacyToken.isPending}>
        {issued ? "Remplacer le jeton v1" : "Obtenir un jeton v1"}
      </Button>
    </Section>
  );
}

function Deliveries({ operatorId, webhook }: { operatorId: string; webhook: Webhook }) {
  const query = useDeliveries(operatorId, webhook.id);
  const list = query.data?.items ?? (query.isError ? [] : undefined);
  if (!list) return <p aria-busy="true">Chargement…</p>;
  if (list.length === 0) return <p>Aucune livraison pour l'instant.</p>;
  return (
    <div className={fr.cx("fr-table", "fr-table--no-caption")}>
      <table>
        <caption>
          Livraisons de {webhook.url}
          {(query.data?.total ?? 0) > list.length ? ` (les ${list.length} plus récentes sur ${query.data?.total})` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Événement</th>
            <th scope="col">Créée</th>
            <th scope="col">État</th>
            <th scope="col">Réponse</th>
            <th scope="col">Essais</th>
          </tr>
        </thead>
        <tbody>
          {list.map((d) => (
            <tr key={d.id}>
              <td>{eventLabels[d.event] ?? d.event}</td>
              <td>{when(d.created_at)}</td>
              <td>{d.status === "delivered" ? "Livrée" : d.status === "failed" ? "Échec" : "En attente"}</td>
              <td>{d.response_status ?? d.error ?? "—"}</td>
              <td>{d.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Webhooks({ operator }: { operator: Operator }) {
  const list = useWebhooks(operator.id).data;
  const createWebhook = useCreateWebhook(operator.id);
  const testWebhook = useTestWebhook(operator.id);
  const deleteWebhook = useDeleteWebhook(operator.id);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>(["offer.hidden", "offer.restored"]);
  const [secret, setSecret] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error } = await attempt(createWebhook.mutateAsync({ url, events }));
    if (!ok) {
      setErrors(fieldErrors(error));
      return setNotice({ ok: false, text: errorMessage(error) });
    }
    setSecret(data.secret);
    setUrl("");
    setErrors({});
    setNotice(null);
  }

  async function test(w: Webhook) {
    const { ok, error } = await attempt(testWebhook.mutateAsync(w.id));
    setNotice(
      ok ? { ok: true, text: "Livraison de test envoyée : elle apparaît dans le journal dans quelques secondes." } : { ok: false, text: errorMessage(error) },
    );
  }

  async function remove(w: Webhook) {
    if (!window.confirm(`Ne plus rien envoyer à ${w.url} ?`)) return;
    await attempt(deleteWebhook.mutateAsync(w.id));
  }

  return (
    <Section id={`webhooks-${operator.id}`} title="Webhooks">
      <p>
        Chaque envoi est signé : l'en-tête <code>X-Passerelle-Signature</code> vaut <code>t=…,v1=…</code>, où v1 est le HMAC-SHA256 de « t.corps » avec votre
        secret. Les échecs sont réessayés pendant 24 heures.
      </p>
      <NoticeAlert notice={notice} />
      {secret && <OnceSecret label="Secret de signature" value={secret} />}
      <ul className={fr.cx("fr-raw-list")}>
        {(list ?? []).map((w) => (
          <li key={w.id} className={fr.cx("fr-mb-2w")}>
            <strong>{w.url}</strong> — {w.events.map((e) => eventLabels[e] ?? e).join(", ")}
            <br />
            <Button size="small" priority="secondary" onClick={() => test(w)}>
              Tester<span className={fr.cx("fr-sr-only")}> {w.url}</span>
            </Button>{" "}
            <Button size="small" priority="secondary" onClick={() => setOpen(open === w.id ? null : w.id)} aria-expanded={open === w.id}>
              Journal des livraisons<span className={fr.cx("fr-sr-only")}> de {w.url}</span>
            </Button>{" "}
            <Button size="small" priority="tertiary" onClick={() => remove(w)}>
              Supprimer<span className={fr.cx("fr-sr-only")}> {w.url}</span>
            </Button>
            {open === w.id && <Deliveries operatorId={operator.id} webhook={w} />}
          </li>
        ))}
      </ul>
      <form onSubmit={create} noValidate>
        <Input
          label="Adresse HTTPS qui reçoit les événements"
          nativeInputProps={{ type: "url", value: url, onChange: (e) => setUrl(e.target.value) }}
          {...(errors.url ? { state: "error" as const, stateRelatedMessage: errors.url } : {})}
        />
        <Checkbox
          legend="Événements"
          options={Object.entries(eventLabels).map(([key, label]) => ({
            label,
            nativeInputProps: {
              checked: events.includes(key),
              onChange: (e: { target: { checked: boolean } }) => setEvents(e.target.checked ? [...events, key] : events.filter((x) => x !== key)),
            },
          }))}
          {...(errors.events ? { state: "error" as const, stateRelatedMessage: errors.events } : {})}
        />
        <Button type="submit" disabled={!url.trim() || events.length === 0}>
          Ajouter le webhook
        </Button>
      </form>
    </Section>
  );
}

function Offers({ operator }: { operator: Operator }) {
  const page = useOperatorOffers(operator.id).data;
  if (!page) return null;
  return (
    <Section id={`offres-${operator.id}`} title={`Offres envoyées par l'API (${page.total})`}>
      {page.items.length === 0 ? (
        <p>Aucune offre pour l'instant : envoyez-les par l'API partenaires.</p>
      ) : (
        <div className={fr.cx("fr-table")}>
          <table>
            <caption>Offres et clics des élèves vers votre site</caption>
            <thead>
              <tr>
                <th scope="col">Identifiant</th>
                <th scope="col">Offre</th>
                <th scope="col">État</th>
                <th scope="col">Clics</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((o) => (
                <tr key={o.offer_id}>
                  <td>
                    <code>{o.remote_id}</code>
                  </td>
                  <td>
                    <a href={`/offres/${o.offer_id}`}>{o.title}</a> · {o.employer_name}
                  </td>
                  <td>{o.status === "published" ? "Publiée" : o.status === "hidden" ? "Masquée par la modération" : "Non publiée"}</td>
                  <td>{o.clicks}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

/** An association member's space: API credentials and webhooks. */
export function OperatorHome() {
  usePageTitle("Mon espace association partenaire");
  const query = useMyOperators();
  const operators = query.data ?? (query.isError ? [] : undefined);
  if (!operators) return <p aria-busy="true">Chargement…</p>;
  return (
    <>
      <h1>Mon espace association partenaire</h1>
      <GuideLink to="/guides/associations">Guide des associations partenaires</GuideLink>
      {operators.length === 0 && <p>Votre compte n'est rattaché à aucune association : l'équipe Passerelle vous y ajoutera.</p>}
      {operators.map((o) => (
        <div key={o.id}>
          <h2 className={fr.cx("fr-h3")}>{o.name}</h2>
          <p>
            SIRET {o.siret} · départements {o.departments.join(", ") || "—"} · {o.rate_limit_per_minute} requêtes par minute
            {o.full_search ? " · recherche sur toute la plateforme" : ""}
            {o.open_data ? " · offres partagées en données ouvertes" : ""}
          </p>
          <p>
            <Link className={fr.cx("fr-link", "fr-icon-chat-3-line", "fr-link--icon-left")} to={`/organismes/${o.organisation_id}/retours`}>
              Retours des élèves et qualité des stages<span className={fr.cx("fr-sr-only")}> de {o.name}</span>
            </Link>
          </p>
          <Offers operator={o} />
          <Credentials operator={o} />
          <LegacyToken operator={o} />
          <Webhooks operator={o} />
        </div>
      ))}
    </>
  );
}

/** Admins register partner associations and set their rights. */
export function OperatorsAdminSection() {
  const list = useAdminOperators().data ?? [];
  const registerOperator = useRegisterOperator();
  const setFlag = useSetOperatorFlag();
  const addOperatorMember = useAddOperatorMember();
  const [form, setForm] = useState({ name: "", siret: "", address: "", postal_code: "", city: "", departments: "" });
  const [member, setMember] = useState({ operator: "", email: "", first_name: "", last_name: "" });
  const [notice, setNotice] = useState<Notice>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    const departments = form.departments.split(/[ ,;]+/).filter(Boolean);
    const { ok, data, error } = await attempt(registerOperator.mutateAsync({ ...form, departments }));
    setNotice(
      ok
        ? { ok: true, text: `Association « ${data.name} » inscrite.` }
        : { ok: false, text: Object.values(fieldErrors(error)).join(" ") || errorMessage(error) },
    );
  }

  async function toggle(o: Operator, flag: "full_search" | "open_data") {
    await attempt(setFlag.mutateAsync({ operatorId: o.id, flag, value: !o[flag] }));
  }

  async function addMember(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(
      addOperatorMember.mutateAsync({ operatorId: member.operator, email: member.email, first_name: member.first_name, last_name: member.last_name }),
    );
    setNotice(ok ? { ok: true, text: `${member.email} est membre de l'association.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id="associations" title="Associations partenaires">
      <NoticeAlert notice={notice} />
      <ul>
        {list.map((o) => (
          <li key={o.id}>
            {o.name} ({o.siret}) —{" "}
            <Checkbox
              small
              options={[
                { label: "Recherche sur toute la plateforme", nativeInputProps: { checked: o.full_search, onChange: () => toggle(o, "full_search") } },
                { label: "Offres en données ouvertes", nativeInputProps: { checked: o.open_data, onChange: () => toggle(o, "open_data") } },
              ]}
              orientation="horizontal"
            />
          </li>
        ))}
      </ul>
      <form onSubmit={create} noValidate>
        <h3 className={fr.cx("fr-h6")}>Inscrire une association</h3>
        {(["name", "siret", "address", "postal_code", "city", "departments"] as const).map((k) => (
          <Input
            key={k}
            label={
              {
                name: "Nom",
                siret: "SIRET",
                address: "Adresse",
                postal_code: "Code postal",
                city: "Ville",
                departments: "Départements (codes séparés par des virgules)",
              }[k]
            }
            nativeInputProps={{ value: form[k], onChange: (e) => setForm({ ...form, [k]: e.target.value }) }}
          />
        ))}
        <Button type="submit">Inscrire l'association</Button>
      </form>
      {list.length > 0 && (
        <form onSubmit={addMember} noValidate className={fr.cx("fr-mt-3w")}>
          <h3 className={fr.cx("fr-h6")}>Ajouter un membre</h3>
          <div className={fr.cx("fr-select-group")}>
            <label className={fr.cx("fr-label")} htmlFor="operator-member">
              Association
            </label>
            <select
              id="operator-member"
              className={fr.cx("fr-select")}
              value={member.operator}
              onChange={(e) => setMember({ ...member, operator: e.target.value })}
            >
              <option value="">Choisir…</option>
              {list.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <Input label="E-mail" nativeInputProps={{ type: "email", value: member.email, onChange: (e) => setMember({ ...member, email: e.target.value }) }} />
          <Input label="Prénom" nativeInputProps={{ value: member.first_name, onChange: (e) => setMember({ ...member, first_name: e.target.value }) }} />
          <Input label="Nom" nativeInputProps={{ value: member.last_name, onChange: (e) => setMember({ ...member, last_name: e.target.value }) }} />
          <Button type="submit" disabled={!member.operator}>
            Ajouter le membre
          </Button>
        </form>
      )}
    </Section>
  );
}
