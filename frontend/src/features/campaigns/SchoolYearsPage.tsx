import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState, type FormEvent } from "react";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert, Section, type Notice } from "../../components";
import { AdminLayout } from "../admin/AdminLayout";
import { DataTable } from "../../components/DataTable";
import { formatDateFr } from "../../dates";
import { plural } from "../../i18n";
import { useCampaigns, useCloseYear, useSaveCampaign, useSaveYearDates, useSchoolYears } from "./queries";

type SchoolYear = components["schemas"]["SchoolYearResponse"];
type CampaignView = components["schemas"]["CampaignView"];
type CloseReport = components["schemas"]["CloseReport"];
type Family = "college" | "lycee";

const familyLabels: Record<Family, string> = { college: "Collège (4e, 3e)", lycee: "Lycée (seconde)" };
const frDate = (iso: string) => formatDateFr(iso);

/** Admins: school years (dates), their campaign openings per grade family, and the year switch. */
export function SchoolYearsPage() {
  const years = useSchoolYears().data ?? [];
  // Until the admin picks one, the first open year (or the first listed).
  const [picked, setYear] = useState("");
  const year = picked || years.find((x) => !x.closed_at)?.school_year || years[0]?.school_year || "";
  const selected = years.find((y) => y.school_year === year);

  return (
    <AdminLayout title="Années scolaires et campagnes">
      <DataTable
        caption="Années scolaires"
        headers={["Année", "Rentrée", "Fin", "État"]}
        rows={years.map((y) => [y.school_year, frDate(y.starts_on), frDate(y.ends_on), y.closed_at ? `Close le ${formatDateFr(y.closed_at)}` : "Ouverte"])}
      />
      <Select label="Année à gérer" nativeSelectProps={{ value: year, onChange: (e) => setYear(e.target.value) }}>
        {years.map((y) => (
          <option key={y.school_year} value={y.school_year}>
            {y.school_year}
          </option>
        ))}
      </Select>
      {selected && (
        <>
          <YearDatesSection key={`dates-${selected.school_year}`} year={selected} />
          <CampaignSection key={`campaign-${selected.school_year}`} schoolYear={selected.school_year} closed={!!selected.closed_at} />
          <CloseYearSection key={`close-${selected.school_year}`} year={selected} />
        </>
      )}
    </AdminLayout>
  );
}

