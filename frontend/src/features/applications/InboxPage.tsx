import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Tabs } from "@codegouvfr/react-dsfr/Tabs";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";
import { errorMessage, type components } from "../../api/client";
import { NoticeAlert, usePageTitle, type Notice } from "../../components";
import { useFocusRescue } from "../../components/useFocusRescue";
import { formatDateFr, weekText } from "../../dates";
import { de, plural } from "../../i18n";
import { useOrganisation } from "../organisations/queries";
import { BulkReject } from "./BulkReject";
import { agreementSeverity, agreementStatusLabels, hostAgreementText } from "../agreements/status";
import {
  bySoonestWeek,
  byUrgency,
  canReject,
  clockText,
  countByFilter,
  daysLeft,
  filterLabels,
  hostStatusLabel,
  inFilter,
  SOON_DAYS,
  type InboxFilter,
} from "./inbox";
import { useConfirmedPlacements, useInbox } from "./queries";

type HostApplication = components["schemas"]["HostApplication"];

const filters = Object.keys(filterLabels) as InboxFilter[];

/** The host's inbox across all the organisation's offers: new, unanswered, expiring soon,
 *  accepted; one reason to refuse many. */
export function InboxPage() {
  const { orgId = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const filter = (filters as string[]).includes(params.get("filtre") ?? "") ? (params.get("filtre") as InboxFilter) : "all";
  const org = useOrganisation(orgId).data;
  const query = useInbox(orgId);
  const [selected, setSelected] = useState<string[]>([]);
  const [batchNotice, setBatchNotice] = useState<Notice>(null);
  // The refused applications leave the list (and the group refusal with the last one): the focus goes to the outcome.
  const { rescueRef: batchNoticeRef, expectFocusLoss } = useFocusRescue<HTMLDivElement>();
  usePageTitle(org ? `Candidatures reçues – ${org.name}` : "Candidatures reçues");

  const apps = query.data;
  const now = new Date();
  const counts = apps ? countByFilter(apps, now) : undefined;
  const shown = (apps ?? []).filter((a) => inFilter(a, filter, now)).sort(byUrgency);
  const toggle = (id: string, on: boolean) => setSelected(on ? [...selected, id] : selected.filter((x) => x !== id));
  const rejectable = (apps ?? []).filter(canReject);

  const tab = params.get("onglet") === "confirmes" ? "confirmes" : "en-cours";

  const openApplications = query.isError ? (
    <NoticeAlert notice={{ ok: false, text: errorMessage(query.error) }} />
  ) : !apps || !counts ? (
    <p aria-busy="true">Chargement…</p>
  ) : (
    <>
      <p>
        Vous avez 15 jours pour répondre à chaque candidature ; sans réponse, elle expire et l'élève est prévenu. Ouvrir une candidature la marque comme lue
        pour toute l'équipe.
      </p>
      <RadioButtons
        legend="Afficher"
        name="filtre"
        orientation="horizontal"
        options={filters.map((f) => ({
          label: `${filterLabels[f]} (${counts[f]})`,
          nativeInputProps: {
            checked: filter === f,
            onChange: () => setParams(f === "all" ? {} : { filtre: f }, { replace: true }),
          },
        }))}
      />
      {shown.length === 0 ? (
        <p>{apps.length === 0 ? "Aucune candidature en cours : vous avez répondu à tout." : "Aucune candidature dans cette section."}</p>
      ) : (
        <ul className={fr.cx("fr-raw-list")} aria-label={`${filterLabels[filter]} : ${plural(shown.length, "candidature", "candidatures")}`}>
          {shown.map((a) => (
            <InboxItem key={a.id} a={a} now={now} checked={selected.includes(a.id)} onCheck={(on) => toggle(a.id, on)} />
          ))}
        </ul>
      )}
      <div ref={batchNoticeRef} tabIndex={-1}>
        <NoticeAlert notice={batchNotice} />
      </div>
      {rejectable.length > 0 && (
        <BulkReject
          selected={selected.filter((id) => rejectable.some((a) => a.id === id))}
          names={Object.fromEntries((apps ?? []).map((a) => [a.id, `${a.pupil_first_name} ${a.pupil_last_name}`]))}
          onDone={(refused, outcome) => {
            setSelected(selected.filter((id) => !refused.includes(id)));
            setBatchNotice(outcome);
            if (refused.length > 0) expectFocusLoss();
          }}
        />
      )}
    </>
  );

  return (
    <>
      <p>
        <Link className={fr.cx("fr-link", "fr-icon-arrow-left-line", "fr-link--icon-left")} to={`/espace?organisme=${orgId}`}>
          Mon espace organisme
        </Link>
      </p>
      <h1>Candidatures reçues</h1>
      {org && <p className={fr.cx("fr-text--lead")}>{org.name} : les candidatures en cours et les stages confirmés, toutes offres confondues.</p>}
      <Tabs
        label="Candidatures et stages"
        selectedTabId={tab}
        onTabChange={(id) => setParams(id === "confirmes" ? { onglet: "confirmes" } : {}, { replace: true })}
        tabs={[
          { tabId: "en-cours", label: `En cours${counts ? ` (${counts.all})` : ""}` },
          { tabId: "confirmes", label: "Stages confirmés" },
        ]}
      >
        {tab === "confirmes" ? <ConfirmedPlacements orgId={orgId} /> : openApplications}
      </Tabs>
    </>
  );
}

/** The pupils coming: confirmed placements, the soonest first, each with its agreement. */
function ConfirmedPlacements({ orgId }: { orgId: string }) {
  const { data: placements, error } = useConfirmedPlacements(orgId);
  if (error) return <NoticeAlert notice={{ ok: false, text: errorMessage(error) }} />;
  if (!placements) return <p aria-busy="true">Chargement…</p>;
  if (placements.length === 0) return <p>Aucun stage confirmé pour l'instant : un stage est confirmé quand l'élève accepte votre réponse positive.</p>;
  const sorted = [...placements].sort(bySoonestWeek);
  return (
    <>
      <p>
        {plural(sorted.length, "stage confirmé", "stages confirmés")}, le plus proche en premier. La convention se remplit et se signe en ligne par vous,
        l'établissement, l'élève et ses représentants légaux.
      </p>
      <ul className={fr.cx("fr-raw-list")} aria-label={`Stages confirmés : ${plural(sorted.length, "stage", "stages")}`}>
        {sorted.map((a) => (
          <PlacementItem key={a.id} a={a} />
        ))}
      </ul>
    </>
  );
}

function PlacementItem({ a }: { a: HostApplication }) {
  const who = `${a.pupil_first_name} ${a.pupil_last_name}`;
  const status = a.agreement_status;
  return (
    <li className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <h2 className={fr.cx("fr-h6", "fr-mb-1w")}>
        <Link to={`/candidatures/${a.id}`}>
          {who}
          <span className={fr.cx("fr-sr-only")}> : ouvrir la candidature</span>
        </Link>
      </h2>
      <p className={fr.cx("fr-mb-1w", "fr-text--sm")}>
        Offre « {a.offer_title} » · {a.weeks.map(weekText).join(", ")}
        <br />
        {a.school_name} · {a.class_name}
      </p>
      {a.agreement_id ? (
        <>
          {status && (
            <p className={fr.cx("fr-mb-1w")}>
              <Badge small severity={agreementSeverity(status)} noIcon>
                Convention : {agreementStatusLabels[status]}
              </Badge>
              <br />
              <span className={fr.cx("fr-text--sm")}>
                {status === "host_to_fill" ? <strong>{hostAgreementText[status]}</strong> : hostAgreementText[status]}
              </span>
            </p>
          )}
          <p className={fr.cx("fr-mb-0")}>
            {status === "host_to_fill" || status === "to_sign" ? (
              <Link className={fr.cx("fr-btn", "fr-btn--sm")} to={`/conventions/${a.agreement_id}`}>
                {status === "to_sign" ? "Voir et signer la convention" : "Remplir la convention"}
                <span className={fr.cx("fr-sr-only")}> {de(who)}</span>
              </Link>
            ) : (
              <Link to={`/conventions/${a.agreement_id}`}>
                Voir la convention<span className={fr.cx("fr-sr-only")}> {de(who)}</span>
              </Link>
            )}
          </p>
        </>
      ) : (
        <p className={fr.cx("fr-mb-0", "fr-text--sm")}>La convention n'est pas encore disponible.</p>
      )}
    </li>
  );
}

function InboxItem({ a, now, checked, onCheck }: { a: HostApplication; now: Date; checked: boolean; onCheck: (on: boolean) => void }) {
  const who = `${a.pupil_first_name} ${a.pupil_last_name}`;
  const soon = canReject(a) && !!a.expires_at && daysLeft(a.expires_at, now) <= SOON_DAYS;
  return (
    <li className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
      <div className={fr.cx("fr-grid-row")} style={{ gap: fr.spacing("2w"), flexWrap: "nowrap", alignItems: "flex-start" }}>
        {canReject(a) && (
          <Checkbox
            small
            className={fr.cx("fr-mb-0")}
            options={[
              {
                label: <span className={fr.cx("fr-sr-only")}>Sélectionner la candidature {de(who)}</span>,
                nativeInputProps: { checked, onChange: (e) => onCheck(e.target.checked) },
              },
            ]}
          />
        )}
        <div style={{ flex: 1, minWidth: 0 }}>
          <h2 className={fr.cx("fr-h6", "fr-mb-1w")}>
            <Link to={`/candidatures/${a.id}`}>
              {who}
              <span className={fr.cx("fr-sr-only")}> : ouvrir la candidature</span>
            </Link>
          </h2>
          <p className={fr.cx("fr-mb-1w")}>
            <Badge small severity={!a.read_at && canReject(a) ? "new" : a.status === "accepted" ? "success" : "info"} noIcon={!!a.read_at || !canReject(a)}>
              {hostStatusLabel(a)}
            </Badge>{" "}
            {soon && (
              <Badge small severity="warning">
                Expire bientôt
              </Badge>
            )}
          </p>
          <p className={fr.cx("fr-mb-1w", "fr-text--sm")}>
            Offre « {a.offer_title} » · {a.weeks.map(weekText).join(", ")}
            <br />
            {a.school_name} · {a.class_name} · reçue le {formatDateFr(a.submitted_at)}
          </p>
          {a.expires_at && (
            <p className={fr.cx("fr-mb-0", "fr-text--sm", soon ? "fr-text--bold" : undefined)}>
              <span className={fr.cx("fr-icon-calendar-line", "fr-icon--sm")} aria-hidden="true" />{" "}
              {a.status === "accepted" ? "L'élève doit confirmer : " : "Sans réponse, "}
              {clockText(a.expires_at, now)}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}

/** On the host's home: the inbox's counts and the way in. */
export function InboxSummary({ orgId }: { orgId: string }) {
  const apps = useInbox(orgId).data;
  const counts = apps ? countByFilter(apps) : undefined;
  return (
    <section aria-labelledby="boite" className={fr.cx("fr-mt-4w")}>
      <h2 id="boite" className={fr.cx("fr-h3")}>
        Candidatures reçues
      </h2>
      {!counts ? (
        <p aria-busy="true">Chargement…</p>
      ) : counts.all === 0 ? (
        <p>Aucune candidature en cours.</p>
      ) : (
        <ul>
          <li>{plural(counts.new, "nouvelle candidature", "nouvelles candidatures")}</li>
          <li>{plural(counts.unanswered, "candidature sans réponse", "candidatures sans réponse")}</li>
          <li>
            {plural(counts.soon, "candidature expire", "candidatures expirent")} dans {SOON_DAYS} jours ou moins
          </li>
          <li>{plural(counts.accepted, "acceptée en attente de l'élève", "acceptées en attente de l'élève")}</li>
        </ul>
      )}
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <li>
          <Button linkProps={{ to: `/organismes/${orgId}/candidatures` }} priority={counts && counts.new > 0 ? "primary" : "secondary"}>
            Voir toutes les candidatures{counts ? ` (${counts.all})` : ""}
          </Button>
        </li>
        <li>
          <Button linkProps={{ to: `/organismes/${orgId}/candidatures?onglet=confirmes` }} priority="tertiary">
            Voir les stages confirmés
          </Button>
        </li>
      </ul>
    </section>
  );
}
