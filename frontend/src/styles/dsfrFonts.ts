// Build time only (vite.config.ts): the DSFR's @font-face rules of the Marianne faces that
// src/styles/fonts.css declares again, cut in two files each (issue 31). Without this, the DSFR's
// rules and Passerelle's would both name regular, medium and bold Marianne.
import type { AtRule, Plugin } from "postcss";

/** The weights of upright Marianne replaced by src/styles/fonts/Marianne-<face>-{latin,rest}.woff2. */
export const REPLACED_WEIGHTS = ["400", "500", "700"];

/** PostCSS plugin: drops the DSFR's @font-face rules of upright Marianne in the replaced weights.
 *  Their sources are already Vite's asset placeholders here: the rules are told by their
 *  descriptors, Passerelle's own by their unicode-range. */
export function dropReplacedFontFaces(): Plugin {
  return {
    postcssPlugin: "passerelle-drop-replaced-font-faces",
    AtRule: {
      "font-face": (rule: AtRule) => {
        const descriptors = new Map<string, string>();
        rule.walkDecls((d) => {
          descriptors.set(d.prop.toLowerCase(), d.value.trim().replace(/^["']|["']$/g, ""));
        });
        const replaced =
          descriptors.get("font-family") === "Marianne" &&
          (descriptors.get("font-style") ?? "normal") === "normal" &&
          REPLACED_WEIGHTS.includes(descriptors.get("font-weight") ?? "400") &&
          !descriptors.has("unicode-range");
        if (replaced) rule.remove();
      },
    },
  };
}
