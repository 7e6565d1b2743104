// Lighthouse (mobile profile, simulated slow 4G: its defaults) on the SPA's key pages, each in a
// fresh headless Debian Chromium. Called by scripts/lighthouse.sh, which starts the server.
//
//   node run.mjs <base-url> <out-prefix> <commit> <accounts.json>
//
// Writes <out-prefix>.json (scores and metrics per page) and <out-prefix>.md; exits 1 when a
// page's accessibility is below 100 or its performance below 90 (the CI floor of issue 31).
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [base, outPrefix, commit, accountsFile] = process.argv.slice(2);
if (!base || !outPrefix || !accountsFile) {
  console.error("usage: node run.mjs <base-url> <out-prefix> <commit> <accounts.json>");
  process.exit(2);
}

const allPages = [
  { name: "home", path: "/" },
  { name: "search", path: "/offres?lieu=75020" },
  { name: "offer", path: process.env.LIGHTHOUSE_OFFER_PATH ?? "/offres" },
  { name: "pupil-space", path: "/espace", signedIn: true },
];
// LIGHTHOUSE_PAGES=home,search: some pages only (comparing two builds).
const only = process.env.LIGHTHOUSE_PAGES?.split(",").filter(Boolean);
const pages = only?.length ? allPages.filter((p) => only.includes(p.name)) : allPages;

const FLOOR = { performance: 90, accessibility: 100 };
const TARGET = { performance: 95, lcpMs: 2000, tbtMs: 150, accessibility: 100, bestPractices: 100 };

const chromeFlags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"];

/** Signs the demo pupil in and puts the session in the browser as the SPA keeps it: the HttpOnly
 *  refresh cookie and the "signed in here" hint. A fresh sign-in for each run: the refresh token
 *  is used once. Then empties the cache, so that the page is measured on a first load. */
async function signIn(port) {
  const pupil = JSON.parse(readFileSync(accountsFile, "utf8")).find((a) => a.role === "student");
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ identifier: pupil.email, password: pupil.password, use_cookie: true }),
  });
  const cookies = res.headers.getSetCookie().map((c) => c.split(";")[0]);
  if (!res.ok || cookies.length === 0) throw new Error(`the demo pupil could not sign in (${res.status})`);
  await acceptTerms((await res.json()).access_token);
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}` });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${base}/readyz`);
    for (const pair of cookies) {
      const [name, ...value] = pair.trim().split("=");
      await tab.setCookie({ name, value: value.join("="), url: base, httpOnly: true, sameSite: "Lax" });
    }
    await tab.evaluate(() => localStorage.setItem("passerelle.session", "1"));
    const cdp = await tab.createCDPSession();
    await cdp.send("Network.clearBrowserCache");
    await tab.close();
  } finally {
    await browser.disconnect();
  }
}

/** The terms of use in force accepted (as the browser tests do for the demo accounts): otherwise
 *  their modal opens over the pupil's space and Lighthouse measures the modal. */
async function acceptTerms(token) {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const terms = await (await fetch(`${base}/api/v1/me/terms`, { headers })).json();
  if (terms.accepted_at) return;
  const res = await fetch(`${base}/api/v1/me/terms`, { method: "POST", headers, body: JSON.stringify({ version: terms.version }) });
  if (!res.ok) throw new Error(`the demo pupil could not accept the terms (${res.status})`);
}

async function audit(page) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium", chromeFlags });
  try {
    if (page.signedIn) await signIn(chrome.port);
    const result = await lighthouse(
      base + page.path,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
        // Signed in: the session set up below is kept (the cache was emptied there).
        ...(page.signedIn ? { disableStorageReset: true } : {}),
      },
      undefined,
    );
    const lhr = result.lhr;
    // LIGHTHOUSE_REPORTS=<dir>: the full reports too, to read what an audit found.
    if (process.env.LIGHTHOUSE_REPORTS) writeFileSync(`${process.env.LIGHTHOUSE_REPORTS}/${page.name}.json`, JSON.stringify(lhr));
    if (lhr.runtimeError) throw Object.assign(new Error(`${page.name}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`), { spoiled: true });
    // A page that sent elsewhere (the pupil's space to the log-in page) measured something else.
    if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(base + page.path).pathname) throw new Error(`${page.name}: ended on ${lhr.finalDisplayedUrl}`);
    const score = (id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
    const ms = (id) => Math.round(lhr.audits[id]?.numericValue ?? NaN);
    const failing = (cat) =>
      lhr.categories[cat].auditRefs
        .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
        .map((r) => r.id);
    const scripts = (lhr.audits["network-requests"]?.details?.items ?? []).filter((r) => r.resourceType === "Script");
    return {
      page: page.name,
      benchmarkIndex: lhr.environment?.benchmarkIndex,
      url: lhr.finalDisplayedUrl,
      performance: score("performance"),
      accessibility: score("accessibility"),
      bestPractices: score("best-practices"),
      seo: score("seo"),
      fcpMs: ms("first-contentful-paint"),
      lcpMs: ms("largest-contentful-paint"),
      tbtMs: ms("total-blocking-time"),
      cls: Math.round((lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
      speedIndexMs: ms("speed-index"),
      transferKiB: Math.round((lhr.audits["total-byte-weight"]?.numericValue ?? 0) / 1024),
      scriptTransferKiB: Math.round(scripts.reduce((s, r) => s + (r.transferSize ?? 0), 0) / 1024),
      failing: { performance: failing("performance"), accessibility: failing("accessibility"), bestPractices: failing("best-practices"), seo: failing("seo") },
    };
  } finally {
    chrome.kill();
  }
}

/** A run that Chromium or Lighthouse spoiled (NO_NAVSTART, CHROME_INTERSTITIAL_ERROR on a busy
 *  machine) is run again, twice at most; a page that ends elsewhere is not. */
async function auditAgain(page) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await audit(page);
    } catch (e) {
      if (attempt >= 3 || !e?.spoiled) throw e;
      process.stderr.write(`lighthouse: ${e.message}; again\n`);
    }
  }
}

