// Marianne's regular, medium and bold faces in two files each (fonts.css, dsfrFonts.ts): the
// DSFR's rules of those faces go, its others stay, and every character of the DSFR's files is in
// one of the two parts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import postcss from "postcss";
import { describe, expect, it } from "vitest";
import { dropReplacedFontFaces } from "./dsfrFonts";

const styles = __dirname;
const drop = (css: string) => postcss([dropReplacedFontFaces()]).process(css, { from: undefined }).css;
const face = (style: string, weight: number, extra = "") =>
  `@font-face{font-display:swap;font-family:Marianne;font-style:${style};font-weight:${weight};src:url(__VITE_ASSET__x__) format("woff2")${extra}}`;

describe("the Marianne faces replaced", () => {
  it("are the DSFR's upright regular, medium and bold, not its other faces nor Passerelle's", () => {
    const ours = face("normal", 400, ";unicode-range:U+0000-00FF");
    const css = [face("normal", 400), face("normal", 500), face("normal", 700), face("italic", 400), face("normal", 300), ours].join("\n");
    const out = drop(css);
    expect(out).not.toContain(face("normal", 500));
    expect(out).not.toContain(face("normal", 700));
    expect(out).toContain(face("italic", 400));
    expect(out).toContain(face("normal", 300));
    expect(out).toContain(ours);
    expect(out.match(/font-weight:400/g)).toHaveLength(2);
  });

  it("are declared in fonts.css, each with its two files and ranges that do not overlap", () => {
    const css = readFileSync(path.join(styles, "fonts.css"), "utf8");
    const rules = [...css.matchAll(/@font-face\s*{([^}]*)}/g)].map(([, body]) => body);
    expect(rules).toHaveLength(6);
    for (const weight of ["400", "500", "700"]) {
      const parts = rules.filter((r) => r.includes(`font-weight: ${weight};`));
      expect(parts).toHaveLength(2);
      const ranges = parts.map((r) => /unicode-range:([^;]*)/.exec(r)?.[1] ?? "");
      const points = ranges.map((r) =>
        r.split(",").flatMap((p) => {
          const [a, b] = p.trim().slice(2).split("-");
          const first = parseInt(a, 16);
          return Array.from({ length: parseInt(b ?? a, 16) - first + 1 }, (_, i) => first + i);
        }),
      );
      const latin = new Set(points[0]);
      expect(points[1].some((p) => latin.has(p))).toBe(false);
      for (const r of parts) expect(existsSync(path.join(styles, /url\("\.\/([^"]+)"\)/.exec(r)?.[1] ?? "none"))).toBe(true);
      // French: œ, ’, «», the narrow no-break space of numbers, € in the first file.
      for (const c of "œŒ’«»\u202f€éèàçù") expect(latin.has(c.codePointAt(0) ?? 0)).toBe(true);
    }
  });
});
