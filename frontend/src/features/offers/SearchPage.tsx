import { fr } from "@codegouvfr/react-dsfr";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Suspense, useDeferredValue, useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { errorMessage, fieldErrors, type components } from "../../api/client";
import { useSession } from "../../auth/session";
import { usePageTitle } from "../../components";
import { GuideLink } from "../guidance/GuideLink";
import { de, formatKm, plural } from "../../i18n";
import { blockedText } from "../pupils/nextStep";
import { weekParam, weekText, type IsoWeek } from "./labels";
import { useCommunes, useMapPoints, useSearchResults, useSectors, type SearchQuery } from "./queries";
import { canSearch, radiusChoices, radiusText, readSearch, resolvePlace, writeSearch, type SearchState } from "./searchState";
import { lazyPage } from "../../routing/lazyPage";
import { FavouriteButton } from "../favourites/FavouriteButton";

// The map library (Leaflet and its stylesheet) comes only with a map to show.
const OfferMap = lazyPage(() => import("./OfferMap").then((m) => m.OfferMap));

type Hit = components["schemas"]["OfferHit"];

/** The API is asked about the name only: "Saint-Denis (93)" is looked up as "Saint-Denis". */
const lookupText = (place: string) => place.replace(/\s*\([^)]*\)\s*$/, "").trim();

/** Offer search, nearest first. Pupils search around their school in their weeks; visitors and
 *  families give a place (a commune or a postal code). The search lives in the address bar:
 *  back and forward, reloading and sharing a link give the same search. */
