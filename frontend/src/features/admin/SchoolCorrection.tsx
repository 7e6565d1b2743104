import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert } from "../../components";
import { panelStyle } from "./DirectorySearch";
import { coordinateText, parseCoordinate, type AdminSchool } from "./duplicates";
import { useCorrectSchool } from "./queries";

/** An admin corrects a school's name, address or place; the directory's next import keeps it. */
export function SchoolCorrection({ school, onDone, onCancel }: { school: AdminSchool; onDone: (text: string) => void; onCancel: () => void }) {
  const correct = useCorrectSchool();
  const [form, setForm] = useState({
    name: school.name,
    address: school.address,
    postal_code: school.postal_code,
    commune_name: school.commune_name,
    latitude: coordinateText(school.latitude),
    longitude: coordinateText(school.longitude),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [school.uai]);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const state = (f: string) => (errors[f] ? { state: "error" as const, stateRelatedMessage: errors[f] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const latitude = parseCoordinate(form.latitude, -90, 90);
    const longitude = parseCoordinate(form.longitude, -180, 180);
    if (latitude.error || longitude.error) {
      setErrors({ ...(latitude.error ? { latitude: latitude.error } : {}), ...(longitude.error ? { longitude: longitude.error } : {}) });
      setFailure("Vérifiez la position de l'établissement.");
      return;
    }
    const body = {
      name: form.name.trim(),
      address: form.address.trim(),
      postal_code: form.postal_code.trim(),
      commune_name: form.commune_name.trim(),
      latitude: latitude.value,
      longitude: longitude.value,
    };
    const { ok, data, error } = await attempt(correct.mutateAsync({ uai: school.uai, body }));
    if (ok) onDone(`Établissement corrigé : ${data.name} (${data.uai}), ${data.commune_name}. Le prochain import de l'annuaire gardera cette correction.`);
    else {
      setErrors(fieldErrors(error));
      setFailure(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="corriger-etablissement" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={panelStyle}>
      <h2 id="corriger-etablissement" ref={heading} tabIndex={-1} className={fr.cx("fr-h4")}>
        Corriger {school.name} ({school.uai})
      </h2>
      <p className={fr.cx("fr-text--sm")}>
        La correction remplace la fiche de l'annuaire de l'Éducation nationale : le prochain import la garde. Elle est enregistrée au journal des actions.
      </p>
      <NoticeAlert notice={failure ? { ok: false, text: failure } : null} />
      <form onSubmit={submit} noValidate>
        <Input label="Nom de l'établissement" nativeInputProps={{ name: "name", value: form.name, onChange: set("name") }} {...state("name")} />
        <Input label="Adresse" nativeInputProps={{ name: "address", value: form.address, onChange: set("address") }} {...state("address")} />
        <Input
          label="Code postal"
          nativeInputProps={{ name: "postal_code", inputMode: "numeric", value: form.postal_code, onChange: set("postal_code") }}
          {...state("postal_code")}
        />
        <Input
          label="Commune"
          nativeInputProps={{ name: "commune_name", value: form.commune_name, onChange: set("commune_name") }}
          {...state("commune_name")}
        />
        <fieldset className={fr.cx("fr-fieldset")}>
          <legend className={fr.cx("fr-fieldset__legend", "fr-text--regular")}>
            Position sur la carte (facultatif)
            <span className={fr.cx("fr-hint-text")}>En degrés décimaux, par exemple 48,8566 et 2,3522 ; les deux ou aucune.</span>
          </legend>
          <div className={fr.cx("fr-fieldset__element", "fr-fieldset__element--inline")}>
            <Input
              label="Latitude"
              nativeInputProps={{ name: "latitude", inputMode: "decimal", value: form.latitude, onChange: set("latitude") }}
              {...state("latitude")}
            />
          </div>
          <div className={fr.cx("fr-fieldset__element", "fr-fieldset__element--inline")}>
            <Input
              label="Longitude"
              nativeInputProps={{ name: "longitude", inputMode: "decimal", value: form.longitude, onChange: set("longitude") }}
              {...state("longitude")}
            />
          </div>
        </fieldset>
        <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-sm")}>
          <li>
            <Button type="submit" disabled={correct.isPending}>
              Enregistrer la correction
            </Button>
          </li>
          <li>
            <Button type="button" priority="secondary" onClick={onCancel}>
              Annuler
            </Button>
          </li>
        </ul>
      </form>
    </section>
  );
}
