// The referents' map of departments (issue 27): each department of the reader's territory coloured
// by its rate (offers against the target, or pupils with an internship against pupils enrolled) on a
// sequential scale with its legend; a click, or Enter / Space on a department reached with the
// keyboard, narrows the dashboard to it as the "Département" list does. The figure is never told
// by the colour alone: each department's accessible name, the panel beside the map and the table
// "Par département" say it. A department referent's territory is one department: the map frames it
// among its neighbours (in grey), always selected, its figures in the panel (nothing to narrow to).
// Exported as a PNG with its legend and source, as the dashboard's charts are.
// Loaded with the dashboard only (a lazy chunk with the outlines).
import { fr } from "@codegouvfr/react-dsfr";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import type { components } from "../../../api/client";
import { METROPOLITAN_VIEWBOX, metropolitanShapes, overseasShapes } from "./departmentShapes";
import { exportMapPng, type MapTile } from "./exportMap";
import {
  accessibleName,
  classCounts,
  departmentRate,
  departmentsCount,
  frame,
  frameAround,
  isDark,
  PARIS_AREA,
  coverageRateMakesSense,
  rateClass,
  rateClasses,
  rateDetail,
  rateLabels,
  rateText,
  type RateKind,
} from "./mapData";

type TerritoryRow = components["schemas"]["TerritoryRow"];

type Props = {
  /** Every department of the reader's territory, with its figures. */
  rows: TerritoryRow[];
  /** The department the dashboard shows, "" for the whole territory. */
  selected: string;
  onSelect: (code: string) => void;
  /** "Source : Passerelle · Île-de-France · 2026-2027": written under the exported image. */
  source: string;
  /** The exported image's name, "carte-departements-2026-2027.png". */
  filename: string;
};

/** Outlines between departments, and the grey of those outside the territory. */
const BORDER = "#929292";
const OUTSIDE = "var(--background-alt-grey, #F6F6F6)";
/** The page's background (dark in the dark theme): under the hatching. */
const PAGE = "var(--background-default-grey, #FFFFFF)";
/** The DSFR's focus colour: the outline of the department under the pointer or the keyboard. */
const FOCUS = "#0A76F6";

/** Diagonal grey lines on white: a department without a rate ("pas d'objectif"), told apart from
 *  the lightest blue without relying on colour. `size` in the drawing's units. */
function Hatch({ id, size }: { id: string; size: number }) {
  return (
    <pattern id={id} width={size} height={size} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width={size} height={size} style={{ fill: PAGE }} />
      <line x1={0} y1={0} x2={0} y2={size} stroke={BORDER} strokeWidth={size / 3} />
    </pattern>
  );
}

/** The rows under the map (Paris's inset, overseas): as many columns as the width holds. */
const tiles = {
  listStyle: "none",
  padding: 0,
  margin: "0.75rem 0 0",
  display: "grid",
  gridTemplateColumns: "repeat(auto-fill, minmax(4.5rem, 1fr))",
  gap: "0.75rem 0.5rem",
  alignItems: "start",
} as const;

const HATCH_CSS = `repeating-linear-gradient(45deg, ${PAGE} 0 3px, ${BORDER} 3px 5px)`;

