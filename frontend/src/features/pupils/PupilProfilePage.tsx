import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useMyPupilProfile, useSaveProfile } from "./queries";
import { usePageTitle } from "../../components";
import { PageSkeleton } from "../../components/PageSkeleton";

type Profile = components["schemas"]["MyPupilProfile"];
type Gender = components["schemas"]["Gender"];
type Representative = components["schemas"]["LegalRepresentative"];
type Cv = components["schemas"]["Cv"];

const genders: { value: Gender; label: string }[] = [
  { value: "female", label: "Fille" },
  { value: "male", label: "Garçon" },
  { value: "not_stated", label: "Je ne souhaite pas le dire" },
];

const cvFields: { key: keyof Cv; label: string; hint: string; max: number }[] = [
  { key: "interests", label: "Mes centres d'intérêt", hint: "Sport, musique, dessin, jeux vidéo, bénévolat…", max: 1000 },
  { key: "skills", label: "Mes qualités et compétences", hint: "Curieux, à l'écoute, à l'aise à l'oral, bricoleur…", max: 1000 },
  { key: "languages", label: "Les langues que je parle", hint: "Français, anglais (collège), arabe (à la maison)…", max: 500 },
  { key: "activities", label: "Mes activités au collège ou au lycée", hint: "Délégué de classe, club théâtre, association sportive…", max: 1000 },
];

const emptyRep: Representative = { name: "", email: "", phone: "" };

/** The pupil's profile and online CV, reused for every application. */
export function PupilProfilePage() {
  usePageTitle("Mon profil et mon CV");
  const { data: profile } = useMyPupilProfile();
  if (!profile) return <PageSkeleton />;
  return <ProfileForm profile={profile} />;
}

