/// <reference types="vitest/config" />
import { defineConfig, searchForWorkspaceRoot, type Plugin } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";
import { pruneUtilities, usedUtilities } from "./src/styles/pruneUtilities";
import { dropReplacedFontFaces } from "./src/styles/dsfrFonts";

/** React, the router and the query cache: one vendor chunk shared by every screen (cached
 *  across releases that do not change them). */
function vendorChunk(id: string): string | undefined {
  if (/node_modules\/(react|react-dom|scheduler|react-router|react-router-dom|@tanstack)\//.test(id)) return "vendor";
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
  // No font preload (issue 31, measured): on a slow phone network the two preloaded Marianne faces
  // (83 KB) shared the bandwidth with the page's code and styles and delayed its first paint by
  // about 0.4 s; the DSFR's `font-display: swap` shows the text at once and the faces after.
  plugins: [lightFr(), headerStubs(), react()],
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
  },
});
