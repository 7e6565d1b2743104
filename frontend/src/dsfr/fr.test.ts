// src/dsfr/fr.ts stands in for react-dsfr's `fr` everywhere (vite.config.ts): it must keep what
// the SPA and react-dsfr read from it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { colors } from "@codegouvfr/react-dsfr/fr/colors";
import { describe, expect, it } from "vitest";
import { fr as real } from "../../node_modules/@codegouvfr/react-dsfr/fr/index.js";
import { fr, mapColors, themeBackground } from "./fr";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("the light fr", () => {
  it("is the one the SPA gets for react-dsfr's fr", async () => {
    const { fr: imported } = await import("@codegouvfr/react-dsfr");
    expect(imported).toBe(fr);
  });

  it("names classes and spacings as react-dsfr does", () => {
    expect(fr.cx("fr-btn", false, { "fr-btn--sm": true })).toBe(real.cx("fr-btn", false, { "fr-btn--sm": true }));
    expect(fr.spacing("2w")).toBe(real.spacing("2w"));
    expect(fr.breakpoints.up("md")).toBe(real.breakpoints.up("md"));
  });

  it("gives the theme colour react-dsfr writes at start, in both schemes", () => {
    for (const isDark of [false, true]) {
      expect(fr.colors.getHex({ isDark }).decisions.background.default.grey.default).toBe(colors.getHex({ isDark }).decisions.background.default.grey.default);
    }
    expect(themeBackground.light).toBe("#ffffff");
  });

  it("gives the map the DSFR's blue France and red Marianne", () => {
    const artwork = colors.getHex({ isDark: false }).decisions.artwork.major;
    expect(mapColors.center).toBe(artwork.blueFrance.default);
    expect(mapColors.offer).toBe(artwork.redMarianne.default);
  });

  it("is never asked for other colours: the SPA imports `colors` for them", () => {
    const offenders = files(path.resolve(__dirname, ".."))
      .filter((f) => /\.tsx?$/.test(f) && !f.includes(`${path.sep}dsfr${path.sep}`))
      .filter((f) => /\bfr\.colors\b/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });
});
