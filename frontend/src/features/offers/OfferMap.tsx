import { fr } from "@codegouvfr/react-dsfr";
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { Link } from "react-router-dom";
import type { components } from "../../api/client";
import { formatKm } from "../../i18n";
import { useMapSettings } from "./queries";
import { mapColors } from "../../dsfr/fr";

type Point = components["schemas"]["MapPoint"];

// Leaflet draws in SVG and takes colours as values: the DSFR's blue France and red Marianne
// (src/dsfr/fr.ts: not computed from react-dsfr's colour tables, a test compares them).
const CENTER = mapColors.center;
const OFFER = mapColors.offer;

/** Room kept around the marks when the map fits them, in pixels: the zoom buttons take the top
 *  left corner (10 px margin, 34 px wide, about 70 px tall) and the attribution the bottom; a mark
 *  at the edge, on a phone, would sit under them. */
export const FIT_PADDING: L.FitBoundsOptions = { paddingTopLeft: [56, 80], paddingBottomRight: [24, 32] };

/** An open popup is shown whole, clear of the zoom buttons: the map moves at once (Leaflet's
 *  own pan runs before React fills the popup, and its animation, cut short by the focus moving
 *  into the popup, left it half outside). */
function keepInView(m: L.Map, popup: L.Popup) {
  const el = popup.getElement();
  if (!el) return;
  const map = m.getContainer().getBoundingClientRect();
  const r = el.getBoundingClientRect();
  let dx = 0;
  let dy = 0;
  if (r.right + 8 > map.right) dx = r.right + 8 - map.right;
  if (r.left - dx - 56 < map.left) dx = r.left - 56 - map.left;
  if (r.bottom + 8 > map.bottom) dy = r.bottom + 8 - map.bottom;
  if (r.top - dy - 16 < map.top) dy = r.top - 16 - map.top;
  if (dx || dy) m.panBy([dx, dy], { animate: false });
}

/** A popup fits beside the zoom buttons, on a phone too (its links wrap). */
const popupMaxWidth = (box: HTMLElement | null) => Math.max(200, Math.min(300, (box?.clientWidth ?? 320) - 56 - 8 - 48));

/** Offers at one place (the same address, to about ten metres): one mark on the map, whose popup
 *  lists them all, so none hides under another. */
export type Spot = { latitude: number; longitude: number; points: Point[] };

/** The offers grouped by place, in the order of the first offer of each place (nearest first). */
export function groupBySpot(points: Point[]): Spot[] {
  const spots = new Map<string, Spot>();
  for (const p of points) {
    const key = `${p.latitude.toFixed(4)},${p.longitude.toFixed(4)}`;
    const spot = spots.get(key);
    if (spot) spot.points.push(p);
    else spots.set(key, { latitude: p.latitude, longitude: p.longitude, points: [p] });
  }
  return [...spots.values()];
}

/** What a screen reader says of a mark (it is a button: Enter or Space opens its popup). */
export function spotLabel(spot: Spot): string {
  if (spot.points.length === 1) {
    const [p] = spot.points;
    return `Offre : ${p.title} (${formatKm(p.distance_km)})`;
  }
  return `${spot.points.length} offres au même endroit (${formatKm(spot.points[0].distance_km)}) : ${spot.points.map((p) => p.title).join(", ")}`;
}

/** A mark: a red circle, with the number of offers when there are several at one place. */
function spotIcon(count: number): L.DivIcon {
  const size = count > 1 ? 28 : 24;
  const c = size / 2;
  const text =
    count > 1
      ? `<text x="${c}" y="${c}" dy="0.35em" text-anchor="middle" font-size="13" font-weight="700" fill="${OFFER}">${count > 99 ? "99+" : count}</text>`
      : "";
  return L.divIcon({
    className: "passerelle-map-spot",
    iconSize: [size, size],
    html: `<svg width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true" focusable="false"><circle cx="${c}" cy="${c}" r="${c - 2}" fill="#ffffff" fill-opacity="0.85" stroke="${OFFER}" stroke-width="2"/>${text}</svg>`,
  });
}

