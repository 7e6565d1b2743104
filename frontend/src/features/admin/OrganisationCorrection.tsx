import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { errorMessage, fieldErrors } from "../../api/client";
import { attempt } from "../../api/query";
import { NoticeAlert } from "../../components";
import { panelStyle } from "./DirectorySearch";
import { useMinistries } from "../offers/queries";
import { formatSiret, organisationForm, organisationRequest, type AdminOrganisation, type OrganisationForm } from "./duplicates";
import { useCorrectOrganisation } from "./queries";
import { OrganisationStatusFields } from "../offers/OrganisationStatusFields";

/** An admin corrects an organisation: the creation's fields, prefilled; the ministry for a public
 *  one. The heading takes the focus when the form opens. */
export function OrganisationCorrection({ org, onDone, onCancel }: { org: AdminOrganisation; onDone: (text: string) => void; onCancel: () => void }) {
  const ministries = useMinistries().data ?? [];
  const correct = useCorrectOrganisation();
  const [form, setForm] = useState<OrganisationForm>(() => organisationForm(org));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [org.id]);

  const set = (k: keyof OrganisationForm) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const state = (f: string) => (errors[f] ? { state: "error" as const, stateRelatedMessage: errors[f] } : {});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const { ok, data, error } = await attempt(correct.mutateAsync({ orgId: org.id, body: organisationRequest(form, org) }));
    if (ok) {
      onDone(`Organisme corrigé : « ${data.name} » (SIRET ${formatSiret(data.siret)}, ${data.city}).`);
    } else {
      setErrors(fieldErrors(error));
      setFailure(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="corriger-organisme" className={fr.cx("fr-mt-4w", "fr-p-3w")} style={panelStyle}>
      <h2 id="corriger-organisme" ref={heading} tabIndex={-1} className={fr.cx("fr-h4")}>
        Corriger « {org.name} »
      </h2>
      <p className={fr.cx("fr-text--sm")}>
        Les membres de l'organisme voient la correction à leur prochaine visite ; elle est enregistrée au journal des actions.
      </p>
      <NoticeAlert notice={failure ? { ok: false, text: failure } : null} />
      <form onSubmit={submit} noValidate>
        <Input label="Nom de l'organisme" nativeInputProps={{ name: "org_name", value: form.name, onChange: set("name") }} {...state("name")} />
        <Input
          label="SIRET"
          hintText="14 chiffres."
          nativeInputProps={{ name: "siret", inputMode: "numeric", value: form.siret, onChange: set("siret") }}
          {...state("siret")}
        />
        <OrganisationStatusFields form={form} change={(patch) => setForm({ ...form, ...patch })} state={state} ministries={ministries} />
        <Input
          label="Code NAF (facultatif)"
          hintText="Par exemple 43.21A."
          nativeInputProps={{ name: "naf_code", value: form.naf_code, onChange: set("naf_code") }}
          {...state("naf_code")}
        />
        <Input label="Adresse" nativeInputProps={{ name: "address", value: form.address, onChange: set("address") }} {...state("address")} />
        <Input
          label="Code postal"
          nativeInputProps={{ name: "postal_code", inputMode: "numeric", value: form.postal_code, onChange: set("postal_code") }}
          {...state("postal_code")}
        />
        <Input label="Commune" nativeInputProps={{ name: "city", value: form.city, onChange: set("city") }} {...state("city")} />
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
