import { fr } from "@codegouvfr/react-dsfr";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useId } from "react";
import { useSectors } from "./queries";

/** Several sectors at once: a list to add one (a phone shows its own picker), and each chosen
 *  sector as a button that takes it out. None chosen: every sector. */
export function SectorPicker({ value, onChange, hint }: { value: string[]; onChange: (ids: string[]) => void; hint: string }) {
  const sectors = useSectors().data ?? [];
  const selectId = useId();
  const name = (id: string) => sectors.find((s) => s.id === id)?.name ?? id;
  // In alphabetical order as a French reader expects it ("Électronique" among the E).
  const left = sectors.filter((s) => !value.includes(s.id)).sort((a, b) => a.name.localeCompare(b.name, "fr"));
  return (
    <div>
      <Select
        label="Secteurs"
        hint={hint}
        className={fr.cx("fr-mb-1w")}
        nativeSelectProps={{
          id: selectId,
          name: "secteur",
          value: "",
          onChange: (e) => {
            if (e.target.value) onChange([...value, e.target.value]);
          },
        }}
      >
        <option value="">{value.length === 0 ? "Tous les secteurs" : "Ajouter un autre secteur"}</option>
        {left.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </Select>
      {value.length > 0 && (
        <ul className={fr.cx("fr-raw-list")} aria-label="Secteurs choisis" style={{ display: "flex", flexWrap: "wrap", gap: "0.5rem" }}>
          {value.map((id) => (
            <li key={id}>
              <Button
                type="button"
                priority="tertiary"
                iconId="fr-icon-close-line"
                iconPosition="right"
                title={`Retirer ${name(id)}`}
                nativeButtonProps={{ "aria-label": `Retirer ${name(id)}` }}
                onClick={() => {
                  onChange(value.filter((x) => x !== id));
                  // The button goes away: the focus goes back to the list, not to the page's top.
                  document.getElementById(selectId)?.focus();
                }}
              >
                {name(id)}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
