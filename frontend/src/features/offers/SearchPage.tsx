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
import { useCommunes, useMapPoints, useSearchResults, type SearchQuery } from "./queries";
import {
  canSearch,
  isNational,
  joinSectors,
  lookupText,
  radiusChoices,
  radiusText,
  readSearch,
  resolvePlace,
  searchQuery,
  sectorList,
  writeSearch,
  type SearchState,
} from "./searchState";
import { KeywordCombobox, type Suggestion } from "./KeywordCombobox";
import { SectorPicker } from "./SectorPicker";
import { lazyPage } from "../../routing/lazyPage";
import { FavouriteButton } from "../favourites/FavouriteButton";
import { ReservedBadges } from "./ReservedBadges";

// The map library (Leaflet and its stylesheet) comes only with a map to show.
const OfferMap = lazyPage(() => import("./OfferMap").then((m) => m.OfferMap));

type Hit = components["schemas"]["OfferHit"];

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

  // Whether the pupil's school is open to national search: its searches have no limit (the API
  // says so by its radius), and the pupil may then search around another town.
  const [national, setNational] = useState(false);
  const placeAllowed = !isPupil || national;
  const placeText = placeAllowed ? current.place : "";

  // A visitor's place, read as one commune (or a choice between several).
  const communes = useCommunes(lookupText(placeText));
  const resolution = placeText && communes.data ? resolvePlace(placeText, communes.data) : null;
  const place = resolution?.kind === "found" ? resolution.place : null;

  const query: SearchQuery = searchQuery(current, isPupil, place);
  // A pupil without a place searches around their school at once.
  const ready = canSearch(current, isPupil) && (place !== null || (isPupil && !placeText));
  const results = useSearchResults(query, ready);
  const map = useMapPoints(query, ready && results.isSuccess);
  // The answer is shown in a background render (issue 31): React renders its cards in short
  // slices instead of one long task on a phone's main thread, and the page stays responsive.
  const shown = useDeferredValue(results.data);
  const catchingUp = shown !== results.data;
  const first = shown?.pages[0];
  // The offers reserved to pupils like this one come first, once: not again in the list.
  const priority: Hit[] = first?.priority ?? [];
  const reservedIds = new Set(priority.map((o) => o.id));
  const items: Hit[] = shown?.pages.flatMap((p) => p.items).filter((o) => !reservedIds.has(o.id)) ?? [];
  const around = place?.label ?? (isPupil ? "ton établissement" : "");
  if (isPupil && first && isNational(first.radius_km) && !national) setNational(true);

  usePageTitle(place ? `Stages autour ${de(place.label)} – Chercher un stage` : "Chercher un stage");

  // The pupil's weeks, as the first answer gave them (a filtered answer gives only one).
  const [schoolWeeks, setSchoolWeeks] = useState<IsoWeek[]>([]);
  if (first && first.weeks.length > schoolWeeks.length) setSchoolWeeks(first.weeks);

  // Whether the visitor asked on this page (then a question about the place takes the focus).
  const [asked, setAsked] = useState(false);

  function submit(e: FormEvent) {
    e.preventDefault();
    searchWith(form);
  }

  function searchWith(next_: SearchState) {
    setAsked(true);
    setForm(next_);
    const next = writeSearch(next_);
    // The same search again is a fresh look (places change, a school may open national search).
    if (next.toString() === paramsText) {
      void results.refetch();
      void map.refetch();
    } else setParams(next);
  }

  const choose = (label: string) => setParams(writeSearch({ ...current, place: label }));
  // A sector suggested goes to the sectors (its words leave the keyword); a job or a word is the keyword.
  const chooseSuggestion = (s: Suggestion) =>
    searchWith(
      s.kind === "sector" && s.sector_id ? { ...form, q: "", sector: joinSectors([...sectorList(form.sector), s.sector_id]) } : { ...form, q: s.text },
    );
  const set = (k: keyof SearchState) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  // A pupil who may not search yet is told why in our words ("tu"), the server's being for adults.
  const blockedCode = (results.error as { code?: string } | null)?.code;
  const error = !results.isError
    ? null
    : isPupil && (blockedCode === "NOT_ENROLLED" || blockedCode === "CONSENT_REQUIRED")
      ? blockedText(blockedCode)
      : (Object.values(fieldErrors(results.error))[0] ?? errorMessage(results.error));
  const total = map.data?.length ?? items.length + priority.length;
  const listed = items.length + priority.length;

  return (
    <>
      <h1>Chercher un stage</h1>
      <p>
        {isPupil
          ? `Les offres les plus proches ${place ? de(place.label) : "de ton établissement"} d'abord, pendant tes semaines de stage.${national ? " Ton établissement te permet aussi de chercher ailleurs en France." : ""}`
          : "Indiquez une commune ou un code postal : les offres les plus proches s'affichent d'abord."}
      </p>
      {isPupil && <GuideLink to="/guides/eleves-familles#chercher">Guide : bien chercher ton stage</GuideLink>}
      <form onSubmit={submit} className={fr.cx("fr-grid-row", "fr-grid-row--gutters", "fr-mb-2w")} role="search" aria-label="Chercher un stage">
        {placeAllowed && (
          <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
            <Input
              label={isPupil ? "Autre commune (facultatif)" : "Commune ou code postal"}
              hintText={isPupil ? "Laisse vide : autour de ton établissement" : "Par exemple : Saint-Denis, 42000"}
              nativeInputProps={{ name: "lieu", autoComplete: "address-level2", value: form.place, onChange: set("place") }}
            />
          </div>
        )}
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <KeywordCombobox
            label="Mot-clé"
            hint={isPupil ? "Un métier, un mot : des idées s'affichent pendant que tu tapes" : "Métier, organisme…"}
            value={form.q}
            onChange={(q) => setForm({ ...form, q })}
            onChoose={chooseSuggestion}
          />
        </div>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <SectorPicker
            value={sectorList(form.sector)}
            onChange={(ids) => setForm({ ...form, sector: joinSectors(ids) })}
            hint={isPupil ? "Tu peux en choisir plusieurs" : "Un ou plusieurs"}
          />
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

      {priority.length > 0 && (
        <section aria-labelledby="reservees" className={fr.cx("fr-mb-4w", "fr-p-2w")} style={{ background: "var(--background-alt-blue-france)" }}>
          <h2 id="reservees" className={fr.cx("fr-h4", "fr-mb-1w")}>
            Réservées pour toi
          </h2>
          <p>Ces offres sont gardées pour des élèves comme toi : moins d'élèves peuvent y postuler. Les plus proches d'abord.</p>
          <OfferList hits={priority} isPupil={isPupil} />
        </section>
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
              {listed === 0
                ? `Aucune offre pour l'instant dans ce périmètre (${radiusText(first.radius_km, around)}).`
                : `${plural(total, "offre", "offres")} ${radiusText(first.radius_km, around)}, de la plus proche à la plus éloignée${
                    total > listed ? ` (${plural(listed, "offre affichée", "offres affichées")})` : ""
                  }.${priority.length > 0 ? ` Dont ${plural(priority.length, "offre réservée", "offres réservées")} pour toi, plus haut.` : ""}`}
            </p>
          )}
          {(results.isFetching || catchingUp) && !first && <p aria-busy="true">Recherche en cours…</p>}
        </div>
        <OfferList hits={items} isPupil={isPupil} />
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
            centerLabel={isPupil && !place ? "Ton établissement" : `Lieu recherché : ${around}`}
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

function OfferList({ hits, isPupil }: { hits: Hit[]; isPupil: boolean }) {
  if (hits.length === 0) return null;
  return (
    <ul className={fr.cx("fr-raw-list")}>
      {hits.map((o) => (
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
            <ReservedBadges offer={o} />
            <Badge as="span" small>
              {o.sector.name}
            </Badge>{" "}
            {!isPupil && (
              <Badge as="span" small severity="info" noIcon>
                {o.grade_family === "lycee" ? "Seconde" : "Collège"}
              </Badge>
            )}{" "}
            {o.group_mode === "group" && (
              <Badge as="span" small severity="new">
                Stage collectif
              </Badge>
            )}{" "}
            {o.weeks.map((w) => `${weekText(w.week)} : ${plural(w.places_left, "place", "places")}`).join(" · ")}
          </p>
        </li>
      ))}
    </ul>
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
