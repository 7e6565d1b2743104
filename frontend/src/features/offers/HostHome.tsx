import { fr } from "@codegouvfr/react-dsfr";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, usePageTitle } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { currentSchoolYear } from "../schools/calendar";
import { kindLabels, statusLabels, type OrganisationKind } from "./labels";
import { AgreementsSection } from "../agreements/AgreementPages";
import { plural } from "../../i18n";
import { weekText } from "../../dates";
import { isPastWeek } from "../organisations/weeks";
import { InboxSummary } from "../applications/InboxPage";
import { InvitationsPanel } from "../organisations/Invitations";
import { useMyInvitations } from "../organisations/queries";
import { OrganisationStatusFields } from "./OrganisationStatusFields";
import {
  useCompanyLookup,
  useCreateOrganisation,
  useMinistries,
  useMyOrganisations,
  useOfferAction,
  useOrganisationOffers,
  usePublishOffer,
  type OfferAction,
} from "./queries";

type Organisation = components["schemas"]["OrganisationResponse"];
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
type Notice = { ok: boolean; text: string } | null;

/** The host's space: invitations waiting for an answer, create the organisation, then manage
 *  its offers, inbox and team. One who belongs to several organisations chooses which one shows
 *  (kept in the URL: `?organisme=<id>`). */
export function HostHome() {
  usePageTitle("Mon espace organisme d'accueil");
  const query = useMyOrganisations();
  const orgs = query.data ?? (query.isError ? [] : undefined);
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  // A page that sent the host back here (the offer form) may say what it did.
  const sent = location.state as { notice?: string; orgId?: string } | null;
  const chosen = params.get("organisme") ?? sent?.orgId;
  const choose = (id: string) => setParams({ organisme: id }, { replace: true });
  const [inviteNotice, setInviteNotice] = useState<Notice>(null);
  // The same list as the invitations' panel (one request): someone invited joins rather than
  // registering the organisation a second time.
  const pending = useMyInvitations();

  // Under the page's title (headings in order), whatever the page shows.
  const invitations = (
    <>
      <NoticeAlert notice={inviteNotice} />
      <InvitationsPanel onNotice={setInviteNotice} onAccepted={choose} />
    </>
  );
  if (!orgs) return <p aria-busy="true">Chargement…</p>;
  if (orgs.length === 0) return <CreateOrganisation invitations={invitations} invited={(pending.data ?? []).length > 0} />;
  const org = orgs.find((o) => o.id === chosen) ?? orgs[0];
  return (
    <>
      <OrganisationSpace
        key={org.id}
        org={org}
        invitations={invitations}
        sentNotice={sent?.notice ?? null}
        switcher={
          orgs.length > 1 ? (
            <Select
              label="Organisme affiché"
              hint={`Vous êtes membre de ${orgs.length} organismes.`}
              nativeSelectProps={{ name: "organisme", value: org.id, onChange: (e) => choose(e.target.value) }}
            >
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name} ({o.city})
                </option>
              ))}
            </Select>
          ) : null
        }
      />
    </>
  );
}

function CreateOrganisation({ invitations, invited }: { invitations: ReactNode; invited: boolean }) {
  const [other, setOther] = useState(false);
  if (invited && !other)
    return (
      <>
        <h1>Mon organisme d'accueil</h1>
        {invitations}
        <p>Acceptez l'invitation pour rejoindre l'équipe : l'organisme est déjà présenté sur Passerelle, inutile de le présenter à nouveau.</p>
        <Button priority="tertiary" onClick={() => setOther(true)}>
          Présenter un autre organisme
        </Button>
      </>
    );
  return <CreateOrganisationForm invitations={invitations} />;
}

