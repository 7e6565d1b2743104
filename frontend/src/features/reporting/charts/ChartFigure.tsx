// One chart of the dashboard, drawn with Chart.js in the DSFR's chart palette and font, with its
// summary (the accessible description), its figures in a table ("Voir les données") and a PNG
// export. Loaded with the dashboard's charts only (a lazy chunk): no other screen carries Chart.js.
import { fr } from "@codegouvfr/react-dsfr";
import { Accordion } from "@codegouvfr/react-dsfr/Accordion";
import { Button } from "@codegouvfr/react-dsfr/Button";
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from "chart.js";
import { useEffect, useId, useRef, useState } from "react";
import { saveBlob } from "../../../api/files";
import { DataTable } from "../../../components/DataTable";
import { formatNumber } from "../../../i18n";
import type { ChartSpec } from "./chartData";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

/** The DSFR chart palette (DSFR Chart's "categorical" colours, light and dark themes), in an order
 *  where neighbouring series stay apart; each keeps a 3:1 contrast with the page's background. */
const palette = {
  light: ["#5C68E5", "#808080", "#298641", "#29598F"],
  dark: ["#5C68E5", "#A4A4A4", "#449D57", "#699BD6"],
};

const FONT = '"Marianne", arial, sans-serif';

function themeColours() {
  const dark = document.documentElement.getAttribute("data-fr-theme") === "dark";
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    series: dark ? palette.dark : palette.light,
    text: v("--text-default-grey", dark ? "#cecece" : "#3a3a3a"),
    grid: v("--border-default-grey", dark ? "#353535" : "#dddddd"),
    background: v("--background-default-grey", dark ? "#161616" : "#ffffff"),
  };
}

/** Paints the background before the chart: an exported PNG is not transparent. */
const background: Plugin = {
  id: "passerelle-background",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = themeColours().background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** White or near-black text, whichever reads better on a colour "#RRGGBB" (WCAG's contrast). */
export function textOn(hex: string): string {
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255));
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Against white (1.05 / (l + 0.05)) and against #161616 (luminance about 0.008).
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.058 ? "#FFFFFF" : "#161616";
}

/** Writes each bar's value at its end: a bar too short to see still reads. Stacked shares: each
 *  share in its segment, when the segment is wide enough (the table has them all). */
const values: Plugin<"bar"> = {
  id: "passerelle-values",
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const stacked = Boolean((chart.options.scales?.x as { stacked?: boolean } | undefined)?.stacked);
    ctx.save();
    ctx.fillStyle = themeColours().text;
    ctx.font = `${stacked ? "bold " : ""}12px ${FONT}`;
    ctx.textBaseline = "middle";
    if (stacked) ctx.textAlign = "center";
    chart.data.datasets.forEach((dataset, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      meta.data.forEach((bar, j) => {
        const v = dataset.data[j];
        if (typeof v !== "number") return;
        if (!stacked) return ctx.fillText(formatNumber(v), bar.x + 4, bar.y);
        const { base, x } = bar as unknown as { base: number; x: number };
        const text = `${formatNumber(Math.round(v))} %`;
        if (x - base < ctx.measureText(text).width + 8) return;
        ctx.fillStyle = textOn(String(dataset.backgroundColor));
        ctx.fillText(text, (base + x) / 2, bar.y);
      });
    });
    ctx.restore();
  },
};

/** A long label ("Bâtiment et travaux publics (BTP)") on lines of about `width` characters: the
 *  axis keeps it whole on a phone. */
export function wrapLabel(label: string, width = 20): string | string[] {
  if (label.length <= width) return label;
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Horizontal bars: the labels (departments, sectors) stay readable on a phone. */
function barHeight(spec: ChartSpec): number {
  const bars = spec.labels.length * (spec.stacked ? 1 : spec.series.length);
  return Math.max(180, bars * 22 + spec.labels.length * 14 + 70);
}

function config(spec: ChartSpec): ChartConfiguration {
  const c = themeColours();
  Chart.defaults.font.family = FONT;
  Chart.defaults.color = c.text;
  const tooltip = {
    callbacks: {
      label: (ctx: { dataset: { label?: string }; raw: unknown; label: string }) =>
        `${spec.kind === "doughnut" ? ctx.label : ctx.dataset.label} : ${formatNumber(Number(ctx.raw))}${spec.stacked ? " %" : ""}`,
    },
  };
  if (spec.kind === "doughnut") {
    return {
      type: "doughnut",
      data: {
        labels: spec.labels,
        datasets: spec.series.map((s) => ({ label: s.label, data: s.values, backgroundColor: [c.series[0], c.series[2]], borderColor: c.background })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom" }, tooltip },
      },
      plugins: [background],
    };
  }
  return {
    type: "bar",
    data: {
      labels: spec.labels.map((l) => wrapLabel(l)),
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        data: s.values,
        backgroundColor: c.series[(s.colour ?? i) % c.series.length],
        maxBarThickness: 28,
      })),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: spec.stacked
        ? {
            x: { stacked: true, min: 0, max: 100, grid: { color: c.grid }, ticks: { callback: (v) => `${formatNumber(Number(v))} %` } },
            y: { stacked: true, grid: { display: false } },
          }
        : {
            x: { beginAtZero: true, grid: { color: c.grid }, ticks: { precision: 0, callback: (v) => formatNumber(Number(v)) } },
            y: { grid: { display: false } },
          },
      // Room on the right for the value of the longest bar.
      layout: { padding: { right: spec.stacked ? 16 : 40 } },
      plugins: { legend: { display: spec.series.length > 1, position: "bottom" }, tooltip },
    },
    plugins: [background, values as Plugin],
  };
}

