import { fr } from "@codegouvfr/react-dsfr";
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
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
  // The popup open now, and the place in it for `popupAction`.
  const [opened, setOpened] = useState<{ point: Point; slot: HTMLElement; popup: L.Popup } | null>(null);
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
    for (const p of points) {
      const content = document.createElement("div");
      content.style.cssText = "display: flex; align-items: center; gap: 0.5rem";
      const link = document.createElement("a");
      link.href = `/offres/${encodeURIComponent(p.id)}`;
      link.textContent = `${p.title} (${formatKm(p.distance_km)})`;
      const slot = document.createElement("div");
      content.append(link, slot);
      const marker = L.circleMarker([p.latitude, p.longitude], { radius: 8, color: OFFER, weight: 2 }).bindPopup(content).addTo(group);
      marker.on("popupopen", (e) => setOpened({ point: p, slot, popup: e.popup }));
      marker.on("popupclose", () => setOpened((o) => (o?.slot === slot ? null : o)));
    }
    if (points.length > 0) m.fitBounds(L.latLngBounds([center, ...points.map((p) => [p.latitude, p.longitude] as [number, number])]), FIT_PADDING);
    else m.setView(center, 10);
  }, [points, center, centerLabel, radiusKm]);

  // The popup was measured before React filled its slot: measured again once it is.
  useEffect(() => {
    opened?.popup.update();
  }, [opened]);

  return (
    <section aria-labelledby="carte-titre" className={fr.cx("fr-mt-4w")}>
      {opened && popupAction && createPortal(popupAction(opened.point), opened.slot)}
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
          {swatch(<circle cx="10" cy="10" r="7" fill={OFFER} fillOpacity="0.2" stroke={OFFER} strokeWidth="2" />)}
          Cercle : une offre de stage (un clic dessus donne son titre et son lien)
        </li>
        <li>
          {swatch(<circle cx="10" cy="10" r="8" fill="none" stroke={CENTER} strokeWidth="1" strokeDasharray="3 3" />)}
          Pointillés : la limite de la recherche, à {formatKm(radiusKm)}
        </li>
      </ul>
    </div>
  );
}
