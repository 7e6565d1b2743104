import { fr } from "@codegouvfr/react-dsfr";
import { colors } from "@codegouvfr/react-dsfr/fr/colors";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";

/** The back office's search of organisations or schools, kept in the address (?q=…): the back
 *  button and a shared link show the same results. */
export function useDirectorySearch() {
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  // The field follows the address (back button), and keeps what is being typed otherwise.
  const [shown, setShown] = useState(q);
  const [text, setText] = useState(q);
  if (shown !== q) {
    setShown(q);
    setText(q);
  }
  const submit = () => setParams(text.trim() ? { q: text.trim() } : {});
  return { q, text, setText, submit };
}

export type DirectorySearchState = ReturnType<typeof useDirectorySearch>;

export function DirectorySearch({ search, label, hint, onSearch }: { search: DirectorySearchState; label: string; hint: string; onSearch: () => void }) {
  function submit(e: FormEvent) {
    e.preventDefault();
    onSearch();
    search.submit();
  }
  return (
    <form role="search" onSubmit={submit} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-grid-row--bottom", "fr-mb-2w")}>
      <div className={fr.cx("fr-col-12", "fr-col-md-8")}>
        <Input
          label={label}
          hintText={hint}
          nativeInputProps={{ type: "search", name: "q", value: search.text, onChange: (e) => search.setText(e.target.value), maxLength: 100 }}
        />
      </div>
      <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
        <Button type="submit" iconId="fr-icon-search-line" className={fr.cx("fr-mb-md-3w")}>
          Rechercher
        </Button>
      </div>
    </form>
  );
}

/** After an action, the focus goes to its message (the form that had it is gone). */
export function focusNotice(id: string) {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

/** A form opened under the results (correct, merge): framed, so it reads as one task. */
export const panelStyle = { border: `1px solid ${colors.decisions.border.default.grey.default}` };