const belowFloor = (r) => r.accessibility < FLOOR.accessibility || r.performance < FLOOR.performance;
// Timings vary with the machine's load (the CPU slowdown is applied to what was observed): a page
// just under the floor (within 10 points: maybe noise) is measured twice more and its median run
// kept (by performance score). Further below, one run says enough (and `make lighthouse` stays
// within its 3 minutes).
// LIGHTHOUSE_RUNS=n: n runs of every page (median kept), for figures to compare.
const runs = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 1));
const results = [];
for (const page of pages) {
  process.stderr.write(`lighthouse: ${page.name} (${page.path})…\n`);
  const tries = [];
  for (let i = 0; i < runs; i++) tries.push(await auditAgain(page));
  const nearFloor = (r) => r.accessibility >= FLOOR.accessibility && r.performance >= FLOOR.performance - 10;
  if (tries.length < 3 && belowFloor(tries[0]) && nearFloor(tries[0])) while (tries.length < 3) tries.push(await auditAgain(page));
  tries.sort((a, b) => a.performance - b.performance);
  results.push({ ...tries[Math.floor((tries.length - 1) / 2)], runs: tries.length, performanceRuns: tries.map((t) => t.performance) });
}

const date = new Date().toISOString();
// Lighthouse slows the observed CPU work by 4: other work on the machine inflates TBT and LCP.
const load = loadavg().map((l) => Math.round(l * 10) / 10);
writeFileSync(`${outPrefix}.json`, JSON.stringify({ date, commit, base, load, chromium: "Debian /usr/bin/chromium", profile: "mobile, simulated slow 4G", target: TARGET, floor: FLOOR, results }, null, 2) + "\n");

const row = (r) =>
  `| ${r.page} | ${r.performance}${r.runs > 1 ? ` (runs ${r.performanceRuns.join(", ")})` : ""} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${(r.fcpMs / 1000).toFixed(1)} s | ${(r.lcpMs / 1000).toFixed(1)} s | ${r.tbtMs} ms | ${r.cls} | ${r.transferKiB} KiB (JS ${r.scriptTransferKiB}) |`;
const md = [
  `# Lighthouse, ${date.slice(0, 16).replace("T", " ")} UTC, commit ${commit}`,
  "",
  "Mobile profile (simulated slow 4G, 4× CPU slowdown), Debian's Chromium headless, the API serving the built SPA.",
  `Machine load at the end (1, 5, 15 min): ${load.join(", ")}; Lighthouse benchmark index per page: ${results.map((r) => Math.round(r.benchmarkIndex ?? 0)).join(", ")} (higher is a faster, less busy CPU).`,
  `Targets (issue 31): performance ≥ ${TARGET.performance}, LCP ≤ ${TARGET.lcpMs / 1000} s, TBT ≤ ${TARGET.tbtMs} ms, accessibility 100, best practices 100.`,
  "",
  "| page | perf | a11y | best pr. | SEO | FCP | LCP | TBT | CLS | transferred |",
  "|---|---|---|---|---|---|---|---|---|---|",
  ...results.map(row),
  "",
  "Audits not passed:",
  "",
  ...results.map(
    (r) =>
      `- ${r.page}: ${
        Object.entries(r.failing)
          .filter(([, ids]) => ids.length > 0)
          .map(([cat, ids]) => `${cat}: ${ids.join(", ")}`)
          .join("; ") || "none"
      }`,
  ),
  "",
].join("\n");
writeFileSync(`${outPrefix}.md`, md);
process.stdout.write(md);

const below = results.filter(belowFloor);
if (below.length > 0) {
  console.error(`lighthouse: below the floor (accessibility ${FLOOR.accessibility}, performance ${FLOOR.performance}): ${below.map((r) => r.page).join(", ")}`);
  process.exit(1);
}