/** The form, filled from the profile as it was read. */
function ProfileForm({ profile }: { profile: Profile }) {
  const saveProfile = useSaveProfile();
  const [form, setForm] = useState({
    birth_date: profile.birth_date ?? "",
    gender: profile.gender,
    home_postal_code: profile.home_postal_code ?? "",
    contact_phone: profile.contact_phone ?? "",
  });
  const [reps, setReps] = useState<Representative[]>(
    profile.legal_representatives.length > 0
      ? profile.legal_representatives.map((r) => ({ name: r.name, email: r.email ?? "", phone: r.phone ?? "" }))
      : [{ ...emptyRep }],
  );
  const [cv, setCv] = useState<Cv>(profile.cv);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    const { ok, error } = await attempt(
      saveProfile.mutateAsync({
        birth_date: form.birth_date || null,
        gender: form.gender,
        home_postal_code: form.home_postal_code || null,
        contact_phone: form.contact_phone || null,
        legal_representatives: reps
          .filter((r) => r.name.trim() || r.email || r.phone)
          .map((r) => ({ name: r.name, email: r.email || null, phone: r.phone || null })),
        cv,
      }),
    );
    if (ok) {
      setErrors({});
      setNotice({ ok: true, text: "Ton profil est enregistré." });
    } else {
      setErrors(fieldErrors(error));
      setNotice({ ok: false, text: errorMessage(error) });
    }
  }

  if (!profile.school) {
    return (
      <>
        <h1>Mon profil et mon CV</h1>
        <p>
          Choisis d'abord ton établissement et ta classe depuis <Link to="/espace">ton espace</Link>.
        </p>
      </>
    );
  }
  const state = (field: string) => (errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {});
  const setRep = (i: number, k: keyof Representative, v: string) => setReps(reps.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  return (
    <>
      <h1>Mon profil et mon CV</h1>
      <p>
        Ces informations accompagnent chacune de tes candidatures. Ta date de naissance, ton code postal et tes représentants légaux ne sont visibles que par
        toi et l'équipe de ton établissement ; l'organisme qui t'accueille voit ton CV et ta lettre.
      </p>
      {notice && (
        <Alert small severity={notice.ok ? "success" : "error"} description={notice.text} className={fr.cx("fr-mb-2w")} role={notice.ok ? "status" : "alert"} />
      )}
      <form onSubmit={save} noValidate>
        <fieldset className={fr.cx("fr-fieldset")}>
          <legend className={fr.cx("fr-fieldset__legend", "fr-h4")}>Moi</legend>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="Date de naissance"
              nativeInputProps={{ type: "date", name: "birth_date", value: form.birth_date, onChange: (e) => setForm({ ...form, birth_date: e.target.value }) }}
              {...state("birth_date")}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element")}>
            <RadioButtons
              legend="Genre (utilisé seulement pour des statistiques)"
              name="gender"
              orientation="horizontal"
              options={genders.map((g) => ({
                label: g.label,
                nativeInputProps: { value: g.value, checked: form.gender === g.value, onChange: () => setForm({ ...form, gender: g.value }) },
              }))}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="Code postal de mon domicile"
              hintText="Pour te prévenir quand un stage est loin de chez toi."
              nativeInputProps={{
                name: "home_postal_code",
                inputMode: "numeric",
                autoComplete: "postal-code",
                maxLength: 5,
                value: form.home_postal_code,
                onChange: (e) => setForm({ ...form, home_postal_code: e.target.value }),
              }}
              {...state("home_postal_code")}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element")}>
            <Input
              label="Mon numéro de mobile (facultatif)"
              nativeInputProps={{
                name: "contact_phone",
                type: "tel",
                autoComplete: "tel",
                value: form.contact_phone,
                onChange: (e) => setForm({ ...form, contact_phone: e.target.value }),
              }}
              {...state("contact_phone")}
            />
          </div>
        </fieldset>

        <fieldset className={fr.cx("fr-fieldset")}>
          <legend className={fr.cx("fr-fieldset__legend", "fr-h4")}>Mes représentants légaux</legend>
          <p className={fr.cx("fr-fieldset__element", "fr-hint-text")}>L'un d'eux signera la convention de stage en ligne.</p>
          {reps.map((r, i) => (
            <div key={i} className={fr.cx("fr-fieldset__element")}>
              <h3 className={fr.cx("fr-h6")}>Représentant légal {i + 1}</h3>
              <Input
                label={`Nom et prénom du représentant ${i + 1}`}
                nativeInputProps={{ value: r.name, onChange: (e) => setRep(i, "name", e.target.value) }}
                {...state(`legal_representatives[${i}].name`)}
              />
              <Input
                label={`E-mail du représentant ${i + 1}`}
                nativeInputProps={{ type: "email", value: r.email ?? "", onChange: (e) => setRep(i, "email", e.target.value) }}
                {...state(`legal_representatives[${i}].email`)}
              />
              <Input
                label={`Téléphone du représentant ${i + 1}`}
                nativeInputProps={{ type: "tel", value: r.phone ?? "", onChange: (e) => setRep(i, "phone", e.target.value) }}
                {...state(`legal_representatives[${i}].phone`)}
              />
            </div>
          ))}
          {reps.length < 2 && (
            <div className={fr.cx("fr-fieldset__element")}>
              <Button type="button" priority="secondary" iconId="fr-icon-add-line" onClick={() => setReps([...reps, { ...emptyRep }])}>
                Ajouter un second représentant
              </Button>
            </div>
          )}
        </fieldset>

        <fieldset className={fr.cx("fr-fieldset")}>
          <legend className={fr.cx("fr-fieldset__legend", "fr-h4")}>Mon CV</legend>
          {cvFields.map((f) => (
            <div key={f.key} className={fr.cx("fr-fieldset__element")}>
              <Input
                textArea
                label={f.label}
                hintText={`${f.hint} (${f.max} caractères au plus)`}
                nativeTextAreaProps={{ name: f.key, rows: 3, maxLength: f.max, value: cv[f.key], onChange: (e) => setCv({ ...cv, [f.key]: e.target.value }) }}
                {...state(`cv.${f.key}`)}
              />
            </div>
          ))}
        </fieldset>
        <Button type="submit">Enregistrer mon profil</Button>
      </form>
    </>
  );
}
