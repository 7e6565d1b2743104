import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { plural } from "../../i18n";
import { errorMessage, type components } from "../../api/client";
import { useSchoolSearch } from "./queries";

export type SchoolSummary = components["schemas"]["SchoolSummary"];

/** Finds a collège or lycée by UAI, name or commune (accents do not matter). */
export function SchoolSearch({ onPick, actionLabel }: { onPick: (s: SchoolSummary) => void; actionLabel: string }) {
  const [q, setQ] = useState("");
  // The search runs for the words submitted, not for each key typed.
  const [submitted, setSubmitted] = useState<string | null>(null);
  const search = useSchoolSearch(submitted);
  const results: SchoolSummary[] | undefined = search.data;
  const error = search.isError ? errorMessage(search.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(q);
    if (submitted === q) void search.refetch();
  }

  return (
    <div>
      <form onSubmit={submit} role="search" className={fr.cx("fr-mb-3w")}>
        <Input
          label="Nom, commune ou UAI de l'établissement"
          hintText="Par exemple : Jules Vallès Saint-Étienne, ou 0421176A"
          state={error ? "error" : "default"}
          stateRelatedMessage={error ?? undefined}
          nativeInputProps={{ name: "school_query", value: q, onChange: (e) => setQ(e.target.value) }}
        />
        <Button type="submit" priority="secondary">
          Rechercher
        </Button>
      </form>
      {results && (
        <div aria-live="polite">
          <p>{results.length === 0 ? "Aucun établissement trouvé." : plural(results.length, "établissement trouvé", "établissements trouvés")}</p>
          <ul className={fr.cx("fr-raw-list")}>
            {results.map((s) => (
              <li key={s.uai} className={fr.cx("fr-mb-2w")}>
                <strong>{s.name}</strong> — {s.commune_name} ({s.postal_code}) · UAI {s.uai}
                {s.priority_education ? ` · ${s.priority_education}` : ""}
                <br />
                <Button size="small" onClick={() => onPick(s)} nativeButtonProps={{ "aria-label": `${actionLabel} : ${s.name}, ${s.commune_name}` }}>
                  {actionLabel}
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
