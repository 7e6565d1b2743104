// The DSFR utilities cut at build time (pruneUtilities.ts): what goes, what stays, and that no
// source builds a utility's name from parts (it would not be seen, and would lose its style).
import { readFileSync } from "node:fs";
import path from "node:path";
import postcss from "postcss";
import { describe, expect, it } from "vitest";
import { pruneUtilities, usedUtilities, utilitiesIn, utilitySources } from "./pruneUtilities";

const frontend = path.resolve(__dirname, "../..");
const prune = (css: string, used: string[]) => postcss([pruneUtilities(new Set(used))]).process(css, { from: undefined }).css;

describe("the DSFR utilities kept", () => {
  it("are those named, other classes untouched", () => {
    const css = [
      ".fr-mt-2w{margin-top:1rem}",
      ".fr-mt-3w{margin-top:1.5rem}",
      ".fr-btn{color:red}",
      ".fr-grid-row--gutters>.fr-col-md-6,.fr-grid-row--gutters>.fr-col-md-7{padding:1rem}",
      "@media (min-width:48em){.fr-mt-md-3w{margin-top:1.5rem}}",
      "@media (min-width:62em){.fr-col-lg-4{flex:0 0 33%}.fr-mt-lg-1w{margin-top:.5rem}}",
    ].join("\n");
    const out = prune(css, ["fr-mt-2w", "fr-col-md-6", "fr-col-lg-4"]);
    expect(out).toContain(".fr-mt-2w{");
    expect(out).toContain(".fr-btn{");
    expect(out).toContain(".fr-grid-row--gutters>.fr-col-md-6{");
    expect(out).toContain(".fr-col-lg-4{");
    expect(out).not.toMatch(/fr-mt-3w|fr-col-md-7|fr-mt-md-3w|fr-mt-lg-1w/);
    // No media query left empty.
    expect(out).not.toContain("48em");
  });

  it("include those of the page's frame and of react-dsfr's components", () => {
    const used = usedUtilities(frontend);
    expect(used).toContain("fr-py-6w"); // Layout's main part
    expect(used).toContain("fr-col-md-8"); // react-dsfr's Footer
  });

  it("are never named from parts in the SPA or react-dsfr (a template or a sum would not be seen)", () => {
    const built = /fr-(?:[mp][trblxy]?|col)-[a-zA-Z0-9_-]*(?:\$\{|["'`]\s*\+)/;
    const offending = utilitySources(frontend).filter((f) => built.test(readFileSync(f, "utf8")));
    expect(offending.map((f) => path.relative(frontend, f))).toEqual([]);
    expect(utilitiesIn(["fr-mt-2w fr-btn fr-col-12"])).toEqual(new Set(["fr-mt-2w", "fr-col-12"]));
  });
});