/** The offers of the current search on a map. Markers are vectors (no images to load); the
 *  tiles come from a setting and may fail to load: the map then shows markers on a blank
 *  background, and the list above stays the way to read and reach every offer. */
export function OfferMap({
  points,
  center,
  centerLabel,
  radiusKm,
  popupAction,
}: {
  points: Point[];
  center: [number, number];
  centerLabel: string;
  radiusKm: number;
  /** What an offer's popup shows beside its link (a pupil's star), rendered by React into it. */
  popupAction?: (point: Point) => ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  // The popup open now, the place in it for its list, and whether the keyboard opened it.
  const [opened, setOpened] = useState<{ spot: Spot; slot: HTMLElement; popup: L.Popup; byKeyboard: boolean } | null>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const settings = useMapSettings();
  const [tileError, setTileError] = useState(false);
  const tilesFailed = tileError || settings.isError || (settings.isSuccess && !settings.data.tile_url);

  useEffect(() => {
    if (!box.current || map.current) return;
    // maxZoom: without a tile layer (MAP_TILE_URL empty) Leaflet has no zoom limit, and fitting
    // the bounds of offers in one place would zoom without end (NaN coordinates).
    const m = L.map(box.current, { scrollWheelZoom: false, zoomControl: false, maxZoom: 18 }).setView(center, 10);
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(m);
    map.current = m;
    layer.current = L.layerGroup().addTo(m);
    return () => {
      m.remove();
      map.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the map is built once; `center` moves it in the effect below
  }, []);

  const tileUrl = settings.data?.tile_url;
  const attribution = settings.data?.attribution;
  useEffect(() => {
    const m = map.current;
    if (!m || !tileUrl) return;
    const tiles = L.tileLayer(tileUrl, { attribution, maxZoom: 18 });
    tiles.on("tileerror", () => setTileError(true));
    tiles.addTo(m);
    return () => {
      tiles.remove();
    };
  }, [tileUrl, attribution]);

  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    L.circle(center, { radius: radiusKm * 1000, color: CENTER, weight: 1, dashArray: "4 6", fill: false, interactive: false }).addTo(group);
    L.circleMarker(center, { radius: 6, color: CENTER, fillOpacity: 1 }).bindTooltip(centerLabel).addTo(group);
    for (const spot of groupBySpot(points)) {
      // Filled by React (SpotOffers below): links of the router, and each offer's `popupAction`.
      const slot = document.createElement("div");
      const marker = L.marker([spot.latitude, spot.longitude], { icon: spotIcon(spot.points.length), keyboard: true, riseOnHover: true })
        .bindPopup(slot, { minWidth: 200, maxWidth: popupMaxWidth(box.current), autoPan: false })
        .addTo(group);
      const mark = marker.getElement();
      mark?.setAttribute("aria-label", spotLabel(spot));
      mark?.setAttribute("aria-expanded", "false");
      // Leaflet opens the popup on Enter; a button opens on Space too. Opened from the keyboard,
      // the focus goes into the popup.
      let byKeyboard = false;
      mark?.addEventListener("pointerdown", () => (byKeyboard = false));
      mark?.addEventListener("keydown", (e) => {
        if (e.key === "Enter") byKeyboard = true;
        if (e.key === " ") {
          e.preventDefault();
          byKeyboard = true;
          marker.openPopup();
        }
      });
      // Escape, from inside the popup, closes it (Leaflet only listens while the map itself has the focus).
      slot.addEventListener("keydown", (e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          marker.closePopup();
        }
      });
      marker.on("popupopen", (e) => {
        mark?.setAttribute("aria-expanded", "true");
        setOpened({ spot, slot, popup: e.popup, byKeyboard });
        byKeyboard = false;
      });
      marker.on("popupclose", (e) => {
        mark?.setAttribute("aria-expanded", "false");
        // Closed from inside (Escape, its close button): the focus goes back to the mark, not to the page's top.
        const active = document.activeElement;
        const container = e.popup.getElement();
        if (!active || active === document.body || container?.contains(active)) mark?.focus({ preventScroll: true });
        setOpened((o) => (o?.slot === slot ? null : o));
      });
    }
    // At once, not animated: a popup opened meanwhile would be moved back by the animation's end.
    if (points.length > 0)
      m.fitBounds(L.latLngBounds([center, ...points.map((p) => [p.latitude, p.longitude] as [number, number])]), { ...FIT_PADDING, animate: false });
    else m.setView(center, 10);
  }, [points, center, centerLabel, radiusKm]);

  // The popup was measured before React filled its slot: measured again once it is. Opened from
  // the keyboard, the focus goes to its first link (the popups come last in the map's order).
  useEffect(() => {
    if (!opened) return;
    opened.popup.update();
    if (map.current) keepInView(map.current, opened.popup);
    if (opened.byKeyboard) opened.slot.querySelector("a")?.focus({ preventScroll: true });
  }, [opened]);

  return (
    <section aria-labelledby="carte-titre" className={fr.cx("fr-mt-4w")}>
      {opened && createPortal(<SpotOffers spot={opened.spot} popupAction={popupAction} />, opened.slot)}
      <h2 id="carte-titre" className={fr.cx("fr-h4")}>
        Carte des offres
      </h2>
      {tilesFailed && (
        <p className={fr.cx("fr-hint-text")}>
          Le fond de carte n'a pas pu être chargé : les offres restent placées par rapport au point de départ de la recherche, et la liste ci-dessus reste
          complète.
        </p>
      )}
      <div ref={box} style={{ height: "24rem", width: "100%" }} role="region" aria-label="Carte des offres : la liste ci-dessus présente les mêmes offres" />
      <MapLegend centerLabel={centerLabel} radiusKm={radiusKm} />
    </section>
  );
}

