// Build time only (vite.config.ts): the opened page's code fetched beside the SPA's own, not after
// it (issue 31). A page's chunk is asked for by the SPA's code (main.tsx, `prefetchPath`), which
// runs only once React, the router and the query cache have come and been evaluated: on a phone's
// slow network a second later. A small classic script, first in the page's head, finds the
// address among those App.tsx prefetches (`prefetchFor`) and asks at once for that page's chunks
// (modulepreload) and style sheet (preload). The CSP allows no inline script: it is a file,
// assets/routes-<hash>.js, written with the build. On an offer, the search or the pupil's space it
// also adds assets/early-<hash>.js (./earlyData.ts), which asks for the page's data at once.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { build } from "esbuild";
import type { Plugin, Rollup } from "vite";

export type PageRoute = { pattern: string; module: string };

/** The addresses App.tsx prefetches (`prefetchFor(["/offres/:offerId"], OfferPage)`) and the
 *  module of each page (`const OfferPage = lazyPage(() => import("./features/offers/OfferPage")…`). */
export function pageRoutes(appSource: string): PageRoute[] {
  const modules = new Map<string, string>();
  for (const [, name, module] of appSource.matchAll(/const (\w+) = lazyPage\(\(\) => import\("([^"]+)"\)/g)) modules.set(name, module);
  const routes: PageRoute[] = [];
  for (const [, patterns, name] of appSource.matchAll(/prefetchFor\(\[([^\]]*)\],\s*(\w+)\)/g)) {
    const module = modules.get(name);
    if (!module) throw new Error(`routePreload: no lazyPage named ${name} in App.tsx`);
    for (const [, pattern] of patterns.matchAll(/"([^"]+)"/g)) routes.push({ pattern, module });
  }
  return routes;
}

/** A route pattern (`/offres/:offerId`) as the source of a regular expression on the path. */
export function patternSource(pattern: string): string {
  const parts = pattern.split("/").map((part) => (part.startsWith(":") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return `^${parts.join("/")}/?$`;
}

type Table = [pattern: string, scripts: string[], styles: string[]][];

/** The paths whose data the page's head asks for (src/routing/earlyData.ts, which checks again):
 *  an offer, the search, the pupil's space. */
export const EARLY_DATA_PATHS = "^/offres(/[0-9a-fA-F-]{36})?/?$|^/espace/?$";

/** The script: the first route matching the address gets its files asked for (in CORS mode, as
 *  Vite's loader asks for them: otherwise the browser would not reuse them); a data page gets the
 *  early data script too, first and in high priority (async: it runs as soon as it comes, most
 *  often before the SPA's larger code, which otherwise waits for it: `__passerelleEarlyLoad`). */
export function preloadScript(table: Table, base: string, earlyFile?: string): string {
  const early = earlyFile
    ? `if(new RegExp(${JSON.stringify(EARLY_DATA_PATHS)}).test(p)){var s=document.createElement("script");s.src=${JSON.stringify(base + earlyFile)};s.async=true;s.fetchPriority="high";window.__passerelleEarlyLoad=new Promise(function(r){s.onload=s.onerror=r});h.appendChild(s)}\n`
    : "";
  return `(function(){var t=${JSON.stringify(table)},p=location.pathname,h=document.head;
function add(rel,href,as){var l=document.createElement("link");l.rel=rel;l.href=${JSON.stringify(base)}+href;if(as)l.as=as;l.crossOrigin="";h.appendChild(l)}
${early}for(var i=0;i<t.length;i++)if(new RegExp(t[i][0]).test(p)){t[i][1].forEach(function(f){add("modulepreload",f)});t[i][2].forEach(function(f){add("preload",f,"style")});break}})();
`;
}

const hashed = (name: string, source: string) => `assets/${name}-${createHash("sha256").update(source).digest("base64url").slice(0, 8)}.js`;

type Meta = { viteMetadata?: { importedCss: Set<string> } };

/** ./earlyData.ts and what it imports, as one classic script that starts it (a failure there
 *  must not stop the page: the SPA then asks for everything itself). */
export async function earlyDataScript(earlyFile: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { startEarlyData } from "./earlyData";\ntry { startEarlyData(window); } catch (e) { /* the SPA asks itself */ }\n`,
      resolveDir: dirname(earlyFile),
      loader: "ts",
    },
    bundle: true,
    format: "iife",
    minify: true,
    target: "es2020",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].text;
}

/** `withEveryPage`: modules every lazy page loads beside its own (routing/lazyPage.ts: the query
 *  cache, src/api/sharedQueryClient.tsx), as `/src/…` without extension: their chunks are asked
 *  for with each page's. */
export function routePreload(appFile: string, earlyFile: string, withEveryPage: string[] = []): Plugin {
  let base = "/";
  return {
    name: "passerelle-route-preload",
    apply: "build",
    enforce: "post",
    configResolved(config) {
      base = config.base;
    },
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rollup.OutputChunk => c.type === "chunk");
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closure = (file: string, into = new Set<string>()) => {
        if (into.has(file)) return into;
        into.add(file);
        for (const dep of byFile.get(file)?.imports ?? []) closure(dep, into);
        return into;
      };
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) return;
      const loaded = closure(entry.fileName);
      const chunkOf = (module: string) =>
        chunks.find((c) => c.isDynamicEntry && c.facadeModuleId && c.facadeModuleId.replace(/\.[jt]sx?$/, "").endsWith(module));
      // Every page comes with the DSFR's other components (routing/lazyPage.ts): a style sheet
      // alone, which Vite emits without a chunk.
      const more = Object.values(bundle).find((a) => a.type === "asset" && /(^|\/)dsfrMore-[\w-]+\.css$/.test(a.fileName));
      if (!more) throw new Error("routePreload: no dsfrMore style sheet in the bundle");
      const everyPage = new Set<string>();
      for (const module of withEveryPage) {
        // Its own chunk, or the one it was put in (vite.config.ts's manualChunks).
        const chunk = chunks.find((c) => c.moduleIds.some((id) => id.replace(/\.[jt]sx?$/, "").endsWith(module)));
        if (!chunk) throw new Error(`routePreload: no chunk for ${module}`);
        closure(chunk.fileName, everyPage);
      }
      const table: Table = pageRoutes(readFileSync(appFile, "utf8")).map(({ pattern, module }) => {
        const chunk = chunkOf(module.replace(/^\.\//, "/src/"));
        if (!chunk) throw new Error(`routePreload: no chunk for ${module}`);
        const files = [...new Set([...closure(chunk.fileName), ...everyPage])].filter((f) => !loaded.has(f));
        const styles = files.flatMap((f) => [...((byFile.get(f) as Meta | undefined)?.viteMetadata?.importedCss ?? [])]);
        return [patternSource(pattern), files, [...new Set([more.fileName, ...styles])]];
      });
      // The data script first: its name goes into the routes script.
      const earlySource = await earlyDataScript(earlyFile);
      const earlyName = hashed("early", earlySource);
      this.emitFile({ type: "asset", fileName: earlyName, source: earlySource });
      const source = preloadScript(table, base, earlyName);
      const fileName = hashed("routes", source);
      this.emitFile({ type: "asset", fileName, source });
      const html = bundle["index.html"];
      if (html?.type !== "asset") throw new Error("routePreload: no index.html in the bundle");
      // First in the head, before the SPA's script and style sheet: a classic script, run as soon
      // as it comes (a few hundred bytes), while the browser fetches the rest.
      html.source = String(html.source).replace(/<title>/, `<script src="${base}${fileName}"></script>\n    <title>`);
    },
  };
}
