import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useId, useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import type { Outcome } from "../../api/query";
import { weekText, type IsoWeek } from "../../dates";
import { weekKey, weeksOfSchoolYear } from "../schools/calendar";
import { SCAN_MAX_BYTES, SCAN_TYPES, type ExternalInternshipRequest } from "./queries";

/** Who reads the form: the pupil ("tu") or the school's staff ("vous"). */
export type Voice = "tu" | "vous";

export type Draft = { host_name: string; siret: string; street: string; postal_code: string; city: string; weeks: string[] };

const emptyDraft: Draft = { host_name: "", siret: "", street: "", postal_code: "", city: "", weeks: [] };

const words = {
  tu: {
    host: "Indique le nom de l'organisme qui t'accueille.",
    street: "Indique l'adresse du lieu de stage.",
    postal: "Indique le code postal : 5 chiffres.",
    city: "Indique la commune.",
    siret: "Le SIRET compte 14 chiffres : laisse vide si tu ne le connais pas.",
    week: "Choisis la semaine de ton stage.",
    weeks: "Choisis une ou deux semaines de stage.",
    scan: "Le fichier doit être un PDF, une image JPEG ou PNG de 5 Mo au plus.",
    fix: "Corrige les champs signalés ci-dessous.",
  },
  vous: {
    host: "Indiquez le nom de l'organisme d'accueil.",
    street: "Indiquez l'adresse du lieu de stage.",
    postal: "Indiquez le code postal : 5 chiffres.",
    city: "Indiquez la commune.",
    siret: "Le SIRET compte 14 chiffres : laissez vide s'il n'est pas connu.",
    week: "Choisissez la semaine du stage.",
    weeks: "Choisissez une ou deux semaines de stage.",
    scan: "Le fichier doit être un PDF, une image JPEG ou PNG de 5 Mo au plus.",
    fix: "Corrigez les champs signalés ci-dessous.",
  },
};

/** What is missing or wrong before sending, field by field (the server checks again). */
export function draftErrors(d: Draft, voice: Voice, maxWeeks: number): Record<string, string> {
  const w = words[voice];
  const out: Record<string, string> = {};
  if (d.host_name.trim().length < 2) out.host_name = w.host;
  const siret = d.siret.replace(/\s/g, "");
  if (siret && !/^\d{14}$/.test(siret)) out.siret = w.siret;
  if (d.street.trim().length < 2) out.street = w.street;
  if (!/^\d{5}$/.test(d.postal_code.trim())) out.postal_code = w.postal;
  if (!d.city.trim()) out.city = w.city;
  const weeks = d.weeks.filter(Boolean);
  if (weeks.length === 0 || weeks.length > maxWeeks) out.weeks = maxWeeks > 1 ? w.weeks : w.week;
  return out;
}

/** The request the API reads, from the form's text. */
export function toRequest(d: Draft): ExternalInternshipRequest {
  const weeks = [...new Set(d.weeks.filter(Boolean))];
  return {
    host_name: d.host_name.trim(),
    siret: d.siret.replace(/\s/g, "") || null,
    street: d.street.trim(),
    postal_code: d.postal_code.trim(),
    city: d.city.trim(),
    weeks,
  };
}

/** The server's field errors, keyed by the form's fields (`weeks[0]` is the weeks' question). */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const key = field.startsWith("weeks") ? "weeks" : field;
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
}

/** Where an internship found outside Passerelle takes place, and when: the pupil declares it, the
 *  staff record it. `weeks`: the pupil's internship weeks still free, as the API checks them;
 *  null when the school set none for a collège's class (the API then takes any week of the
 *  school year). The scan of the signed agreement is optional and sent once the record exists. */