/** A popup's content: the offers at its place, each a link inside the application (no reload). */
function SpotOffers({ spot, popupAction }: { spot: Spot; popupAction?: (point: Point) => ReactNode }) {
  const several = spot.points.length > 1;
  return (
    <div>
      {several && <p className={fr.cx("fr-text--sm", "fr-text--bold", "fr-mb-1w")}>{spot.points.length} offres à cet endroit :</p>}
      <ul className={fr.cx("fr-raw-list")} style={{ maxHeight: "14rem", overflowY: "auto" }}>
        {spot.points.map((p) => (
          <li key={p.id} style={{ display: "flex", alignItems: "center", gap: "0.5rem" }}>
            <Link to={`/offres/${encodeURIComponent(p.id)}`}>
              {p.title} ({formatKm(p.distance_km)})
            </Link>
            {popupAction?.(p)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** What the marks on the map mean, told by shape as well as colour. */
function MapLegend({ centerLabel, radiusKm }: { centerLabel: string; radiusKm: number }) {
  const swatch = (mark: ReactNode) => (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false" style={{ verticalAlign: "middle", marginRight: "0.5rem" }}>
      {mark}
    </svg>
  );
  return (
    <div className={fr.cx("fr-mt-2w")}>
      <h3 className={fr.cx("fr-h6", "fr-mb-1w")}>Légende</h3>
      <ul className={fr.cx("fr-raw-list")}>
        <li>
          {swatch(<circle cx="10" cy="10" r="5" fill={CENTER} stroke={CENTER} strokeWidth="2" />)}
          Point plein : {centerLabel.charAt(0).toLowerCase() + centerLabel.slice(1)}
        </li>
        <li>
          {swatch(<circle cx="10" cy="10" r="8" fill="#ffffff" stroke={OFFER} strokeWidth="2" />)}
          Cercle : une offre de stage, ou plusieurs au même endroit avec leur nombre inscrit (un clic, ou la touche Entrée, donne leurs titres et leurs liens)
        </li>
        <li>
          {swatch(<circle cx="10" cy="10" r="8" fill="none" stroke={CENTER} strokeWidth="1" strokeDasharray="3 3" />)}
          Pointillés : la limite de la recherche, à {formatKm(radiusKm)}
        </li>
      </ul>
    </div>
  );
}
