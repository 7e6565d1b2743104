import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import { useMemo, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { useSession } from "../../auth/session";
import { formatKm } from "../../i18n";
import { useOrganisation, useWeeksAround } from "../organisations/queries";
import { isPastWeek, neighboursText } from "../organisations/weeks";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSchoolYear } from "../campaigns/queries";
import { useOffer, usePublishOffer, useSaveOffer, useSectors } from "./queries";
import { NoticeAlert, usePageTitle } from "../../components";
import { currentSchoolYear, weekKey, weeksOfSchoolYear } from "../schools/calendar";
import { dayLabels, lunchLabels, newIdempotencyKey, weekText, type Day, type IsoWeek, type Lunch } from "./labels";
import { OfferSummary } from "./OfferSummary";
import { GuideLink } from "../guidance/GuideLink";

type OfferRequest = components["schemas"]["OfferRequest"];
type Offer = components["schemas"]["OfferResponse"];
type DaySchedule = components["schemas"]["DaySchedule"];

// The last step shows everything entered, read-only, before anything is sent.
const steps = ["L'offre", "Lieu et tuteur", "Élèves et semaines", "La semaine sur place", "Vérification"] as const;
const SUMMARY = steps.length - 1;
// Which step shows each field, to bring the host back to the first error.
const stepOfField = (field: string): number => {
  if (/^(title|description|sector_id|jobs|activities)/.test(field)) return 0;
  if (/^(address|postal_code|city|latitude|longitude|tutor_)/.test(field)) return 1;
  if (/^(schedule|lunch|accessibility|practical_info)/.test(field)) return 3;
  return 2;
};
const days: Day[] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

function emptyOffer(): OfferRequest {
  return {
    school_year: currentSchoolYear(),
    title: "",
    description: "",
    sector_id: "",
    jobs: "",
    activities: "",
    address: "",
    postal_code: "",
    city: "",
    tutor_name: "",
    tutor_function: "",
    tutor_email: "",
    tutor_phone: "",
    grades: ["quatrieme", "troisieme"],
    weeks: [],
    places_per_week: 1,
    group_mode: "individual",
    reserved_schools: [],
    rep_only: false,
    schedule: days.slice(0, 5).map((day) => ({ day, start: "09:00", end: "16:00", lunch_break_minutes: 60 })),
    lunch: "none",
    accessibility: "",
    practical_info: "",
    two_weeks_only: false,
  };
}

/** The request that would write `data` again: the edit form starts from it. */
function requestOf(data: Offer): OfferRequest {
  return {
    school_year: data.school_year,
    title: data.title,
    description: data.description,
    sector_id: data.sector.id,
    jobs: data.jobs,
    activities: data.activities,
    address: data.address,
    postal_code: data.postal_code,
    city: data.city,
    latitude: data.latitude,
    longitude: data.longitude,
    tutor_name: data.tutor_name,
    tutor_function: data.tutor_function,
    tutor_email: data.tutor_email ?? "",
    tutor_phone: data.tutor_phone ?? "",
    grades: data.grades,
    weeks: data.weeks.map((w) => w.week),
    places_per_week: data.places_per_week,
    group_mode: data.group_mode,
    reserved_schools: data.reserved_schools,
    rep_only: data.rep_only,
    schedule: data.schedule,
    lunch: data.lunch,
    accessibility: data.accessibility,
    practical_info: data.practical_info,
    two_weeks_only: data.two_weeks_only,
  };
}

