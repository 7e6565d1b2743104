import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { ToggleSwitch } from "@codegouvfr/react-dsfr/ToggleSwitch";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { DataTable } from "../../components/DataTable";
import { formatDateTimeFr } from "../../dates";
import { plural } from "../../i18n";
import { SecondeSection } from "./SchoolSections";
import { useAccessLog, useConsentSettings, usePupils, useSearchScope, type SchoolDetail } from "./queries";

export const RADIUS_MIN = 5;
export const RADIUS_MAX = 200;

/** What the radius field holds, checked before it is sent (the server checks again). */
export function radiusProblem(value: string): string | null {
  const n = Number(value);
  if (!value.trim() || !Number.isInteger(n)) return "Indiquez un nombre entier de kilomètres.";
  if (n < RADIUS_MIN || n > RADIUS_MAX) return `Choisissez entre ${RADIUS_MIN} et ${RADIUS_MAX} km.`;
  return null;
}

function SearchScopeForm({ school }: { school: SchoolDetail }) {
  const uai = school.school.uai;
  const save = useSearchScope(uai);
  const [national, setNational] = useState(school.national_search);
  const [radius, setRadius] = useState(String(school.search_radius_km));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problem = national ? null : radiusProblem(radius);
    if (problem) return setError(problem);
    setError(null);
    const km = national ? school.search_radius_km : Number(radius);
    const { ok, error: err } = await attempt(save.mutateAsync({ national_search: national, search_radius_km: km }));
    if (ok) {
      setNotice({
        ok: true,
        text: national
          ? "Vos élèves voient désormais les offres de toute la France."
          : `Vos élèves voient désormais les offres à ${km} km au plus de l'établissement.`,
      });
    } else {
      setError(fieldErrors(err).search_radius_km ?? null);
      setNotice({ ok: false, text: errorMessage(err) });
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="zone-recherche" className={fr.cx("fr-mb-6w")}>
      <h3 id="zone-recherche" className={fr.cx("fr-h5")}>
        Zone de recherche des élèves
      </h3>
      <NoticeAlert notice={notice} />
      <RadioButtons
        legend="Offres proposées à vos élèves"
        name="search_scope"
        options={[
          {
            label: "Autour de l'établissement",
            hintText: "Les offres à une distance que vous choisissez",
            nativeInputProps: { checked: !national, onChange: () => setNational(false) },
          },
          {
            label: "Dans toute la France",
            hintText: "Par exemple pour un internat ou des élèves qui peuvent être hébergés ailleurs",
            nativeInputProps: { checked: national, onChange: () => setNational(true) },
          },
        ]}
      />
      {!national ? (
        <Input
          label="Distance maximale autour de l'établissement (km)"
          hintText={`Entre ${RADIUS_MIN} et ${RADIUS_MAX} km`}
          nativeInputProps={{
            name: "search_radius_km",
            type: "number",
            inputMode: "numeric",
            min: RADIUS_MIN,
            max: RADIUS_MAX,
            value: radius,
            onChange: (e) => setRadius(e.target.value),
          }}
          {...(error ? { state: "error" as const, stateRelatedMessage: error } : {})}
        />
      ) : null}
      <Button type="submit" disabled={save.isPending}>
        Enregistrer la zone de recherche
      </Button>
    </form>
  );
}

function ConsentSettingsForm({ school }: { school: SchoolDetail }) {
  const save = useConsentSettings(school.school.uai);
  const [notice, setNotice] = useState<Notice>(null);
  async function toggle(required: boolean) {
    const { ok, error } = await attempt(save.mutateAsync(required));
    setNotice(
      ok
        ? {
            ok: true,
            text: required
              ? "L'autorisation numérisée est désormais demandée avant d'enregistrer une autorisation parentale."
              : "L'autorisation numérisée est désormais facultative.",
          }
        : { ok: false, text: errorMessage(error) },
    );
  }
  return (
    <section aria-labelledby="reglage-autorisation" className={fr.cx("fr-mb-6w")}>
      <h3 id="reglage-autorisation" className={fr.cx("fr-h5")}>
        Autorisation parentale
      </h3>
      <NoticeAlert notice={notice} />
      <p>
        Un élève ne peut chercher de stage qu'une fois l'autorisation de sa famille enregistrée. Vous pouvez demander à l'équipe de joindre le formulaire signé,
        scanné ou photographié, avant de l'enregistrer.
      </p>
      <ToggleSwitch
        label="Exiger l'autorisation numérisée avant d'enregistrer l'autorisation parentale"
        checked={school.consent_scan_required}
        disabled={save.isPending}
        onChange={(checked) => void toggle(checked)}
      />
    </section>
  );
}

/** The principal's settings: where pupils search, the consent's paperwork, the seconde split. */
export function SettingsSection({ school }: { school: SchoolDetail }) {
  return (
    <>
      <Section id="parametres" title="Paramètres">
        <SearchScopeForm school={school} />
        <ConsentSettingsForm school={school} />
      </Section>
      {school.school.kind.includes("lycee") ? <SecondeSection uai={school.school.uai} splitsAllowed={school.splits_allowed} /> : null}
    </>
  );
}

const resourceLabels: Record<string, string> = {
  pupil_profile: "fiche de l'élève",
  application: "candidature",
  agreement: "convention",
  agreement_pdf: "convention (PDF)",
  consent: "autorisation parentale",
  consent_form: "autorisation numérisée",
};

/** Who read or changed the personal data of the school's pupils (the principal only). */
export function AccessLogSection({ uai }: { uai: string }) {
  const [page, setPage] = useState(1);
  const log = useAccessLog(uai, page);
  const pupils = usePupils(uai).data;
  const pupilName = (id: string) => {
    const p = pupils?.find((x) => x.user_id === id);
    return p ? `${p.first_name} ${p.last_name}` : "—";
  };
  const data = log.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.per_page)) : 1;
  return (
    <Section id="journal" title="Journal d'accès">
      <p>Chaque consultation ou modification des données personnelles de vos élèves est enregistrée : qui, quand, quelle donnée.</p>
      {log.isError ? (
        <NoticeAlert notice={{ ok: false, text: errorMessage(log.error) }} />
      ) : !data ? (
        <p aria-busy="true">Chargement…</p>
      ) : data.items.length === 0 ? (
        <p>Aucune consultation enregistrée pour l'instant.</p>
      ) : (
        <>
          <DataTable
            caption={`Consultations et modifications, page ${page} sur ${pages} (${plural(data.total, "entrée", "entrées")})`}
            headers={["Date", "Personne", "Action", "Donnée", "Élève"]}
            rows={data.items.map((e) => [
              formatDateTimeFr(e.at),
              e.actor_name || e.actor_id,
              e.action === "read" ? "consultation" : "modification",
              resourceLabels[e.resource] ?? e.resource,
              pupilName(e.pupil_id),
            ])}
          />
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline", "fr-btns-group--sm")}>
            <li>
              <Button priority="secondary" size="small" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                Page précédente
              </Button>
            </li>
            <li>
              <Button priority="secondary" size="small" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                Page suivante
              </Button>
            </li>
          </ul>
          <p className={fr.cx("fr-text--sm")}>
            Le détail pour un élève figure aussi sur sa fiche (depuis la rubrique <Link to={`/etablissement/${uai}/eleves`}>Élèves</Link>).
          </p>
        </>
      )}
    </Section>
  );
}