export default function DepartmentMap({ rows, selected, onSelect, source, filename }: Props) {
  const showsCoverage = coverageRateMakesSense(rows);
  const [chosenKind, setKind] = useState<RateKind>("offers");
  const kind: RateKind = showsCoverage ? chosenKind : "offers";
  // The department under the mouse, and the one the keyboard reached: each has its outline.
  const [hovered, setHovered] = useState<string | null>(null);
  const [focused, setFocused] = useState<string | null>(null);
  const hatchId = useId().replace(/:/g, "");
  const titleId = `${hatchId}-titre`;
  const afterId = `${hatchId}-apres`;
  // The drawings' column: its SVGs are what the PNG export draws.
  const drawings = useRef<HTMLDivElement>(null);
  const [exportFailed, setExportFailed] = useState(false);

  const byCode = new Map(rows.map((r) => [r.code, r]));
  const metropolitan = rows.filter((r) => metropolitanShapes[r.code]);
  const overseas = overseasShapes.filter((s) => byCode.has(s.code));
  // Territories without an outline here (Saint-Pierre-et-Miquelon, the Pacific…): a tile each.
  const withoutShape = rows.filter((r) => !metropolitanShapes[r.code] && !overseasShapes.some((s) => s.code === r.code));
  // A department referent: their one department, shown and selected whatever the list says.
  const single = rows.length === 1 ? rows[0].code : null;
  const current = single ?? selected;
  const viewBox = single && metropolitanShapes[single] ? frameAround(single) : frame(metropolitan.map((r) => r.code));
  const frameWidth = Number((viewBox ?? METROPOLITAN_VIEWBOX).split(" ")[2]);
  // Paris and its inner ring are a few pixels wide on the whole map: drawn again, larger, when
  // the territory is wider than Île-de-France.
  const parisInset = frameWidth > 250 && PARIS_AREA.some((c) => byCode.has(c));
  const insetCodes = parisInset ? PARIS_AREA.filter((c) => byCode.has(c)) : [];
  const counts = classCounts(rows, kind);
  const shown = hovered ?? focused ?? (current || null);
  const shownRow = shown ? byCode.get(shown) : undefined;
  // The legend as the page writes it, and as the exported image does; `fill` null: hatched.
  const legend = [
    // How many departments in each class: nothing to count in a one-department territory.
    ...rateClasses.map((c, i) => ({ fill: c.fill as string | null, label: `${c.label}${single ? "" : ` : ${departmentsCount(counts.byClass[i])}`}` })),
    ...(counts.missing > 0
      ? [{ fill: null, label: `${kind === "offers" ? "pas d'objectif" : "pas d'élève inscrit"}${single ? "" : ` : ${departmentsCount(counts.missing)}`}` }]
      : []),
  ];

  async function exportPng() {
    const column = drawings.current;
    if (!column) return;
    const tiles: MapTile[] = [
      ...[...column.querySelectorAll<SVGSVGElement>("svg[data-caption]")].map((svg) => ({ svg, caption: svg.dataset.caption ?? "" })),
      ...withoutShape.map((row) => {
        const cls = rateClass(departmentRate(row, kind).pct);
        return { code: row.code, caption: row.name, fill: cls == null ? null : rateClasses[cls].fill, ink: isDark(cls) ? "#FFFFFF" : "#161616" };
      }),
    ];
    setExportFailed(false);
    try {
      await exportMapPng({
        title: "Carte des départements",
        map: column.querySelector<SVGSVGElement>("svg[data-map]"),
        tiles,
        legendTitle: rateLabels[kind],
        legend,
        source,
        filename,
      });
    } catch {
      setExportFailed(true);
    }
  }

  const fillOf = (row: TerritoryRow, hatch: string) => {
    const cls = rateClass(departmentRate(row, kind).pct);
    return cls == null ? `url(#${hatch})` : rateClasses[cls].fill;
  };
  // Nothing to narrow to in a one-department territory: a click keeps it selected.
  const toggle = (code: string) => {
    if (!single) onSelect(code === selected ? "" : code);
  };
  const nameOf = (row: TerritoryRow) =>
    single
      ? `${row.name} : ${rateText(departmentRate(row, kind), kind)}, ses chiffres sont affichés à côté de la carte`
      : accessibleName(row, departmentRate(row, kind), kind);
  const onKey = (code: string) => (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      toggle(code);
    }
  };
  /** What makes a drawn department a button: name, state, pointer and keyboard. */
  const interactive = (row: TerritoryRow) => ({
    role: "button",
    tabIndex: 0,
    "aria-label": nameOf(row),
    "aria-pressed": row.code === current,
    onClick: () => toggle(row.code),
    onKeyDown: onKey(row.code),
    onMouseEnter: () => setHovered(row.code),
    onMouseLeave: () => setHovered(null),
    onFocus: () => setFocused(row.code),
    onBlur: () => setFocused(null),
    style: { cursor: "pointer" },
  });
  /** The selected department drawn again on top with a thick outline, the hovered one with a thin
   *  one, and the one the keyboard reached in the DSFR's focus blue, last (over the others). */
  const outlines = (codes: string[], shapes: Record<string, string>) => {
    // The pointer's and the keyboard's outlines are transient: left out of the exported image.
    const drawn: [string, string, number, boolean][] = [];
    if (current && codes.includes(current)) drawn.push([current, "#161616", 3, false]);
    if (hovered && hovered !== focused && codes.includes(hovered)) drawn.push([hovered, "#3A3A3A", 2, true]);
    if (focused && codes.includes(focused)) drawn.push([focused, FOCUS, 4, true]);
    return drawn
      .filter(([c]) => shapes[c])
      .map(([c, colour, width, transient], i) => (
        <path
          key={`outline-${i}-${c}`}
          data-transient={transient || undefined}
          d={shapes[c]}
          fill="none"
          stroke={colour}
          strokeWidth={width}
          vectorEffect="non-scaling-stroke"
          pointerEvents="none"
          aria-hidden="true"
        />
      ));
  };

  return (
    <div className={fr.cx("fr-mb-4w")}>
      <h3 id={titleId} className={fr.cx("fr-h5", "fr-mt-2w")}>
        Carte des départements
      </h3>
      <p className={fr.cx("fr-text--sm")}>
        {single ? (
          <>Votre département parmi ses voisins (en gris). Ses chiffres sont à côté de la carte et dans le tableau « Par département », plus bas. </>
        ) : (
          <>
            Choisissez un département sur la carte (souris, ou touche Tab puis Entrée) pour n'afficher que ses chiffres, comme avec la liste « Département ».
            Les chiffres de chaque département sont aussi dans le tableau « Par département », plus bas.{" "}
          </>
        )}
        <a className={fr.cx("fr-link", "fr-text--sm")} href={`#${afterId}`}>
          Passer la carte
        </a>
      </p>
      {showsCoverage && (
        <RadioButtons
          legend="Taux représenté"
          name={`${hatchId}-taux`}
          orientation="horizontal"
          small
          options={(["offers", "coverage"] as RateKind[]).map((k) => ({
            label: rateLabels[k],
            nativeInputProps: { value: k, checked: kind === k, onChange: () => setKind(k) },
          }))}
        />
      )}
      <div className={fr.cx("fr-grid-row", "fr-grid-row--gutters")}>
        <div className={fr.cx("fr-col-12", "fr-col-md-4")}>
          <div id={`${hatchId}-legende`} className={fr.cx("fr-mb-2w")}>
            <p className={fr.cx("fr-text--bold", "fr-text--sm", "fr-mb-1v")}>{rateLabels[kind]}</p>
            <ul style={{ listStyle: "none", padding: 0, margin: 0 }}>
              {legend.map((item) => (
                <li key={item.label} className={fr.cx("fr-text--sm", "fr-mb-1v")} style={{ display: "flex", alignItems: "center", gap: "0.5rem", padding: 0 }}>
                  <span
                    aria-hidden="true"
                    style={{ width: "1.5rem", height: "1rem", background: item.fill ?? HATCH_CSS, border: `1px solid ${BORDER}`, flex: "none" }}
                  />
                  {item.label}
                </li>
              ))}
            </ul>
          </div>
          <div className={fr.cx("fr-p-2w", "fr-mb-2w")} style={{ border: "1px solid var(--border-default-grey)", minHeight: "5.5rem" }}>
            {shownRow ? (
              <>
                <p className={fr.cx("fr-text--bold", "fr-mb-1v")}>
                  {shownRow.name} ({shownRow.code})
                </p>
                <p className={fr.cx("fr-mb-1v")}>{rateText(departmentRate(shownRow, kind), kind)}</p>
                <p className={fr.cx("fr-text--sm", "fr-mb-0")}>{rateDetail(shownRow, kind)}</p>
              </>
            ) : (
              <p className={fr.cx("fr-text--sm", "fr-mb-0")}>
                Survolez ou touchez un département, ou atteignez-le avec la touche Tab : son taux s'affiche ici.
              </p>
            )}
          </div>
          {!single && selected && byCode.has(selected) && (
            <Button priority="secondary" size="small" className={fr.cx("fr-mb-2w")} onClick={() => onSelect("")}>
              Revenir à tout mon périmètre
            </Button>
          )}
        </div>
        <div ref={drawings} className={fr.cx("fr-col-12", "fr-col-md-8")}>
          {viewBox && (
            <svg
              data-map=""
              role="group"
              aria-labelledby={titleId}
              aria-describedby={`${hatchId}-legende`}
              viewBox={viewBox}
              style={{ width: "100%", maxWidth: "36rem", height: "auto", display: "block", margin: "0 auto" }}
            >
              <defs>
                <Hatch id={hatchId} size={frameWidth / 90} />
              </defs>
              {/* The neighbours of a regional territory, for the eye only. */}
              {frameWidth < 900 &&
                Object.entries(metropolitanShapes)
                  .filter(([code]) => !byCode.has(code))
                  .map(([code, d]) => (
                    <path key={code} d={d} style={{ fill: OUTSIDE }} stroke={BORDER} strokeWidth={0.5} vectorEffect="non-scaling-stroke" aria-hidden="true" />
                  ))}
              {metropolitan.map((row) =>
                insetCodes.includes(row.code) ? (
                  // Reached in the inset below: one button per department.
                  <path
                    key={row.code}
                    d={metropolitanShapes[row.code]}
                    fill={fillOf(row, hatchId)}
                    stroke={BORDER}
                    strokeWidth={0.5}
                    vectorEffect="non-scaling-stroke"
                    aria-hidden="true"
                  />
                ) : (
                  <path
                    key={row.code}
                    d={metropolitanShapes[row.code]}
                    fill={fillOf(row, hatchId)}
                    stroke={isDark(rateClass(departmentRate(row, kind).pct)) ? "#FFFFFF" : BORDER}
                    strokeWidth={0.75}
                    vectorEffect="non-scaling-stroke"
                    {...interactive(row)}
                  />
                ),
              )}
              {outlines(
                metropolitan.map((r) => r.code),
                metropolitanShapes,
              )}
            </svg>
          )}
          {(insetCodes.length > 0 || overseas.length > 0) && (
            <ul aria-label="Paris et petite couronne, départements d'outre-mer" style={tiles}>
              {insetCodes.length > 0 && (
                <li style={{ textAlign: "center", padding: 0, gridColumn: "span 2" }}>
                  <svg
                    data-caption="Paris et petite couronne"
                    role="group"
                    aria-label="Paris et petite couronne"
                    viewBox={frame(insetCodes, 0.04) ?? undefined}
                    style={{ width: "6.5rem", height: "auto", display: "block", margin: "0 auto" }}
                  >
                    <defs>
                      <Hatch id={`${hatchId}-idf`} size={1.2} />
                    </defs>
                    {insetCodes.map((code) => {
                      const row = byCode.get(code)!;
                      return (
                        <path
                          key={code}
                          d={metropolitanShapes[code]}
                          fill={fillOf(row, `${hatchId}-idf`)}
                          stroke={isDark(rateClass(departmentRate(row, kind).pct)) ? "#FFFFFF" : BORDER}
                          strokeWidth={0.75}
                          vectorEffect="non-scaling-stroke"
                          {...interactive(row)}
                        />
                      );
                    })}
                    {outlines(insetCodes, metropolitanShapes)}
                  </svg>
                  <span className={fr.cx("fr-text--xs")} style={{ display: "block" }} aria-hidden="true">
                    Paris et petite couronne
                  </span>
                </li>
              )}
              {overseas.map((s) => {
                const row = byCode.get(s.code)!;
                const w = Number(s.viewBox.split(" ")[2]);
                return (
                  <li key={s.code} style={{ textAlign: "center", padding: 0 }}>
                    <svg
                      data-caption={row.name}
                      viewBox={s.viewBox}
                      style={{ height: single ? "10rem" : "3.5rem", width: "auto", display: "block", margin: "0 auto" }}
                    >
                      <defs>
                        <Hatch id={`${hatchId}-${s.code}`} size={w / 20} />
                      </defs>
                      <path
                        d={s.d}
                        fill={fillOf(row, `${hatchId}-${s.code}`)}
                        stroke={BORDER}
                        strokeWidth={0.75}
                        vectorEffect="non-scaling-stroke"
                        {...interactive(row)}
                      />
                      {outlines([s.code], { [s.code]: s.d })}
                    </svg>
                    <span className={fr.cx("fr-text--xs")} style={{ display: "block" }} aria-hidden="true">
                      {row.name}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
          {withoutShape.length > 0 && (
            <>
              <p id={`${hatchId}-com`} className={fr.cx("fr-text--sm", "fr-text--bold", "fr-mt-2w", "fr-mb-1v")}>
                Collectivités d'outre-mer
              </p>
              <ul aria-labelledby={`${hatchId}-com`} style={tiles}>
                {withoutShape.map((row) => {
                  const cls = rateClass(departmentRate(row, kind).pct);
                  return (
                    <li key={row.code} style={{ textAlign: "center", padding: 0 }}>
                      <button
                        type="button"
                        aria-label={nameOf(row)}
                        aria-pressed={row.code === current}
                        onClick={() => toggle(row.code)}
                        onMouseEnter={() => setHovered(row.code)}
                        onMouseLeave={() => setHovered(null)}
                        onFocus={() => setFocused(row.code)}
                        onBlur={() => setFocused(null)}
                        style={{
                          width: "3rem",
                          height: "2.5rem",
                          background: cls == null ? HATCH_CSS : rateClasses[cls].fill,
                          color: cls == null ? "var(--text-default-grey)" : isDark(cls) ? "#FFFFFF" : "#161616",
                          border: `${row.code === current ? 3 : 1}px solid ${row.code === current ? "#161616" : BORDER}`,
                          fontWeight: 700,
                        }}
                      >
                        <span style={{ background: cls == null ? PAGE : undefined, padding: "0 0.125rem" }}>{row.code}</span>
                      </button>
                      <span className={fr.cx("fr-text--xs")} style={{ display: "block" }} aria-hidden="true">
                        {row.name}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
          <Button
            priority="secondary"
            size="small"
            iconId="fr-icon-download-line"
            className={fr.cx("fr-mt-2w")}
            onClick={exportPng}
            nativeButtonProps={{ "aria-label": "Exporter en image (PNG) : Carte des départements" }}
          >
            Exporter en image (PNG)
          </Button>
          {exportFailed && (
            <p role="alert" className={fr.cx("fr-error-text")}>
              L'image de la carte n'a pas pu être créée. Les chiffres restent dans le tableau « Par département ».
            </p>
          )}
        </div>
      </div>
      <span id={afterId} tabIndex={-1} />
    </div>
  );
}
