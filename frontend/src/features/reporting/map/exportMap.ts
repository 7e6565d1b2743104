// The map of departments as a PNG, as the charts export theirs: its drawings serialized onto a
// canvas on white, with its title above, its legend and its source below (ready for a slide or a
// note). The colours are told by the legend written in the image.
import { saveBlob } from "../../../api/files";

const FONT = '"Marianne", arial, sans-serif';
const TEXT = "#161616";
const BORDER = "#929292";
/** The image's width in CSS pixels, drawn at twice the density at least (sharp on a slide). */
const WIDTH = 640;
const MARGIN = 16;
const TILE = { width: 112, drawing: 56, caption: 20, gap: 8 };
const LEGEND_LINE = 22;

/** A small drawing under the map (Paris's inset, an overseas department) or, without an outline,
 *  a square of the department's colour with its code (`fill` null: no rate, hatched). */
export type MapTile = { caption: string } & ({ svg: SVGSVGElement } | { code: string; fill: string | null; ink: string });

export type MapExport = {
  title: string;
  /** The metropolitan map, if the territory has one. */
  map: SVGSVGElement | null;
  tiles: MapTile[];
  legendTitle: string;
  /** The legend's classes as the page writes them; `fill` null: hatched (no rate). */
  legend: { fill: string | null; label: string }[];
  source: string;
  filename: string;
};

const viewBoxOf = (svg: SVGSVGElement) => (svg.getAttribute("viewBox") ?? "0 0 1 1").split(" ").map(Number);

/** The drawing as an image `width` × `height` pixels: a copy with its size fixed (the page sizes it
 *  by CSS, which the image does not carry), without the pointer's or keyboard's outline. Its CSS
 *  variables fall back to the light theme's colours, on the image's white. */
function rasterize(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.removeAttribute("style");
  copy.querySelectorAll("[data-transient]").forEach((el) => el.remove());
  copy.setAttribute("width", String(Math.round(width)));
  copy.setAttribute("height", String(Math.round(height)));
  const xml = new XMLSerializer().serializeToString(copy);
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("dessin illisible"));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
  });
}

/** Grey diagonal lines on white in a box: "pas d'objectif", as the page hatches it. */
function hatch(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number) {
  ctx.save();
  ctx.fillStyle = "#FFFFFF";
  ctx.fillRect(x, y, w, h);
  ctx.beginPath();
  ctx.rect(x, y, w, h);
  ctx.clip();
  ctx.strokeStyle = BORDER;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let d = -h; d < w; d += 5) {
    ctx.moveTo(x + d, y + h);
    ctx.lineTo(x + d + h, y);
  }
  ctx.stroke();
  ctx.restore();
}

function swatch(ctx: CanvasRenderingContext2D, fill: string | null, x: number, y: number, w: number, h: number) {
  if (fill == null) hatch(ctx, x, y, w, h);
  else {
    ctx.fillStyle = fill;
    ctx.fillRect(x, y, w, h);
  }
  ctx.strokeStyle = BORDER;
  ctx.lineWidth = 1;
  ctx.strokeRect(x, y, w, h);
}

/** Draws the map and its legend on a canvas, then saves it as `filename` (PNG). */
export async function exportMapPng(e: MapExport): Promise<void> {
  const ratio = Math.max(2, window.devicePixelRatio || 1);
  const inner = WIDTH - 2 * MARGIN;
  // The metropolitan map as wide as the image, no taller than it is wide.
  let mapW = 0;
  let mapH = 0;
  if (e.map) {
    const [, , vw, vh] = viewBoxOf(e.map);
    mapW = inner;
    mapH = (inner * vh) / vw;
    if (mapH > inner) [mapW, mapH] = [(inner * vw) / vh, inner];
  }
  const perRow = Math.max(1, Math.floor((inner + TILE.gap) / (TILE.width + TILE.gap)));
  const tileRows = Math.ceil(e.tiles.length / perRow);
  const head = 48;
  const mapBlock = e.map ? mapH + 16 : 0;
  const tileBlock = tileRows * (TILE.drawing + TILE.caption + TILE.gap);
  const legendBlock = 28 + e.legend.length * LEGEND_LINE;
  const foot = 36;
  const height = head + mapBlock + tileBlock + legendBlock + foot;

  // A tile's drawing as high as the others, no wider than its place.
  const tileWidths = e.tiles.map((t) => {
    if (!("svg" in t)) return 0;
    const [, , vw, vh] = viewBoxOf(t.svg);
    return Math.min(TILE.width, (TILE.drawing * vw) / vh);
  });
  const [map, ...tiles] = await Promise.all([
    e.map ? rasterize(e.map, mapW * ratio, mapH * ratio) : Promise.resolve(null),
    ...e.tiles.map((t, i) => ("svg" in t ? rasterize(t.svg, tileWidths[i] * ratio, TILE.drawing * ratio) : Promise.resolve(null))),
  ]);

  const out = document.createElement("canvas");
  out.width = Math.round(WIDTH * ratio);
  out.height = Math.round(height * ratio);
  const ctx = out.getContext("2d");
  if (!ctx) return;
  ctx.scale(ratio, ratio);
  ctx.fillStyle = "#FFFFFF";
  ctx.fillRect(0, 0, WIDTH, height);
  ctx.fillStyle = TEXT;
  ctx.textBaseline = "alphabetic";
  ctx.font = `bold 18px ${FONT}`;
  ctx.fillText(e.title, MARGIN, 30, inner);

  let y = head;
  if (map) {
    ctx.drawImage(map, MARGIN + (inner - mapW) / 2, y, mapW, mapH);
    y += mapBlock;
  }
  e.tiles.forEach((t, i) => {
    const x = MARGIN + (i % perRow) * (TILE.width + TILE.gap);
    const top = y + Math.floor(i / perRow) * (TILE.drawing + TILE.caption + TILE.gap);
    const img = tiles[i];
    ctx.textAlign = "center";
    if (img) ctx.drawImage(img, x + (TILE.width - tileWidths[i]) / 2, top, tileWidths[i], TILE.drawing);
    else if (!("svg" in t)) {
      const side = 40;
      swatch(ctx, t.fill, x + (TILE.width - side) / 2, top + 8, side, side);
      ctx.font = `bold 12px ${FONT}`;
      ctx.fillStyle = t.ink;
      ctx.fillText(t.code, x + TILE.width / 2, top + 32, side);
    }
    ctx.fillStyle = TEXT;
    ctx.font = `12px ${FONT}`;
    ctx.fillText(t.caption, x + TILE.width / 2, top + TILE.drawing + 14, TILE.width);
    ctx.textAlign = "left";
  });
  y += tileBlock;

  ctx.fillStyle = TEXT;
  ctx.font = `bold 14px ${FONT}`;
  ctx.fillText(e.legendTitle, MARGIN, y + 18, inner);
  y += 28;
  ctx.font = `13px ${FONT}`;
  for (const item of e.legend) {
    swatch(ctx, item.fill, MARGIN, y + 3, 24, 14);
    ctx.fillStyle = TEXT;
    ctx.fillText(item.label, MARGIN + 32, y + 15, inner - 32);
    y += LEGEND_LINE;
  }

  ctx.font = `12px ${FONT}`;
  ctx.fillText(e.source, MARGIN, height - 14, inner);
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/png"));
  if (blob) saveBlob(blob, e.filename);
}
