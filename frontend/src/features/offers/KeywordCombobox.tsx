import { fr } from "@codegouvfr/react-dsfr";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import type { components } from "../../api/client";
import { plural } from "../../i18n";
import { useSuggestions } from "./queries";

export type Suggestion = components["schemas"]["Suggestion"];

const kindLabels: Record<Suggestion["kind"], string> = { sector: "Secteur", job: "Métier", word: "Mot-clé" };

/** `value`, once it has not changed for `ms` (the suggestions are asked for when typing pauses). */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** The keyword field, with suggestions while typing (the WAI-ARIA combobox pattern, list
 *  autocomplete): arrows move in the list, Enter chooses, Escape closes; without a chosen
 *  suggestion, Enter searches the words typed. The list sits in the page's flow, under the field:
 *  nothing hides the form's other fields and buttons on a phone. */
export function KeywordCombobox({
  value,
  onChange,
  onChoose,
  label,
  hint,
}: {
  value: string;
  onChange: (text: string) => void;
  onChoose: (s: Suggestion) => void;
  label: string;
  hint: string;
}) {
  const id = useId();
  const listId = `${id}-suggestions`;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const typed = value.trim();
  const settled = useDebounced(typed, 200);
  const suggestions = useSuggestions(settled);
  // Fewer than 2 letters: no list (the API would answer none).
  const items = open && [...typed].length >= 2 && [...settled].length >= 2 ? (suggestions.data ?? []) : [];
  const expanded = items.length > 0;
  const current = active >= 0 && active < items.length ? active : -1;
  const optionId = (i: number) => `${id}-option-${i}`;

  function choose(s: Suggestion) {
    setOpen(false);
    setActive(-1);
    onChoose(s);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!expanded) {
        setOpen(true);
        setActive(-1);
        return;
      }
      e.preventDefault();
      const n = items.length;
      setActive(e.key === "ArrowDown" ? (current + 1) % n : current <= 0 ? n - 1 : current - 1);
    } else if (e.key === "Enter") {
      if (expanded && current >= 0) {
        e.preventDefault();
        choose(items[current]);
      } else setOpen(false);
    } else if (e.key === "Escape") {
      if (expanded) {
        // Closing the list only (a search field would otherwise clear itself).
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      }
    }
  }

  return (
    <div>
      <Input
        label={label}
        hintText={hint}
        className={fr.cx("fr-mb-0")}
        nativeInputProps={{
          name: "q",
          type: "search",
          value,
          autoComplete: "off",
          role: "combobox",
          "aria-autocomplete": "list",
          "aria-expanded": expanded,
          "aria-controls": listId,
          "aria-activedescendant": current >= 0 ? optionId(current) : undefined,
          onChange: (e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(-1);
          },
          onKeyDown,
          onBlur: () => {
            setOpen(false);
            setActive(-1);
          },
        }}
      />
      <ul
        id={listId}
        role="listbox"
        // Not the field's label: a search for the field by its label finds the field alone.
        aria-label="Suggestions"
        hidden={!expanded}
        className={fr.cx("fr-raw-list")}
        style={{
          marginTop: "0.25rem",
          border: "1px solid var(--border-default-grey)",
          background: "var(--background-overlap-grey)",
          boxShadow: "0 4px 8px rgba(0, 0, 18, 0.12)",
        }}
      >
        {items.map((s, i) => (
          // The keys are the field's (the combobox pattern: the focus stays in the field).
          // eslint-disable-next-line jsx-a11y/click-events-have-key-events
          <li
            key={`${s.kind}-${s.sector_id ?? ""}-${s.text}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            // The field keeps the focus: a tap or a click chooses without closing the list first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(s)}
            onMouseMove={() => i !== current && setActive(i)}
            style={{
              display: "flex",
              justifyContent: "space-between",
              alignItems: "baseline",
              gap: "0.75rem",
              minHeight: "2.75rem",
              padding: "0.5rem 0.75rem",
              cursor: "pointer",
              background: i === current ? "var(--background-action-low-blue-france)" : undefined,
              boxShadow: i === current ? "inset 4px 0 0 var(--border-action-high-blue-france)" : undefined,
            }}
          >
            <span style={{ fontWeight: s.kind === "sector" ? 700 : 400 }}>{s.text}</span>
            <span className={fr.cx("fr-sr-only")}>, </span>
            <span className={fr.cx("fr-text--xs", "fr-mb-0")} style={{ color: "var(--text-mention-grey)", whiteSpace: "nowrap" }}>
              {kindLabels[s.kind]}
              {s.kind !== "sector" && s.offers > 0 ? ` · ${plural(s.offers, "offre", "offres")}` : ""}
            </span>
          </li>
        ))}
      </ul>
      {/* Said once the list changes, not at each key: how many, and how to go through them. */}
      <p className={fr.cx("fr-sr-only")} role="status">
        {expanded ? `${plural(items.length, "suggestion", "suggestions")}, flèches haut et bas pour les parcourir.` : ""}
      </p>
    </div>
  );
}
