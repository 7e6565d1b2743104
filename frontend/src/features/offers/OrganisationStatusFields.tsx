import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { kindLabels, type OrganisationKind } from "./labels";

export type OrganisationStatus = { kind: OrganisationKind; is_public: boolean; ministry_id: string; group_name: string };

/** What kind of organisation it is: its type, public or private, and then its ministry (public)
 *  or its group (private). The same fields when a host registers it and when an admin corrects it. */
export function OrganisationStatusFields({
  form,
  change,
  state,
  ministries,
}: {
  form: OrganisationStatus;
  change: (patch: Partial<OrganisationStatus>) => void;
  /** The field's error state, if any (`{ state: "error", stateRelatedMessage }`). */
  state: (field: string) => object;
  ministries: { id: string; name: string }[];
}) {
  return (
    <>
      <Select
        label="Type d'organisme"
        nativeSelectProps={{ name: "kind", value: form.kind, onChange: (e) => change({ kind: e.target.value as OrganisationKind }) }}
      >
        {(Object.keys(kindLabels) as OrganisationKind[]).map((k) => (
          <option key={k} value={k}>
            {kindLabels[k]}
          </option>
        ))}
      </Select>
      <RadioButtons
        legend="Statut"
        name="is_public"
        orientation="horizontal"
        options={[
          { label: "Privé", nativeInputProps: { checked: !form.is_public, onChange: () => change({ is_public: false }) } },
          { label: "Public", nativeInputProps: { checked: form.is_public, onChange: () => change({ is_public: true }) } },
        ]}
      />
      {form.is_public ? (
        <Select
          label="Ministère de rattachement"
          nativeSelectProps={{ name: "ministry", value: form.ministry_id, onChange: (e) => change({ ministry_id: e.target.value }) }}
          {...state("ministry_id")}
        >
          <option value="">Choisir le ministère</option>
          {ministries.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
      ) : (
        <Input
          label="Groupe (facultatif)"
          hintText="Par exemple un groupe signataire du PAQTE."
          nativeInputProps={{ name: "group_name", value: form.group_name, onChange: (e) => change({ group_name: e.target.value }) }}
          {...state("group_name")}
        />
      )}
    </>
  );
}