/** The step-by-step offer form: create (`/organismes/:orgId/offres/nouvelle`) or edit (`/offres/:offerId/modifier`). */
export function OfferFormPage() {
  const { offerId } = useParams();
  usePageTitle(offerId ? "Modifier l'offre" : "Publier une offre");
  const query = useOffer(offerId);
  const { orgId } = useParams();
  const { user } = useSession();
  const org = useOrganisation(offerId ? undefined : orgId);
  if (!offerId) {
    if (org.isPending && !org.isError) return <p aria-busy="true">Chargement…</p>;
    // A new offer starts at the organisation's address, with the signed-in person as tutor.
    const o = org.data;
    const initial: OfferRequest = {
      ...emptyOffer(),
      address: o?.address ?? "",
      postal_code: o?.postal_code ?? "",
      city: o?.city ?? "",
      tutor_name: user ? `${user.first_name} ${user.last_name}` : "",
      tutor_email: user?.email ?? "",
      tutor_phone: user?.phone ?? "",
    };
    return <OfferEditor initial={initial} initialStatus="draft" place={placeOf(o)} />;
  }
  if (query.isError) return <Alert severity="error" title="Offre inaccessible" description={errorMessage(query.error)} />;
  if (!query.data) return <p aria-busy="true">Chargement…</p>;
  return <OfferEditor initial={requestOf(query.data)} initialStatus={query.data.status} place={placeOf(query.data)} />;
}

type Place = { latitude: number; longitude: number } | null;
const placeOf = (p?: { latitude?: number | null; longitude?: number | null }): Place =>
  p?.latitude != null && p.longitude != null ? { latitude: p.latitude, longitude: p.longitude } : null;

/** `place`: where the offer is (or its organisation, for a new one), to show the weeks the
 *  schools around chose. */
