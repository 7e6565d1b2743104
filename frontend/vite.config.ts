/// <reference types="vitest/config" />
import { defineConfig, searchForWorkspaceRoot, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { pruneUtilities, usedUtilities } from "./src/styles/pruneUtilities";
import { dropReplacedFontFaces, preloadFirstFonts } from "./src/styles/dsfrFonts";
import { routePreload } from "./src/routing/routePreload";

/** The query cache: its library, the one client (src/api/sharedQueryClient.tsx), its defaults and
 *  keys. None of these may import the first screen's code (Rollup would move that into this
 *  chunk, and the home page would load it first), nor be imported by it (main.tsx and what it
 *  imports statically): the home page draws without them (issue 31). */
const QUERY_CACHE = /node_modules\/@tanstack\/|\/src\/api\/(query|keys|sharedQueryClient)\.tsx?$/;

/** React and the router: one vendor chunk shared by every screen (cached across releases that do
 *  not change them). The query cache in a chunk of its own (one request, not four): the home page
 *  asks for it once painted, for the platform's status; every other screen comes with it. */
function vendorChunk(id: string): string | undefined {
  if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom)\//.test(id)) return "vendor";
  if (QUERY_CACHE.test(id)) return "query-cache";
  return undefined;
}

/** Gives src/dsfr/fr.ts (the DSFR helpers without the colour tables) to every import of
 *  react-dsfr's `fr` object, its components' included. */
function lightFr(): Plugin {
  const shim = fileURLToPath(new URL("./src/dsfr/fr.ts", import.meta.url));
  return {
    name: "passerelle-light-fr",
    enforce: "pre",
    async resolveId(source, importer, options) {
      if (!importer || importer === shim || !/(^@codegouvfr\/react-dsfr$|\/fr$|\/fr\/index(\.js)?$)/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && /[\\/]@codegouvfr[\\/]react-dsfr[\\/]fr[\\/]index\.js$/.test(resolved.id) ? shim : null;
    },
  };
}

/** The header's parts Passerelle does not use (src/dsfr/stubs/headerParts.ts), for the importer
 *  and import named: react-dsfr's Header and MainNavigation import them unconditionally. */
const HEADER_STUBS: [importer: RegExp, source: string][] = [
  [/[\\/]react-dsfr[\\/]Header[\\/]Header\.js$/, "../Display/Display"],
  [/[\\/]react-dsfr[\\/]Header[\\/]Header\.js$/, "../SearchBar/SearchButton"],
  [/[\\/]react-dsfr[\\/]Header[\\/]Header\.js$/, "../SearchBar/SearchBar"],
  [/[\\/]react-dsfr[\\/]MainNavigation[\\/]MainNavigation\.js$/, "./MegaMenu"],
  // Header imports MainNavigation through its index, which also re-exports MegaMenu's translations.
  [/[\\/]react-dsfr[\\/]MainNavigation[\\/]index\.js$/, "./MegaMenu"],
];

function headerStubs(): Plugin {
  const stub = fileURLToPath(new URL("./src/dsfr/stubs/headerParts.ts", import.meta.url));
  return {
    name: "passerelle-header-stubs",
    enforce: "pre",
    resolveId(source, importer) {
      return importer && HEADER_STUBS.some(([from, what]) => from.test(importer) && source === what) ? stub : null;
    },
  };
}

// `npm run dev` serves the SPA on :5173 and forwards API calls to the Rust server.
const api = process.env.PASSERELLE_API ?? "http://127.0.0.1:8080";

export default defineConfig({
  // The three Marianne faces of every screen preloaded, in their Latin-1 part (48 KB; the whole
  // files, 128 KB, delayed the first paint by 0.4 s): without them the text was drawn first in the
  // fallback font, then again, and an offer's page moved (src/styles/dsfrFonts.ts).
  // The opened page's chunks asked for by a script first in the head (src/routing/routePreload.ts).
  // The opened page's data asked for by a second script that one loads (src/routing/earlyData.ts).
  plugins: [
    lightFr(),
    headerStubs(),
    react(),
    preloadFirstFonts(),
    routePreload(
      fileURLToPath(new URL("./src/App.tsx", import.meta.url)),
      fileURLToPath(new URL("./src/routing/earlyData.ts", import.meta.url)),
      // Every page comes in the query cache's provider (src/routing/lazyPage.ts).
      ["/src/api/sharedQueryClient"],
    ),
  ],
  css: {
    // The DSFR's spacing and grid utilities cut to those the SPA names (src/styles/pruneUtilities.ts);
    // its Marianne faces of every screen replaced by lighter files (src/styles/fonts.css).
    postcss: { plugins: [pruneUtilities(usedUtilities(fileURLToPath(new URL(".", import.meta.url)))), dropReplacedFontFaces()] },
  },
  server: {
    // The guides and legal pages are Markdown in ../content (imported with `?raw`).
    fs: { allow: [searchForWorkspaceRoot(process.cwd()), "../content"] },
    proxy: {
      "/api": { target: api, changeOrigin: false },
      "/healthz": api,
    },
  },
  build: {
    target: "es2020",
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // Inline only tiny assets: fonts and icons stay files (cached, and preloadable).
    assetsInlineLimit: 1024,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    restoreMocks: true,
    // Above the 5 s a `findBy…` may wait (src/test/setup.ts), for the same loaded CI.
    testTimeout: 15000,
  },
});