/** The chart as a PNG with its title above and its source below: ready for a slide or a note. */
async function exportPng(chart: Chart, spec: ChartSpec, source: string, filename: string) {
  const c = themeColours();
  const ratio = window.devicePixelRatio || 1;
  const img = chart.canvas;
  const out = document.createElement("canvas");
  // A chart that draws some of its rows says which under its title: the image travels alone.
  const head = (spec.note ? 70 : 48) * ratio;
  const foot = 32 * ratio;
  out.width = img.width;
  out.height = img.height + head + foot;
  const ctx = out.getContext("2d");
  if (!ctx) return;
  ctx.fillStyle = c.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = c.text;
  ctx.font = `bold ${18 * ratio}px ${FONT}`;
  ctx.fillText(spec.title, 8 * ratio, 30 * ratio, out.width - 16 * ratio);
  if (spec.note) {
    ctx.font = `${12 * ratio}px ${FONT}`;
    ctx.fillText(spec.note, 8 * ratio, 52 * ratio, out.width - 16 * ratio);
  }
  ctx.drawImage(img, 0, head);
  ctx.font = `${12 * ratio}px ${FONT}`;
  ctx.fillText(source, 8 * ratio, out.height - 12 * ratio, out.width - 16 * ratio);
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, "image/png"));
  if (blob) saveBlob(blob, filename);
}

export function ChartFigure({ spec, source, filename }: { spec: ChartSpec; source: string; filename: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  const [drawn, setDrawn] = useState(false);
  const summaryId = useId();
  const noteId = useId();

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // No 2D context (a very old browser, a test's DOM): the summary and the table say it all.
    const made = el.getContext("2d") ? new Chart(el, config(spec)) : null;
    chart.current = made;
    setDrawn(made !== null);
    // The labels were measured with the fallback font if Marianne was still loading.
    let alive = true;
    document.fonts?.ready.then(() => alive && made?.update());
    return () => {
      alive = false;
      made?.destroy();
      chart.current = null;
    };
  }, [spec]);

  const height = spec.kind === "doughnut" ? 260 : barHeight(spec);
  return (
    <figure className={fr.cx("fr-m-0", "fr-p-2w")} style={{ border: "1px solid var(--border-default-grey)", height: "100%" }}>
      <figcaption>
        <h4 className={fr.cx("fr-h6", "fr-mb-1v")}>{spec.title}</h4>
        <p id={summaryId} className={fr.cx("fr-text--sm", "fr-mb-2w")}>
          {spec.summary}
        </p>
        {spec.note && (
          <p id={noteId} className={fr.cx("fr-text--sm", "fr-mb-2w")}>
            {spec.note}
          </p>
        )}
      </figcaption>
      <div style={{ position: "relative", height }}>
        <canvas ref={canvas} role="img" aria-label={`Graphique : ${spec.title}`} aria-describedby={spec.note ? `${summaryId} ${noteId}` : summaryId} />
      </div>
      <Button
        priority="secondary"
        size="small"
        iconId="fr-icon-download-line"
        className={fr.cx("fr-mt-2w")}
        disabled={!drawn}
        onClick={() => chart.current && exportPng(chart.current, spec, source, filename)}
        nativeButtonProps={{ "aria-label": `Exporter en image (PNG) : ${spec.title}` }}
      >
        Exporter en image (PNG)
      </Button>
      <Accordion
        className={fr.cx("fr-mt-2w")}
        titleAs="h5"
        label={
          <>
            Voir les données<span className={fr.cx("fr-sr-only")}> : {spec.title}</span>
          </>
        }
      >
        <DataTable hideCaption caption={spec.title} headers={spec.table.headers} rows={spec.table.rows} />
      </Accordion>
    </figure>
  );
}