function YearDatesSection({ year }: { year: SchoolYear }) {
  const [startsOn, setStartsOn] = useState(year.starts_on);
  const [endsOn, setEndsOn] = useState(year.ends_on);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const saveDates = useSaveYearDates(year.school_year);

  async function save(e: FormEvent) {
    e.preventDefault();
    const { ok, error } = await attempt(saveDates.mutateAsync({ starts_on: startsOn, ends_on: endsOn }));
    setErrors(ok ? {} : fieldErrors(error));
    setNotice(ok ? { ok: true, text: `Dates de l'année ${year.school_year} enregistrées.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <Section id="dates-annee" title={`Dates de l'année ${year.school_year}`}>
      <NoticeAlert notice={notice} />
      <form onSubmit={save} className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Input
            label="Rentrée"
            state={errors.starts_on ? "error" : "default"}
            stateRelatedMessage={errors.starts_on}
            nativeInputProps={{ type: "date", value: startsOn, onChange: (e) => setStartsOn(e.target.value), required: true }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Input
            label="Dernier jour"
            state={errors.ends_on ? "error" : "default"}
            stateRelatedMessage={errors.ends_on}
            nativeInputProps={{ type: "date", value: endsOn, onChange: (e) => setEndsOn(e.target.value), required: true }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Button type="submit" className={fr.cx("fr-mt-md-4w")} disabled={!!year.closed_at}>
            Enregistrer les dates
          </Button>
        </div>
      </form>
    </Section>
  );
}

const phases = [
  ["hosts_open_at", "hosts_publish", "Les organismes publient à partir du"],
  ["search_open_at", "pupils_search", "Les élèves cherchent à partir du"],
  ["apply_open_at", "pupils_apply", "Les élèves candidatent à partir du"],
] as const;

function CampaignSection({ schoolYear, closed }: { schoolYear: string; closed: boolean }) {
  const campaigns = useCampaigns(schoolYear).data ?? [];
  return (
    <Section id="ouvertures" title={`Ouvertures de la campagne ${schoolYear} (heure de Paris)`}>
      {campaigns.map((c) => (
        <CampaignForm key={c.grade_family} schoolYear={schoolYear} campaign={c} closed={closed} />
      ))}
    </Section>
  );
}

function CampaignForm({ schoolYear, campaign, closed }: { schoolYear: string; campaign: CampaignView; closed: boolean }) {
  const family = campaign.grade_family as Family;
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(phases.map(([field, view]) => [field, campaign[view].opens_at ?? ""])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const saveCampaign = useSaveCampaign(schoolYear);

  async function save(e: FormEvent) {
    e.preventDefault();
    const body = Object.fromEntries(phases.map(([field]) => [field, values[field] || null]));
    const { ok, error } = await attempt(saveCampaign.mutateAsync({ family, body }));
    setErrors(ok ? {} : fieldErrors(error));
    setNotice(ok ? { ok: true, text: `Ouvertures ${familyLabels[family]} enregistrées.` } : { ok: false, text: errorMessage(error) });
  }

  return (
    <form onSubmit={save} aria-labelledby={`ouvertures-${family}`} className={fr.cx("fr-mb-4w")}>
      <h3 id={`ouvertures-${family}`} className={fr.cx("fr-h5")}>
        {familyLabels[family]} · {plural(campaign.offers_published, "offre publiée", "offres publiées")}
      </h3>
      <NoticeAlert notice={notice} />
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        {phases.map(([field, view, label]) => (
          <div key={field} className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Input
              label={label}
              hintText={campaign[view].opens_at_text ?? "Sans restriction"}
              state={errors[field] ? "error" : "default"}
              stateRelatedMessage={errors[field]}
              nativeInputProps={{ type: "datetime-local", value: values[field], onChange: (e) => setValues({ ...values, [field]: e.target.value }) }}
            />
          </div>
        ))}
      </div>
      <Button type="submit" disabled={closed}>
        Enregistrer<span className={fr.cx("fr-sr-only")}> les ouvertures {familyLabels[family]}</span>
      </Button>
    </form>
  );
}

function reportLines(r: CloseReport): string[] {
  return [
    `${plural(r.applications_closed, "candidature en cours close", "candidatures en cours closes")}, avec un message pour l'élève`,
    plural(r.classes_archived, "classe archivée", "classes archivées"),
    `${plural(r.pupils_anonymised, "élève anonymisé", "élèves anonymisés")} (un an après la fin de leur dernière année)`,
    `${plural(r.hosts_invited, "organisme invité", "organismes invités")} par courriel à renouveler ${plural(r.offers_to_renew, "offre", "offres")}`,
  ];
}

function CloseYearSection({ year }: { year: SchoolYear }) {
  const [preview, setPreview] = useState<CloseReport | null>(null);
  const [done, setDone] = useState<CloseReport | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const closeYear = useCloseYear(year.school_year);
  const busy = closeYear.isPending;

  async function close(dryRun: boolean) {
    const { ok, data, error } = await attempt(closeYear.mutateAsync(dryRun));
    if (!ok) return setNotice({ ok: false, text: errorMessage(error) });
    setNotice(null);
    if (dryRun) setPreview(data);
    else {
      setDone(data);
      setPreview(null);
    }
  }

  return (
    <Section id="cloture" title={`Clôture de l'année ${year.school_year}`}>
      <NoticeAlert notice={notice} />
      {year.closed_at && !done && <p>Cette année est close. La clore à nouveau ne change rien.</p>}
      {!year.closed_at && !preview && !done && (
        <>
          <p>
            Après le dernier jour de l'année : les candidatures en cours sont closes, les classes archivées, les données des élèves anonymisées selon les règles
            de conservation, et les organismes invités à renouveler leurs offres. Les statistiques de l'année ne bougent plus.
          </p>
          <Button priority="secondary" onClick={() => void close(true)} disabled={busy}>
            Simuler la clôture
          </Button>
        </>
      )}
      {preview && (
        <div role="status">
          <p>La clôture de {preview.school_year} ferait :</p>
          <ul>
            {reportLines(preview).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
          <Button onClick={() => void close(false)} disabled={busy}>
            Clore l'année {year.school_year}
          </Button>
        </div>
      )}
      {done && (
        <div role="status">
          <p>Année {done.school_year} close :</p>
          <ul>
            {reportLines(done).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
