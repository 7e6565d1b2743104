import { defineConfig } from "@playwright/test";
import path from "node:path";
import { dataDir, outboxDir, rootDir } from "./fixtures/paths";

// The product as `make run` serves it (API + built SPA on one port), over a throwaway
// SQLite database seeded with the demo accounts. Mail is written to the outbox directory.
const root = rootDir;
const port = Number(process.env.E2E_PORT ?? 18181);
const binary = process.env.PASSERELLE_BIN ?? path.join(root, "target", "debug", "passerelle");

export default defineConfig({
  testDir: "./tests",
  // E2E_OUTPUT_DIR: a folder per parallel run (scripts/e2e.sh); Playwright empties it at start.
  outputDir: process.env.E2E_OUTPUT_DIR ?? "test-results",
  // The demo accounts accept the terms of use once the server is up (fixtures/terms.ts).
  globalSetup: "./global-setup.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: "fr-FR",
    trace: "off",
    launchOptions: {
      // Debian's Chromium, never a downloaded browser.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "mobile", use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
    // Desktop width too, for the journeys that can run twice on one database (the others register
    // fixed schools and SIRETs): every role's home, the public pages, search, referents.
    { name: "desktop", use: { viewport: { width: 1280, height: 800 } }, grep: /@desktop/ },
  ],
  // The boarding houses (internats) of the sample file, as `make run` loads them: two in Paris, two
  // near Saint-Étienne (the offer page's "Internats proches").
  webServer: {
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && "${binary}" import all --dir "${path.join(root, "reference-data")}" > /dev/null && "${binary}" import boarding-houses --dir "${path.join(root, "reference-data", "exemples")}" > /dev/null && "${binary}" seed-demo --json > "${dataDir}/accounts.json" && exec "${binary}" serve`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      APP_ENV: "test",
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite://${path.join(dataDir, "e2e.db")}`,
      BIND: `127.0.0.1:${port}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // E2E_STATIC_DIR: a build of its own (two runs side by side while the SPA is rebuilt).
      STATIC_DIR: process.env.E2E_STATIC_DIR ?? path.join(root, "frontend", "dist"),
      OUTBOX_DIR: outboxDir,
      WORKER_INTERVAL_MS: "200",
      RATE_LIMIT_ENABLED: "false",
      // Specs publish then search at once: no shared answers here (the short cache is tested in
      // api/tests/campaigns.rs).
      CACHE_TTL_SECONDS: "0",
      LOG_FORMAT: "json",
      // Nothing listens there: the map must stay usable when tiles cannot load.
      MAP_TILE_URL: "http://127.0.0.1:9/{z}/{x}/{y}.png",
    },
  },
});