function CreateOrganisationForm({ invitations }: { invitations: ReactNode }) {
  const ministries = useMinistries().data ?? [];
  const companyLookup = useCompanyLookup();
  const createOrganisation = useCreateOrganisation();
  const [form, setForm] = useState({
    name: "",
    siret: "",
    kind: "company" as OrganisationKind,
    is_public: false,
    ministry_id: "",
    group_name: "",
    naf_code: "",
    address: "",
    postal_code: "",
    city: "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const state = (f: string) => (errors[f] ? { state: "error" as const, stateRelatedMessage: errors[f] } : {});

  // Fills the form from the company directory when the platform has one; otherwise says so.
  async function lookup() {
    const { ok, data, error } = await attempt(companyLookup.mutateAsync(form.siret));
    if (ok) {
      const c = data.company;
      setForm({ ...form, name: form.name || c.name, address: c.address, postal_code: c.postal_code, city: c.city, naf_code: c.naf_code ?? form.naf_code });
      setNotice(null);
    } else setNotice(errorMessage(error));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(
      createOrganisation.mutateAsync({
        name: form.name,
        siret: form.siret,
        kind: form.kind,
        is_public: form.is_public,
        ministry_id: form.is_public ? form.ministry_id || null : null,
        group_name: form.is_public ? null : form.group_name || null,
        naf_code: form.naf_code || null,
        address: form.address,
        postal_code: form.postal_code,
        city: form.city,
      }),
    );
    if (!ok) {
      setErrors(fieldErrors(error));
      setNotice(errorMessage(error));
    }
  }

  return (
    <>
      <h1>Mon organisme d'accueil</h1>
      {invitations}
      <p>Présentez votre organisme : vous pourrez ensuite publier vos offres de stage et inviter vos collègues tuteurs.</p>
      <NoticeAlert notice={notice ? { ok: false, text: notice } : null} />
      <form onSubmit={submit} noValidate>
        <Input label="Nom de l'organisme" nativeInputProps={{ name: "org_name", value: form.name, onChange: set("name") }} {...state("name")} />
        <Input
          label="SIRET"
          hintText="14 chiffres, sur votre Kbis ou l'annuaire des entreprises."
          nativeInputProps={{ name: "siret", inputMode: "numeric", value: form.siret, onChange: set("siret") }}
          {...state("siret")}
        />
        <Button type="button" priority="tertiary" size="small" className={fr.cx("fr-mb-3w")} onClick={lookup}>
          Remplir depuis l'annuaire des entreprises
        </Button>
        <OrganisationStatusFields form={form} change={(patch) => setForm({ ...form, ...patch })} state={state} ministries={ministries} />
        <Input
          label="Code NAF (facultatif)"
          hintText="Par exemple 43.21A : il présélectionne le secteur d'activité."
          nativeInputProps={{ name: "naf_code", value: form.naf_code, onChange: set("naf_code") }}
          {...state("naf_code")}
        />
        <Input
          label="Adresse"
          nativeInputProps={{ name: "address", autoComplete: "street-address", value: form.address, onChange: set("address") }}
          {...state("address")}
        />
        <Input
          label="Code postal"
          nativeInputProps={{ name: "postal_code", inputMode: "numeric", autoComplete: "postal-code", value: form.postal_code, onChange: set("postal_code") }}
          {...state("postal_code")}
        />
        <Input label="Commune" nativeInputProps={{ name: "city", value: form.city, onChange: set("city") }} {...state("city")} />
        <Button type="submit">Enregistrer mon organisme</Button>
      </form>
    </>
  );
}

function OrganisationSpace({
  org,
  invitations,
  sentNotice,
  switcher,
}: {
  org: Organisation;
  invitations: ReactNode;
  sentNotice: string | null;
  switcher: ReactNode;
}) {
  const query = useOrganisationOffers(org.id);
  const offers = query.data ?? (query.isError ? [] : undefined);
  const publish = usePublishOffer();
  const offerAction = useOfferAction();
  const [notice, setNotice] = useState<Notice>(sentNotice ? { ok: true, text: sentNotice } : null);

  async function run(label: string, action: OfferAction | { offerId: string; action: "publish" }) {
    const { ok, error } = await attempt<unknown>(
      action.action === "publish" ? publish.mutateAsync({ offerId: action.offerId }) : offerAction.mutateAsync(action),
    );
    setNotice(ok ? { ok: true, text: label } : { ok: false, text: errorMessage(error) });
  }

  const nextYear = (() => {
    const [a, b] = currentSchoolYear().split("-").map(Number);
    return `${a + 1}-${b + 1}`;
  })();

  return (
    <>
      <h1>{org.name}</h1>
      <p className={fr.cx("fr-text--lead")}>
        {kindLabels[org.kind]} · {org.city} · SIRET {org.siret}
      </p>
      {switcher}
      {invitations}
      <NoticeAlert notice={notice} />
      {/* A group's icon buttons are icon-only unless the group says where icons go. */}
      <div className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--icon-left")}>
        <Button iconId="fr-icon-add-line" iconPosition="left" linkProps={{ to: `/organismes/${org.id}/offres/nouvelle` }}>
          Publier une offre
        </Button>
        <Button iconId="fr-icon-user-line" iconPosition="left" priority="secondary" linkProps={{ to: `/organismes/${org.id}/equipe` }}>
          Mon équipe
        </Button>
        <Button iconId="fr-icon-chat-3-line" iconPosition="left" priority="secondary" linkProps={{ to: `/organismes/${org.id}/retours` }}>
          Retours des élèves
        </Button>
      </div>
      <GuideLink to="/guides/accueil#avant-la-semaine">Guide : préparer la semaine et accueillir un élève mineur</GuideLink>
      <InboxSummary orgId={org.id} />
      <AgreementsSection />
      <h2 className={fr.cx("fr-h3", "fr-mt-4w")}>Mes offres</h2>
      {!offers ? (
        <p aria-busy="true">Chargement…</p>
      ) : offers.length === 0 ? (
        <p>Aucune offre pour l'instant.</p>
      ) : (
        <ul className={fr.cx("fr-raw-list")}>
          {offers.map((o) => (
            <li key={o.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
              <h3 className={fr.cx("fr-h5", "fr-mb-1w")}>
                <Link to={`/offres/${o.id}`}>{o.title}</Link>
              </h3>
              <p className={fr.cx("fr-mb-1w")}>
                <Badge severity={o.status === "published" ? "success" : "info"} small>
                  {statusLabels[o.status]}
                </Badge>{" "}
                {o.hidden && (
                  <Badge severity="error" small>
                    Masquée par la modération
                  </Badge>
                )}{" "}
                {o.school_year} · {o.city} · {plural(o.places_left, "place restante", "places restantes")} ·{" "}
                {plural(o.applications, "candidature", "candidatures")}
              </p>
              <p className={fr.cx("fr-mb-1w", "fr-text--sm")}>
                {o.weeks.length === 0
                  ? "Aucune semaine choisie : modifiez l'offre pour en ajouter."
                  : o.weeks
                      .map(
                        (w) =>
                          `${capitalize(weekText(w.week))}${isPastWeek(w.week) ? " (passée)" : ""} : ${plural(w.confirmed, "stage confirmé", "stages confirmés")} sur ${plural(w.places, "place", "places")}`,
                      )
                      .join(" · ")}
              </p>
              <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm", "fr-btns-group--sm")}>
                <li>
                  <Link className={fr.cx("fr-btn")} to={`/offres/${o.id}/candidatures`}>
                    Candidatures ({o.applications})<span className={fr.cx("fr-sr-only")}> à « {o.title} »</span>
                  </Link>
                </li>
                <li>
                  <Link className={fr.cx("fr-btn", "fr-btn--secondary")} to={`/offres/${o.id}/modifier`}>
                    Modifier<span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                  </Link>
                </li>
                {o.status !== "published" ? (
                  <li>
                    <Button onClick={() => run("Offre publiée.", { offerId: o.id, action: "publish" })}>
                      Publier<span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                    </Button>
                  </li>
                ) : (
                  <li>
                    <Button priority="secondary" onClick={() => run("Offre retirée de la recherche.", { offerId: o.id, action: "unpublish" })}>
                      Retirer<span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                    </Button>
                  </li>
                )}
                <li>
                  <Button priority="tertiary" onClick={() => run("Copie créée (brouillon).", { offerId: o.id, action: "duplicate" })}>
                    Dupliquer<span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                  </Button>
                </li>
                <li>
                  <Button
                    priority="tertiary"
                    onClick={() =>
                      run(`Offre renouvelée pour ${nextYear} : choisissez ses semaines.`, { offerId: o.id, action: "renew", schoolYear: nextYear })
                    }
                  >
                    Renouveler pour {nextYear}
                    <span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                  </Button>
                </li>
                <li>
                  <Button
                    priority="tertiary"
                    title="Toutes les semaines de l'année scolaire que ses niveaux peuvent prendre (en seconde : les deux semaines nationales)"
                    onClick={() =>
                      run(`Offre renouvelée pour toute l'année ${nextYear} (brouillon) : vérifiez-la puis publiez-la.`, {
                        offerId: o.id,
                        action: "renew",
                        schoolYear: nextYear,
                        wholeYear: true,
                      })
                    }
                  >
                    Renouveler pour toute l'année {nextYear}
                    <span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                  </Button>
                </li>
                <li>
                  <Button
                    priority="tertiary no outline"
                    onClick={() => {
                      if (window.confirm(`Supprimer « ${o.title} » ?`)) void run("Offre supprimée.", { offerId: o.id, action: "delete" });
                    }}
                  >
                    Supprimer<span className={fr.cx("fr-sr-only")}> « {o.title} »</span>
                  </Button>
                </li>
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
