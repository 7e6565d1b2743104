// Build time only (vite.config.ts): the DSFR's @font-face rules of the Marianne faces that
// src/styles/fonts.css declares again, cut in two files each (issue 31). Without this, the DSFR's
// rules and Passerelle's would both name regular, medium and bold Marianne.
import type { AtRule, Plugin } from "postcss";
import type { Plugin as VitePlugin } from "vite";

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

/** Vite plugin: the first screen's Marianne files (the Latin-1 part of regular, medium and bold)
 *  preloaded by the page's head, beside the SPA's code. Otherwise the browser asks for them only
 *  once the SPA has drawn text, and on a phone's slow network they came after it: the text drawn
 *  in the fallback font was drawn again in Marianne, narrower, and everything below moved up (a
 *  layout shift of 0.2 on an offer's page, issue 31). At 16 KB each they come with the code. */
export function preloadFirstFonts(): VitePlugin {
  return {
    name: "passerelle-preload-first-fonts",
    apply: "build",
    enforce: "post",
    generateBundle(_options, bundle) {
      const fonts = Object.values(bundle)
        .filter((a) => a.type === "asset" && /(^|\/)Marianne-(Regular|Medium|Bold)-latin-[\w-]+\.woff2$/.test(a.fileName))
        .map((a) => a.fileName)
        .sort();
      if (fonts.length !== 3) throw new Error(`preloadFirstFonts: ${fonts.length} Marianne files found, 3 expected`);
      const html = bundle["index.html"];
      if (html?.type !== "asset") throw new Error("preloadFirstFonts: no index.html in the bundle");
      const links = fonts.map((f) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="/${f}">`).join("\n    ");
      html.source = String(html.source).replace("</head>", `  ${links}\n  </head>`);
    },
  };
}