export function SearchPage() {
  const { user } = useSession();
  const isPupil = user?.role === "student";
  const [params, setParams] = useSearchParams();
  const current = readSearch(params);
  const paramsText = writeSearch(current).toString();

  // The form follows the address bar (back button, a link), and is free in between.
  const [form, setForm] = useState<SearchState>(current);
  const [formFor, setFormFor] = useState(paramsText);
  if (formFor !== paramsText) {
    setFormFor(paramsText);
    setForm(current);
  }

  // A visitor's place, read as one commune (or a choice between several).
  const communes = useCommunes(isPupil ? "" : lookupText(current.place));
  const resolution = !isPupil && current.place && communes.data ? resolvePlace(current.place, communes.data) : null;
  const place = resolution?.kind === "found" ? resolution.place : null;

  const query: SearchQuery = {
    q: current.q || undefined,
    sectors: current.sector || undefined,
    weeks: isPupil ? current.week || undefined : undefined,
    lat: place?.lat,
    lon: place?.lon,
    radius_km: !isPupil && current.radius ? Number(current.radius) : undefined,
    grade_family: !isPupil ? current.grade || undefined : undefined,
  };
  const ready = canSearch(current, isPupil) && (isPupil || place !== null);
  const results = useSearchResults(query, ready);
  const map = useMapPoints(query, ready && results.isSuccess);
  // The answer is shown in a background render (issue 31): React renders its cards in short
  // slices instead of one long task on a phone's main thread, and the page stays responsive.
  const shown = useDeferredValue(results.data);
  const catchingUp = shown !== results.data;
  const first = shown?.pages[0];
  const items: Hit[] = shown?.pages.flatMap((p) => p.items) ?? [];
  const around = isPupil ? "ton établissement" : (place?.label ?? "");

  usePageTitle(place ? `Stages autour ${de(place.label)} – Chercher un stage` : "Chercher un stage");

  // The pupil's weeks, as the first answer gave them (a filtered answer gives only one).
  const [schoolWeeks, setSchoolWeeks] = useState<IsoWeek[]>([]);
  if (first && first.weeks.length > schoolWeeks.length) setSchoolWeeks(first.weeks);

  // Whether the visitor asked on this page (then a question about the place takes the focus).
  const [asked, setAsked] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    setAsked(true);
    const next = writeSearch(form);
    // The same search again is a fresh look (places change, a school may open national search).
    if (next.toString() === paramsText) {
      void results.refetch();
      void map.refetch();
    } else setParams(next);
  }

  const choose = (label: string) => setParams(writeSearch({ ...current, place: label }));
  const set = (k: keyof SearchState) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  // A pupil who may not search yet is told why in our words ("tu"), the server's being for adults.
  const blockedCode = (results.error as { code?: string } | null)?.code;
  const error = !results.isError
    ? null
    : isPupil && (blockedCode === "NOT_ENROLLED" || blockedCode === "CONSENT_REQUIRED")
      ? blockedText(blockedCode)
      : (Object.values(fieldErrors(results.error))[0] ?? errorMessage(results.error));
  const total = map.data?.length ?? items.length;

  return (
    <>
      <h1>Chercher un stage</h1>
      <p>
        {isPupil
          ? "Les offres les plus proches de ton établissement d'abord, pendant tes semaines de stage."
          : "Indiquez une commune ou un code postal : les offres les plus proches s'affichent d'abord."}
      </p>
      {isPupil && <GuideLink to="/guides/eleves-familles#chercher">Guide : bien chercher ton stage</GuideLink>}
      <form onSubmit={submit} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-2w")} role="search" aria-label="Chercher un stage">
        {!isPupil && (
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Input
              label="Commune ou code postal"
              hintText="Par exemple : Saint-Denis, 42000"
              nativeInputProps={{ name: "lieu", autoComplete: "address-level2", value: form.place, onChange: set("place") }}
            />
          </div>
        )}
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Input label="Mot-clé" hintText="Métier, organisme…" nativeInputProps={{ name: "q", type: "search", value: form.q, onChange: set("q") }} />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <SectorSelect value={form.sector} onChange={set("sector")} />
        </div>
        {!isPupil && (
          <>
            <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
              <Select label="Distance maximale" nativeSelectProps={{ name: "rayon", value: form.radius, onChange: set("radius") }}>
                <option value="">60 km</option>
                {radiusChoices
                  .filter((r) => r !== 60)
                  .map((r) => (
                    <option key={r} value={String(r)}>
                      {r} km
                    </option>
                  ))}
              </Select>
            </div>
            <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
              <Select label="Niveau de l'élève" nativeSelectProps={{ name: "niveau", value: form.grade, onChange: set("grade") }}>
                <option value="">Collège et lycée</option>
                <option value="college">Collège (4e et 3e)</option>
                <option value="lycee">Seconde générale et technologique</option>
              </Select>
            </div>
          </>
        )}
        {isPupil && schoolWeeks.length > 1 && (
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Select label="Semaine" nativeSelectProps={{ name: "semaine", value: form.week, onChange: set("week") }}>
              <option value="">Toutes mes semaines</option>
              {schoolWeeks.map((w) => (
                <option key={weekParam(w)} value={weekParam(w)}>
                  {weekText(w)}
                </option>
              ))}
            </Select>
          </div>
        )}
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <Button type="submit" iconId="fr-icon-search-line" className={fr.cx("fr-mt-md-4w")} disabled={results.isFetching && !results.isFetchingNextPage}>
            Rechercher
          </Button>
        </div>
      </form>

      {resolution?.kind === "choose" && (
        <PlaceChoice name={resolution.name} choices={resolution.choices.map((c) => c.label)} onChoose={choose} takeFocus={asked} />
      )}
      {resolution?.kind === "unknown" && (
        <Alert
          severity="error"
          small
          role="alert"
          className={fr.cx("fr-mb-2w")}
          description={`Nous ne trouvons pas de commune « ${current.place} ». Vérifiez l'orthographe, ou indiquez son code postal.`}
        />
      )}
      {communes.isError && <Alert severity="error" small role="alert" className={fr.cx("fr-mb-2w")} description={errorMessage(communes.error)} />}
      {error && (
        <Alert
          severity="error"
          small
          role="alert"
          className={fr.cx("fr-mb-2w")}
          description={
            <>
              {error}
              {isPupil && (
                <>
                  {" "}
                  <Link to="/espace">Retour à mon espace</Link>
                </>
              )}
            </>
          }
        />
      )}
      {first?.fallback && (
        <Alert
          severity="info"
          small
          className={fr.cx("fr-mb-2w")}
          description={
            isPupil
              ? "Aucune offre ne correspond à ta recherche : voici les offres les plus proches pendant tes semaines."
              : "Aucune offre ne correspond à votre recherche : voici les offres les plus proches."
          }
        />
      )}

      <section aria-labelledby="resultats">
        {first && (
          <h2 id="resultats" className={fr.cx("fr-h4")}>
            Résultats
          </h2>
        )}
        <div aria-live="polite">
          {first && (
            <p>
              {items.length === 0
                ? `Aucune offre pour l'instant dans ce périmètre (${radiusText(first.radius_km, around)}).`
                : `${plural(total, "offre", "offres")} ${radiusText(first.radius_km, around)}, de la plus proche à la plus éloignée${
                    total > items.length ? ` (${plural(items.length, "offre affichée", "offres affichées")})` : ""
                  }.`}
            </p>
          )}
          {(results.isFetching || catchingUp) && !first && <p aria-busy="true">Recherche en cours…</p>}
        </div>
        <ul className={fr.cx("fr-raw-list")}>
          {items.map((o) => (
            <li key={o.id} className={fr.cx("fr-card", "fr-p-2w", "fr-mb-2w")}>
              <div style={{ display: "flex", flexWrap: "wrap", alignItems: "flex-start", justifyContent: "space-between", columnGap: "0.5rem" }}>
                <h3 className={fr.cx("fr-h5", "fr-mb-1w")} style={{ flex: "1 1 0" }}>
                  <Link to={`/offres/${o.id}`}>{o.title}</Link>
                </h3>
                {isPupil && <FavouriteButton offerId={o.id} title={o.title} />}
              </div>
              <p className={fr.cx("fr-mb-1w")}>
                {o.organisation_name} · {o.city} · à {formatKm(o.distance_km)}
              </p>
              <p className={fr.cx("fr-mb-0")}>
                <Badge small>{o.sector.name}</Badge>{" "}
                {!isPupil && (
                  <Badge small severity="info" noIcon>
                    {o.grade_family === "lycee" ? "Seconde" : "Collège"}
                  </Badge>
                )}{" "}
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
        {results.hasNextPage && (
          <Button priority="secondary" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
            Voir plus d'offres
          </Button>
        )}
      </section>
      {first && (
        <Suspense fallback={<MapPlaceholder />}>
          <OfferMap
            points={map.data ?? []}
            center={[first.center_lat, first.center_lon]}
            centerLabel={isPupil ? "Ton établissement" : `Lieu recherché : ${around}`}
            radiusKm={first.radius_km}
            popupAction={isPupil ? (p) => <FavouriteButton offerId={p.id} title={p.title} /> : undefined}
          />
        </Suspense>
      )}
    </>
  );
}

/** The map's place while its code comes (same height: the page does not jump). */
function MapPlaceholder() {
  return (
    <div className={fr.cx("fr-mt-4w")} aria-busy="true" style={{ height: "calc(24rem + 4rem)", background: "var(--background-contrast-grey)" }}>
      <span className={fr.cx("fr-sr-only")}>Chargement de la carte…</span>
    </div>
  );
}

function SectorSelect({ value, onChange }: { value: string; onChange: (e: { target: { value: string } }) => void }) {
  const sectors = useSectors().data ?? [];
  return (
    <Select label="Secteur" nativeSelectProps={{ name: "secteur", value, onChange }}>
      <option value="">Tous les secteurs</option>
      {sectors.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </Select>
  );
}

/** Several communes share the name typed: the visitor says which one. After a search typed on
 *  the page, focus goes to the question, so that a screen-reader user hears it at once (on a
 *  link opened from elsewhere, the page is read from its top). */
function PlaceChoice({ name, choices, onChoose, takeFocus }: { name: string; choices: string[]; onChoose: (label: string) => void; takeFocus: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (takeFocus) heading.current?.focus();
  }, [name, takeFocus]);
  return (
    <section aria-labelledby="choix-commune" className={fr.cx("fr-mb-3w", "fr-p-2w")} style={{ border: "1px solid var(--border-default-grey)" }}>
      <h2 id="choix-commune" ref={heading} className={fr.cx("fr-h5")} tabIndex={-1}>
        Plusieurs communes s'appellent {name} : laquelle ?
      </h2>
      <ul className={fr.cx("fr-btns-group", "fr-btns-group--inline-md", "fr-btns-group--sm")}>
        {choices.map((label) => (
          <li key={label}>
            <Button priority="secondary" onClick={() => onChoose(label)}>
              {label}
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
