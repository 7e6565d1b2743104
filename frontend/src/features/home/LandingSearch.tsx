import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { emptySearch, writeSearch } from "../offers/searchState";

/** The landing page's search box (what, where): it opens the search with both in the address. */
export function LandingSearch() {
  const navigate = useNavigate();
  const [what, setWhat] = useState("");
  const [where, setWhere] = useState("");
  const [missing, setMissing] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!where.trim()) {
      setMissing(true);
      return;
    }
    navigate(`/offres?${writeSearch({ ...emptySearch, q: what, place: where }).toString()}`);
  }

  return (
    <section aria-labelledby="chercher" className={fr.cx("fr-p-3w", "fr-mb-4w")} style={{ background: "var(--background-alt-blue-france)" }}>
      <h2 id="chercher" className={fr.cx("fr-h4")}>
        Chercher un stage
      </h2>
      <form role="search" aria-labelledby="chercher" onSubmit={submit} noValidate className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-5")}>
          <Input
            label="Quoi ?"
            hintText="Un métier, un secteur, un organisme (facultatif)"
            nativeInputProps={{ name: "q", type: "search", value: what, onChange: (e) => setWhat(e.target.value) }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Input
            label="Où ?"
            hintText="Une commune ou un code postal"
            nativeInputProps={{
              name: "lieu",
              autoComplete: "address-level2",
              value: where,
              required: true,
              "aria-required": true,
              onChange: (e) => {
                setWhere(e.target.value);
                setMissing(false);
              },
            }}
            {...(missing ? { state: "error" as const, stateRelatedMessage: "Indiquez une commune ou un code postal pour chercher les offres proches." } : {})}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Button type="submit" iconId="fr-icon-search-line" className={fr.cx("fr-mt-md-7w")}>
            Rechercher
          </Button>
        </div>
      </form>
    </section>
  );
}
