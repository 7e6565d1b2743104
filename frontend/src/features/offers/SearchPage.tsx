import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useEffect, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { attempt } from "../../api/query";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { OfferMap } from "./OfferMap";
import { weekParam, weekText, type IsoWeek } from "./labels";
import { formatKm, plural } from "../../i18n";
import { useOfferSearch, useSectors, type SearchQuery as Query } from "./queries";

type SearchResponse = components["schemas"]["SearchResponse"];
type Hit = components["schemas"]["OfferHit"];
type Point = components["schemas"]["MapPoint"];

/** Offer search, nearest first. Pupils search around their school in their weeks; others give a place. */
export function SearchPage() {
  usePageTitle("Chercher un stage");
  const { user } = useSession();
  const isPupil = user?.role === "student";
  const sectors = useSectors().data ?? [];
  const search = useOfferSearch();
  const [form, setForm] = useState({ q: "", sector: "", week: "", place: "" });
  const [schoolWeeks, setSchoolWeeks] = useState<IsoWeek[]>([]);
  const [result, setResult] = useState<SearchResponse | null>(null);
  const [items, setItems] = useState<Hit[]>([]);
  const [points, setPoints] = useState<Point[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const query = (): Query => ({
    q: form.q || undefined,
    sectors: form.sector || undefined,
    weeks: form.week || undefined,
    place: !isPupil ? form.place || undefined : undefined,
  });

  async function run(q: Query, append: boolean) {
    setBusy(true);
    setError(null);
    const { ok, data, error: err } = await attempt(search.page(q));
    setBusy(false);
    if (!ok) {
      setError(Object.values(fieldErrors(err))[0] ?? errorMessage(err));
      return;
    }
    setResult(data);
    setItems(append ? (prev) => [...prev, ...data.items] : data.items);
    if (!append) {
      if (schoolWeeks.length === 0) setSchoolWeeks(data.weeks);
      const map = await attempt(search.map(q));
      setPoints(map.data ?? []);
    }
  }

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the pupil's first search is a fetch that fills the paged list, as a submitted search does
    if (isPupil) void run({}, false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a pupil's first search runs once, when the session says they are one
  }, [isPupil]);

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(query(), false);
  }

  return (
    <>
      <h1>Chercher un stage</h1>
      <p>
        {isPupil
          ? "Les offres les plus proches de votre établissement d'abord, pendant vos semaines de stage."
          : "Indiquez une commune ou un code postal : les offres les plus proches s'affichent d'abord."}
      </p>
      <form onSubmit={submit} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-2w")} role="search">
        {!isPupil && (
          <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
            <Input
              label="Commune ou code postal"
              nativeInputProps={{ name: "place", value: form.place, onChange: (e) => setForm({ ...form, place: e.target.value }) }}
            />
          </div>
        )}
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Input
            label="Mot-clé"
            hintText="Métier, organisme…"
            nativeInputProps={{ name: "q", type: "search", value: form.q, onChange: (e) => setForm({ ...form, q: e.target.value }) }}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Select label="Secteur" nativeSelectProps={{ name: "sector", value: form.sector, onChange: (e) => setForm({ ...form, sector: e.target.value }) }}>
            <option value="">Tous les secteurs</option>
            {sectors.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </Select>
        </div>
        {schoolWeeks.length > 1 && (
          <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
            <Select label="Semaine" nativeSelectProps={{ name: "week", value: form.week, onChange: (e) => setForm({ ...form, week: e.target.value }) }}>
              <option value="">Toutes mes semaines</option>
              {schoolWeeks.map((w) => (
                <option key={weekParam(w)} value={weekParam(w)}>
                  {weekText(w)}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div className={fr.cx("fr-col-12", "fr-col-md-3")}>
          <Button type="submit" iconId="fr-icon-search-line" className={fr.cx("fr-mt-md-4w")} disabled={busy}>
            Rechercher
          </Button>
        </div>
      </form>
      {error && <Alert severity="error" small description={error} role="alert" className={fr.cx("fr-mb-2w")} />}
      {result?.fallback && (
        <Alert
          severity="info"
          small
          description="Aucune offre ne correspond à votre recherche : voici les offres les plus proches pendant vos semaines."
          className={fr.cx("fr-mb-2w")}
        />
      )}
      <div aria-live="polite">
        {result && (
          <p>
            {items.length === 0
              ? "Aucune offre pour l'instant dans ce périmètre."
              : `${plural(items.length, "offre affichée", "offres affichées")}, de la plus proche à la plus éloignée.`}
          </p>
        )}
      </div>
      <ul className={fr.cx("fr-raw-list")}>
        {items.map((o) => (
          <li key={o.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
            <h2 className={fr.cx("fr-h5", "fr-mb-1w")}>
              <Link to={`/offres/${o.id}`}>{o.title}</Link>
            </h2>
            <p className={fr.cx("fr-mb-1w")}>
              {o.organisation_name} · {o.city} · à {formatKm(o.distance_km)}
            </p>
            <p className={fr.cx("fr-mb-0")}>
              <Badge small>{o.sector.name}</Badge>{" "}
              {o.group_mode === "group" && (
                <Badge small severity="new">
                  Stage collectif
                </Badge>
              )}{" "}
              {o.weeks.map((w) => `${weekText(w.week)} : ${plural(w.places_left, "place", "places")}`).join(" · ")}
            </p>
          </li>
        ))}
      </ul>
      {result?.next_cursor && (
        <Button priority="secondary" disabled={busy} onClick={() => run({ ...query(), cursor: result.next_cursor ?? undefined }, true)}>
          Voir plus d'offres
        </Button>
      )}
      {result && <OfferMap points={points} center={[result.center_lat, result.center_lon]} />}
    </>
  );
}