function OfferEditor({ initial, initialStatus, place }: { initial: OfferRequest; initialStatus: string; place: Place }) {
  const { orgId, offerId } = useParams();
  const navigate = useNavigate();
  const [offer, setOffer] = useState<OfferRequest>(initial);
  const [status] = useState<string>(initialStatus);
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [stepDone, setStepDone] = useState<string | null>(null);
  const sectors = useSectors().data ?? [];
  const secondeWeeks: IsoWeek[] | undefined = useSchoolYear(offer.school_year).data?.seconde_weeks;
  const saveOffer = useSaveOffer();
  const publishOffer = usePublishOffer();
  const [busy, setBusy] = useState(false);
  // One key per form: a double click re-sends the same creation, never a second offer.
  const createKey = useRef(newIdempotencyKey());
  const publishKey = useRef(newIdempotencyKey());
  const heading = useRef<HTMLHeadingElement>(null);

  const lycee = offer?.grades.includes("seconde") ?? false;
  const weekChoices = useMemo(() => (lycee ? (secondeWeeks ?? []) : weeksOfSchoolYear(offer.school_year)), [offer.school_year, lycee, secondeWeeks]);
  // Weeks over are not offered any more; one the offer already had may stay (the server keeps it).
  const chosen = (w: IsoWeek) => offer.weeks?.some((x) => weekKey(x) === weekKey(w)) ?? false;
  const hadBefore = (w: IsoWeek) => initial.weeks?.some((x) => weekKey(x) === weekKey(w)) ?? false;
  const pastCount = weekChoices.filter((w) => isPastWeek(w)).length;
  const shownWeeks = weekChoices.filter((w) => !isPastWeek(w) || hadBefore(w));
  const around = useWeeksAround(place && { ...place, school_year: offer.school_year, grade_family: lycee ? "lycee" : "college" }).data;
  const aroundText = (w: IsoWeek) => neighboursText(around?.weeks.find((x) => weekKey(x.week) === weekKey(w))?.schools ?? []);

  const set = <K extends keyof OfferRequest>(k: K, v: OfferRequest[K]) => setOffer({ ...offer, [k]: v });
  const text = (k: keyof OfferRequest) => (e: { target: { value: string } }) => set(k, e.target.value as never);
  const state = (f: string) => (errors[f] ? { state: "error" as const, stateRelatedMessage: errors[f] } : {});
  const scheduleOf = (d: Day) => offer.schedule.find((s) => s.day === d);
  const setDay = (d: Day, patch: Partial<DaySchedule> | null) => {
    const others = offer.schedule.filter((s) => s.day !== d);
    const current = scheduleOf(d) ?? { day: d, start: "09:00", end: "16:00", lunch_break_minutes: 60 };
    const next = patch === null ? others : [...others, { ...current, ...patch }];
    set(
      "schedule",
      next.sort((a, b) => days.indexOf(a.day) - days.indexOf(b.day)),
    );
  };

  function required(): Record<string, string> {
    const need: Record<number, (keyof OfferRequest)[]> = {
      0: ["title", "description", "sector_id", "jobs"],
      1: ["address", "postal_code", "city", "tutor_name", "tutor_function", "tutor_email", "tutor_phone"],
      2: [],
      3: [],
      4: [],
    };
    const out: Record<string, string> = {};
    for (const k of need[step]) if (!String(offer[k] ?? "").trim()) out[k] = "Ce champ est obligatoire.";
    return out;
  }

  function go(to: number) {
    if (to < step) setStepDone(null);
    setStep(to);
    setTimeout(() => heading.current?.focus(), 0);
  }

  function next() {
    const missing = required();
    setErrors(missing);
    if (Object.keys(missing).length === 0) {
      setStepDone(`Étape « ${steps[step]} » complète.`);
      go(step + 1);
    }
  }

  async function save(publish: boolean) {
    if (busy) return;
    setBusy(true);
    setNotice(null);
    try {
      // "The two weeks only" means something only for a seconde offer of both weeks.
      const bothWeeks = lycee && (offer.weeks ?? []).length === 2;
      const body = { ...offer, reserved_schools: (offer.reserved_schools ?? []).filter(Boolean), two_weeks_only: bothWeeks && (offer.two_weeks_only ?? false) };
      const saved = await attempt(saveOffer.mutateAsync({ offerId, orgId: orgId ?? "", idempotencyKey: createKey.current, body }));
      if (!saved.ok) {
        const fields = fieldErrors(saved.error);
        setErrors(fields);
        setNotice(errorMessage(saved.error));
        const first = Object.keys(fields).map(stepOfField).sort()[0];
        if (first !== undefined) go(first);
        return;
      }
      if (publish && saved.data.status !== "published") {
        const pub = await attempt(publishOffer.mutateAsync({ offerId: saved.data.id, idempotencyKey: publishKey.current }));
        if (!pub.ok) {
          setErrors(fieldErrors(pub.error));
          setNotice(`Offre enregistrée en brouillon, mais pas publiée : ${errorMessage(pub.error)}`);
          if (!offerId) navigate(`/offres/${saved.data.id}/modifier`, { replace: true });
          return;
        }
      }
      // Not the status badge's word ("Publiée"): the message says what happens next.
      const title = `« ${offer.title} »`;
      const text =
        publish && status !== "published"
          ? `${title} est en ligne : les élèves des établissements proches la trouvent dès maintenant.`
          : offerId
            ? `Modifications de ${title} enregistrées.`
            : `Brouillon ${title} enregistré : mettez-le en ligne quand il est prêt.`;
      navigate("/espace", { replace: true, state: { notice: text, orgId: saved.data.organisation_id } });
    } finally {
      setBusy(false);
    }
  }

  const reservedText = (offer.reserved_schools ?? []).join(", ");
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {offerId ? "Modifier l'offre" : "Publier une offre"}
      </h1>
      <Stepper currentStep={step + 1} stepCount={steps.length} title={steps[step]} nextTitle={steps[step + 1]} />
      <NoticeAlert notice={notice ? { ok: false, text: notice } : stepDone ? { ok: true, text: stepDone } : null} />
      {step === 0 && <GuideLink to="/guides/accueil#rediger-offre">Guide : rédiger une offre claire</GuideLink>}
      {step === 3 && <GuideLink to="/guides/accueil#securite-mineurs">Guide : horaires et règles pour un élève mineur</GuideLink>}
      <form noValidate onSubmit={(e) => e.preventDefault()}>
        {step === 0 && (
          <>
            <Input
              label="Titre de l'offre"
              hintText="Clair et complet : qui vous êtes, le domaine, ce que l'élève découvre, 150 caractères au plus. Par exemple « EDF - Énergie - Découverte des métiers de la distribution d'électricité »."
              nativeInputProps={{ name: "title", maxLength: 150, value: offer.title, onChange: text("title") }}
              {...state("title")}
            />
            <Input
              textArea
              label="Description"
              hintText="Répondez à ces questions : quel secteur l'élève va-t-il découvrir ? Qu'a de particulier un stage chez vous ? 1 500 caractères au plus, sans sigles ni jargon."
              nativeTextAreaProps={{ name: "description", rows: 5, maxLength: 1500, value: offer.description, onChange: text("description") }}
              {...state("description")}
            />
            <Select
              label="Secteur d'activité"
              nativeSelectProps={{ name: "sector", value: offer.sector_id, onChange: text("sector_id") }}
              {...state("sector_id")}
            >
              <option value="">Choisir un secteur</option>
              {sectors.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </Select>
            <Input
              label="Métiers observés"
              hintText="Quels métiers l'élève va-t-il observer ? Par exemple « électricienne, chef de chantier, technicien de maintenance »."
              nativeInputProps={{ name: "jobs", value: offer.jobs, onChange: text("jobs") }}
              {...state("jobs")}
            />
            <Input
              textArea
              label="Activités prévues (facultatif)"
              hintText="Que fera l'élève, jour après jour ? Par exemple « visite de l'atelier, réunion d'équipe, échange avec un apprenti »."
              nativeTextAreaProps={{ name: "activities", rows: 3, value: offer.activities ?? "", onChange: text("activities") }}
              {...state("activities")}
            />
          </>
        )}
        {step === 1 && (
          <>
            <Input
              label="Adresse du stage"
              nativeInputProps={{ name: "address", autoComplete: "street-address", value: offer.address, onChange: text("address") }}
              {...state("address")}
            />
            <Input
              label="Code postal"
              nativeInputProps={{ name: "postal_code", inputMode: "numeric", value: offer.postal_code, onChange: text("postal_code") }}
              {...state("postal_code")}
            />
            <Input label="Commune" nativeInputProps={{ name: "city", value: offer.city, onChange: text("city") }} {...state("city")} />
            <Input
              label="Nom du tuteur ou de la tutrice"
              nativeInputProps={{ name: "tutor_name", value: offer.tutor_name, onChange: text("tutor_name") }}
              {...state("tutor_name")}
            />
            <Input
              label="Fonction du tuteur"
              nativeInputProps={{ name: "tutor_function", value: offer.tutor_function, onChange: text("tutor_function") }}
              {...state("tutor_function")}
            />
            <Input
              label="E-mail du tuteur"
              nativeInputProps={{ name: "tutor_email", type: "email", value: offer.tutor_email, onChange: text("tutor_email") }}
              {...state("tutor_email")}
            />
            <Input
              label="Téléphone du tuteur"
              nativeInputProps={{ name: "tutor_phone", type: "tel", value: offer.tutor_phone, onChange: text("tutor_phone") }}
              {...state("tutor_phone")}
            />
          </>
        )}
        {step === 2 && (
          <>
            <Select
              label="Année scolaire"
              nativeSelectProps={{
                name: "school_year",
                value: offer.school_year,
                onChange: (e) => setOffer({ ...offer, school_year: e.target.value, weeks: [] }),
              }}
              {...state("school_year")}
            >
              {[
                currentSchoolYear(),
                (() => {
                  const y = Number(currentSchoolYear().slice(0, 4)) + 1;
                  return `${y}-${y + 1}`;
                })(),
              ].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </Select>
            <RadioButtons
              legend="Niveau des élèves"
              name="level"
              state={errors.grades ? "error" : "default"}
              stateRelatedMessage={errors.grades}
              options={[
                {
                  label: "Collège (quatrième et troisième)",
                  nativeInputProps: { checked: !lycee, onChange: () => setOffer({ ...offer, grades: ["quatrieme", "troisieme"], weeks: [] }) },
                },
                {
                  label: "Lycée (seconde générale et technologique)",
                  nativeInputProps: { checked: lycee, onChange: () => setOffer({ ...offer, grades: ["seconde"], weeks: [], two_weeks_only: true }) },
                },
              ]}
            />
            <Checkbox
              legend={lycee ? "Semaines (les deux semaines nationales de seconde)" : "Semaines proposées"}
              state={Object.keys(errors).some((k) => k.startsWith("weeks")) ? "error" : "default"}
              stateRelatedMessage={Object.entries(errors)
                .filter(([k]) => k.startsWith("weeks"))
                .map(([, m]) => m)
                .join(" ")}
              className={fr.cx("fr-mb-2w")}
              hintText={
                [
                  around && around.weeks.some((x) => x.schools.length > 0)
                    ? `Sous une semaine : les établissements à moins de ${formatKm(around.radius_km)} qui l'ont choisie pour leurs élèves, et combien d'élèves.`
                    : around
                      ? `Aucun établissement à moins de ${formatKm(around.radius_km)} n'a encore choisi ses semaines.`
                      : "",
                  pastCount > 0 ? "Les semaines déjà passées ne sont plus proposées." : "",
                ]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
              options={shownWeeks.map((w) => ({
                label: isPastWeek(w) ? `${weekText(w)} (passée)` : weekText(w),
                hintText: aroundText(w) || undefined,
                nativeInputProps: {
                  checked: chosen(w),
                  onChange: (e: { target: { checked: boolean } }) =>
                    set("weeks", e.target.checked ? [...(offer.weeks ?? []), w] : (offer.weeks ?? []).filter((x) => weekKey(x) !== weekKey(w))),
                },
              }))}
            />
            {lycee && (offer.weeks ?? []).length === 2 ? (
              <RadioButtons
                legend="Durée du stage pour chaque élève"
                name="two_weeks_only"
                hintText="Le guide de la seconde recommande un stage de deux semaines d'un seul tenant dans le même lieu."
                state={errors.two_weeks_only ? "error" : "default"}
                stateRelatedMessage={errors.two_weeks_only}
                options={[
                  {
                    label: "Pour les deux semaines uniquement",
                    nativeInputProps: { checked: offer.two_weeks_only ?? false, onChange: () => set("two_weeks_only", true) },
                  },
                  {
                    label: "Pour une ou deux semaines, au choix de l'élève",
                    nativeInputProps: { checked: !(offer.two_weeks_only ?? false), onChange: () => set("two_weeks_only", false) },
                  },
                ]}
              />
            ) : null}
            <Input
              label="Nombre d'élèves accueillis par semaine"
              nativeInputProps={{
                name: "places",
                type: "number",
                min: 1,
                max: 200,
                value: offer.places_per_week,
                onChange: (e) => set("places_per_week", Number(e.target.value)),
              }}
              {...state("places_per_week")}
            />
            <RadioButtons
              legend="Les élèves viennent"
              name="group_mode"
              options={[
                {
                  label: "Chacun de leur côté",
                  nativeInputProps: { checked: offer.group_mode === "individual", onChange: () => set("group_mode", "individual") },
                },
                {
                  label: "En groupe (stage collectif)",
                  nativeInputProps: { checked: offer.group_mode === "group", onChange: () => set("group_mode", "group") },
                },
              ]}
            />
            <Checkbox
              options={[
                {
                  label: "Réserver aux élèves des collèges et lycées REP / REP+",
                  nativeInputProps: { checked: offer.rep_only ?? false, onChange: (e) => set("rep_only", e.target.checked) },
                },
              ]}
            />
            <Input
              label="Réserver à certains établissements (facultatif)"
              hintText="Codes UAI séparés par des virgules, par exemple 0420916T."
              nativeInputProps={{
                name: "reserved_schools",
                value: reservedText,
                onChange: (e) =>
                  set(
                    "reserved_schools",
                    e.target.value.split(",").map((s) => s.trim().toUpperCase()),
                  ),
              }}
              {...state(Object.keys(errors).find((k) => k.startsWith("reserved_schools")) ?? "reserved_schools")}
            />
          </>
        )}
        {step === 3 && (
          <>
            <fieldset className={fr.cx("fr-fieldset")}>
              <legend className={fr.cx("fr-fieldset__legend")}>
                Horaires ({lycee ? "8 h par jour au plus en seconde" : "7 h par jour au plus au collège"}, 35 h par semaine, 5 jours au plus)
              </legend>
              {days.map((d) => {
                const s = scheduleOf(d);
                const i = offer.schedule.findIndex((x) => x.day === d);
                const err = i >= 0 ? errors[`schedule[${i}]`] : undefined;
                return (
                  <div key={d} className={fr.cx("fr-fieldset__element")}>
                    <Checkbox
                      options={[{ label: dayLabels[d], nativeInputProps: { checked: !!s, onChange: (e) => setDay(d, e.target.checked ? {} : null) } }]}
                      state={err ? "error" : "default"}
                      stateRelatedMessage={err}
                    />
                    {s && (
                      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
                        <div className={fr.cx("fr-col-4")}>
                          <Input
                            label={`Début (${dayLabels[d]})`}
                            nativeInputProps={{ type: "time", value: s.start, onChange: (e) => setDay(d, { start: e.target.value }) }}
                          />
                        </div>
                        <div className={fr.cx("fr-col-4")}>
                          <Input
                            label={`Fin (${dayLabels[d]})`}
                            nativeInputProps={{ type: "time", value: s.end, onChange: (e) => setDay(d, { end: e.target.value }) }}
                          />
                        </div>
                        <div className={fr.cx("fr-col-4")}>
                          <Input
                            label={`Pause déjeuner en minutes (${dayLabels[d]})`}
                            nativeInputProps={{
                              type: "number",
                              min: 0,
                              value: s.lunch_break_minutes,
                              onChange: (e) => setDay(d, { lunch_break_minutes: Number(e.target.value) }),
                            }}
                          />
                        </div>
                      </div>
                    )}
                  </div>
                );
              })}
              {errors.schedule && <p className={fr.cx("fr-error-text")}>{errors.schedule}</p>}
            </fieldset>
            <RadioButtons
              legend="Le déjeuner"
              name="lunch"
              options={(Object.keys(lunchLabels) as Lunch[]).map((l) => ({
                label: lunchLabels[l],
                nativeInputProps: { checked: offer.lunch === l, onChange: () => set("lunch", l) },
              }))}
            />
            <Input
              textArea
              label="Accessibilité aux élèves en situation de handicap (facultatif)"
              nativeTextAreaProps={{ name: "accessibility", rows: 2, value: offer.accessibility ?? "", onChange: text("accessibility") }}
              {...state("accessibility")}
            />
            <Input
              textArea
              label="Informations pratiques (facultatif)"
              hintText="Tenue, accès en transports, pièce d'identité…"
              nativeTextAreaProps={{ name: "practical_info", rows: 3, value: offer.practical_info ?? "", onChange: text("practical_info") }}
              {...state("practical_info")}
            />
          </>
        )}
        {step === SUMMARY && (
          <OfferSummary
            offer={offer}
            sectorName={sectors.find((x) => x.id === offer.sector_id)?.name ?? ""}
            onEdit={go}
            finalAction={status === "published" ? "Enregistrer les modifications" : "Publier l'offre"}
          >
            <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--icon-left", "fr-mt-3w")}>
              <li>
                <Button type="button" priority="secondary" iconId="fr-icon-edit-line" onClick={() => go(0)}>
                  Modifier
                </Button>
              </li>
              {status !== "published" && (
                <li>
                  <Button type="button" priority="tertiary" disabled={busy} onClick={() => save(false)}>
                    Enregistrer le brouillon
                  </Button>
                </li>
              )}
              <li>
                <Button type="button" disabled={busy} onClick={() => save(status !== "published")}>
                  {status === "published" ? "Enregistrer les modifications" : "Publier l'offre"}
                </Button>
              </li>
            </ul>
          </OfferSummary>
        )}
        {step < SUMMARY && (
          <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-mt-3w")}>
            {step > 0 && (
              <li>
                <Button type="button" priority="secondary" onClick={() => go(step - 1)}>
                  Étape précédente
                </Button>
              </li>
            )}
            <li>
              <Button type="button" onClick={next}>
                {step === SUMMARY - 1 ? "Vérifier" : "Étape suivante"}
              </Button>
            </li>
          </ul>
        )}
      </form>
    </>
  );
}