export function ExternalInternshipForm({
  voice,
  weeks,
  maxWeeks,
  schoolYear,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  voice: Voice;
  weeks: IsoWeek[] | null;
  maxWeeks: number;
  schoolYear: string;
  submitLabel: string;
  /** Sends the record, then the scan when there is one; says how it went. */
  onSubmit: (body: ExternalInternshipRequest, scan: File | null) => Promise<Outcome<unknown>>;
  onCancel?: () => void;
}) {
  const w = words[voice];
  const [draft, setDraft] = useState<Draft>(() => ({ ...emptyDraft, weeks: weeks?.length === 1 ? [weekKey(weeks[0])] : [] }));
  const [scan, setScan] = useState<File | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const scanId = useId();
  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const state = (k: string) => (errors[k] ? { state: "error" as const, stateRelatedMessage: errors[k] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const found = draftErrors(draft, voice, maxWeeks);
    if (scan && (scan.size > SCAN_MAX_BYTES || !SCAN_TYPES.split(",").includes(scan.type))) found.scan = w.scan;
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure(w.fix);
      return;
    }
    setFailure(null);
    setBusy(true);
    const { ok, error } = await onSubmit(toRequest(draft), scan);
    setBusy(false);
    if (ok) {
      setDraft({ ...emptyDraft });
      setScan(null);
      return;
    }
    setErrors(serverFieldErrors(error));
    setFailure(errorMessage(error));
  }

  const pupil = voice === "tu";
  const known = weeks;
  const toggleWeek = (key: string, on: boolean) => setDraft({ ...draft, weeks: on ? [...draft.weeks, key] : draft.weeks.filter((k) => k !== key) });
  const anyWeek = weeksOfSchoolYear(schoolYear);

  return (
    <form onSubmit={submit} noValidate aria-label={pupil ? "Déclarer mon stage trouvé en dehors de Passerelle" : "Enregistrer un stage trouvé hors plateforme"}>
      {failure && <Alert small severity="error" description={failure} role="alert" className={fr.cx("fr-mb-2w")} />}
      <Input
        label={pupil ? "Nom de l'organisme qui t'accueille" : "Nom de l'organisme d'accueil"}
        hintText="Entreprise, association, administration… comme sur la convention"
        nativeInputProps={{ name: "host_name", value: draft.host_name, onChange: set("host_name"), autoComplete: "organization", maxLength: 200 }}
        {...state("host_name")}
      />
      <Input
        label="Numéro SIRET (facultatif)"
        hintText={pupil ? "14 chiffres, sur la convention ou les documents de l'organisme" : "14 chiffres, s'il est connu"}
        nativeInputProps={{ name: "siret", value: draft.siret, onChange: set("siret"), inputMode: "numeric", autoComplete: "off", maxLength: 20 }}
        {...state("siret")}
      />
      <Input
        label="Adresse du lieu de stage"
        hintText="Numéro et rue"
        nativeInputProps={{ name: "street", value: draft.street, onChange: set("street"), autoComplete: "street-address", maxLength: 200 }}
        {...state("street")}
      />
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-3w")}>
        <div className={fr.cx("fr-col-12", "fr-col-sm-4")}>
          <Input
            label="Code postal"
            nativeInputProps={{
              name: "postal_code",
              value: draft.postal_code,
              onChange: set("postal_code"),
              inputMode: "numeric",
              autoComplete: "postal-code",
              maxLength: 5,
            }}
            {...state("postal_code")}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-sm-8")}>
          <Input
            label="Commune"
            nativeInputProps={{ name: "city", value: draft.city, onChange: set("city"), autoComplete: "address-level2", maxLength: 100 }}
            {...state("city")}
          />
        </div>
      </div>
      {known && known.length === 0 ? (
        // Every internship week is covered already: no other week would be accepted.
        <p className={fr.cx("fr-mb-3w")}>
          {pupil ? "Tes semaines de stage sont déjà toutes prises." : "Les semaines de stage de l'élève sont déjà toutes prises."}
        </p>
      ) : known && maxWeeks === 1 ? (
        <RadioButtons
          legend={pupil ? "Semaine de ton stage" : "Semaine du stage"}
          hintText={pupil ? "La semaine de stage fixée par ton établissement" : "La semaine de stage de l'établissement pour cette classe"}
          name="weeks"
          options={known.map((k) => ({
            label: capitalise(weekText(k)),
            nativeInputProps: { value: weekKey(k), checked: draft.weeks.includes(weekKey(k)), onChange: () => setDraft({ ...draft, weeks: [weekKey(k)] }) },
          }))}
          {...state("weeks")}
        />
      ) : known ? (
        <Checkbox
          legend={pupil ? "Semaines de ton stage" : "Semaines du stage"}
          hintText={
            pupil
              ? "Coche la ou les semaines passées dans cet organisme (une seule si tu fais ta deuxième semaine ailleurs)"
              : "La ou les semaines passées dans cet organisme"
          }
          options={known.map((k) => ({
            label: capitalise(weekText(k)),
            nativeInputProps: {
              name: "weeks",
              value: weekKey(k),
              checked: draft.weeks.includes(weekKey(k)),
              onChange: (e) => toggleWeek(weekKey(k), e.target.checked),
            },
          }))}
          {...state("weeks")}
        />
      ) : (
        <Select
          label={pupil ? "Semaine de ton stage" : "Semaine du stage"}
          hint={pupil ? "La semaine où tu fais ton stage (du lundi au vendredi)" : "La semaine du stage (du lundi au vendredi)"}
          nativeSelectProps={{
            name: "weeks",
            value: draft.weeks[0] ?? "",
            onChange: (e) => setDraft({ ...draft, weeks: e.target.value ? [e.target.value] : [] }),
          }}
          {...state("weeks")}
        >
          <option value="">Choisir une semaine</option>
          {anyWeek.map((k) => (
            <option key={weekKey(k)} value={weekKey(k)}>
              {capitalise(weekText(k))}
            </option>
          ))}
        </Select>
      )}
      <div className={fr.cx("fr-upload-group", "fr-mb-3w", ...(errors.scan ? (["fr-input-group--error"] as const) : []))}>
        <label className={fr.cx("fr-label")} htmlFor={scanId}>
          Convention de stage signée (facultatif)
          <span className={fr.cx("fr-hint-text")}>
            {pupil ? "Si tu l'as déjà : scan ou photo, en PDF, JPEG ou PNG, 5 Mo au plus." : "Scan ou photo, en PDF, JPEG ou PNG, 5 Mo au plus."}
          </span>
        </label>
        <input
          className={fr.cx("fr-upload")}
          type="file"
          id={scanId}
          name="agreement"
          accept={SCAN_TYPES}
          aria-describedby={errors.scan ? `${scanId}-error` : undefined}
          onChange={(e) => setScan(e.target.files?.[0] ?? null)}
        />
        {errors.scan ? (
          <p id={`${scanId}-error`} className={fr.cx("fr-error-text")}>
            {errors.scan}
          </p>
        ) : null}
      </div>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md")}>
        <li>
          <Button type="submit" disabled={busy}>
            {submitLabel}
          </Button>
        </li>
        {onCancel ? (
          <li>
            <Button type="button" priority="secondary" onClick={onCancel}>
              Annuler
            </Button>
          </li>
        ) : null}
      </ul>
    </form>
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
