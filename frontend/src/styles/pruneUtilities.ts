// Build time only (vite.config.ts): the DSFR core's spacing and grid utilities cut to the ones
// Passerelle names (issue 31). The core defines about 2,600 of them (every margin and padding,
// side, size and breakpoint; every column and offset), a quarter of the first screen's stylesheet,
// parsed and indexed by the phone before the first paint; the SPA uses about fifty. The classes
// kept are those written in src or in react-dsfr's components (neither builds these names from
// parts: utilitiesUsed.test.ts checks it), so that nothing shown loses a style.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { AtRule, Container, Plugin, Rule } from "postcss";

/** The utilities concerned: spacing (fr-mt-2w, fr-px-md-4v, fr-m-n1v…) and grid columns
 *  (fr-col-md-6, fr-col-offset-2--right…). The core's other classes are all kept. */
export const UTILITY = /^fr-(?:[mp][trblxy]?-|col-)/;

const CLASS_NAME = /\bfr-[a-zA-Z0-9_-]+/g;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The utility classes named in the given texts. */
export function utilitiesIn(texts: Iterable<string>): Set<string> {
  const used = new Set<string>();
  for (const text of texts) for (const [name] of text.matchAll(CLASS_NAME)) if (UTILITY.test(name)) used.add(name);
  return used;
}

/** The sources that may name a utility: the SPA's code and react-dsfr's components (not the
 *  vanilla DSFR under dsfr/, nor the generated list of every class name, which names them all). */
export function utilitySources(frontend: string): string[] {
  const dsfr = path.join(frontend, "node_modules/@codegouvfr/react-dsfr");
  return [
    ...files(path.join(frontend, "src")).filter((f) => /\.tsx?$/.test(f)),
    ...files(dsfr).filter((f) => f.endsWith(".js") && !/[\\/](dsfr|bin|generatedFromCss)[\\/]/.test(path.relative(dsfr, f))),
  ];
}

/** The utility classes Passerelle uses. */
export function usedUtilities(frontend: string): Set<string> {
  return utilitiesIn(utilitySources(frontend).map((f) => readFileSync(f, "utf8")));
}

/** PostCSS plugin: drops the selectors naming a utility class not in `used` (and the rules and
 *  media queries left empty). */
export function pruneUtilities(used: Set<string>): Plugin {
  const unused = (selector: string) => [...selector.matchAll(/\.(fr-[a-zA-Z0-9_-]+)/g)].some(([, name]) => UTILITY.test(name) && !used.has(name));
  const removeIfEmpty = (node: Container | undefined) => {
    while (node && node.type === "atrule" && (node.nodes?.length ?? 0) === 0) {
      const parent = node.parent as Container | undefined;
      (node as AtRule).remove();
      node = parent;
    }
  };
  return {
    postcssPlugin: "passerelle-prune-dsfr-utilities",
    Rule(rule: Rule) {
      if (!rule.selector.includes(".fr-")) return;
      const kept = rule.selectors.filter((s) => !unused(s));
      if (kept.length === rule.selectors.length) return;
      if (kept.length > 0) {
        rule.selectors = kept;
        return;
      }
      const parent = rule.parent as Container | undefined;
      rule.remove();
      removeIfEmpty(parent);
    },
  };
}
