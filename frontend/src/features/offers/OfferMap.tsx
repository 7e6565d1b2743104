import { fr } from "@codegouvfr/react-dsfr";
import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef, useState } from "react";
import type { components } from "../../api/client";
import { formatKm } from "../../i18n";
import { useMapSettings } from "./queries";

type Point = components["schemas"]["MapPoint"];

/** The offers of the current search on a map. Markers are vectors (no images to load); the
 *  tiles come from a setting and may fail to load: the map then shows markers on a blank
 *  background, and the list above stays the way to read and reach every offer. */
export function OfferMap({ points, center }: { points: Point[]; center: [number, number] }) {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);
  const settings = useMapSettings();
  const [tileError, setTileError] = useState(false);
  const tilesFailed = tileError || settings.isError || (settings.isSuccess && !settings.data.tile_url);

  useEffect(() => {
    if (!box.current || map.current) return;
    const m = L.map(box.current, { scrollWheelZoom: false, zoomControl: false }).setView(center, 10);
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
    L.circleMarker(center, { radius: 6, color: "#000091", fillOpacity: 1 }).bindTooltip("Votre établissement").addTo(group);
    for (const p of points) {
      const link = document.createElement("a");
      link.href = `/offres/${encodeURIComponent(p.id)}`;
      link.textContent = `${p.title} (${formatKm(p.distance_km)})`;
      L.circleMarker([p.latitude, p.longitude], { radius: 8, color: "#e1000f", weight: 2 }).bindPopup(link).addTo(group);
    }
    if (points.length > 0) m.fitBounds(L.latLngBounds([center, ...points.map((p) => [p.latitude, p.longitude] as [number, number])]).pad(0.1));
    else m.setView(center, 10);
  }, [points, center]);

  return (
    <section aria-labelledby="carte-titre" className={fr.cx("fr-mt-4w")}>
      <h2 id="carte-titre" className={fr.cx("fr-h4")}>
        Carte des offres
      </h2>
      {tilesFailed && (
        <p className={fr.cx("fr-hint-text")}>
          Le fond de carte n'a pas pu être chargé : les offres restent placées par rapport à votre établissement, et la liste ci-dessus reste complète.
        </p>
      )}
      <div ref={box} style={{ height: "24rem", width: "100%" }} role="region" aria-label="Carte des offres : la liste ci-dessus présente les mêmes offres" />
    </section>
  );
}
