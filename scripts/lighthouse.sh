#!/usr/bin/env bash
# Lighthouse on the SPA's key pages (issue 31): home, search, an offer, the pupil's space signed
# in. Starts the API serving the built SPA on a throwaway SQLite database (reference data and demo
# accounts, as the browser tests do), runs tools/lighthouse/run.mjs with Debian's Chromium and
# writes bench/results/lighthouse-<date>.{json,md}. Exits non-zero when a page's accessibility is
# below 100 or its performance below 90.
#
#   scripts/lighthouse.sh [path/to/passerelle]
#   env: STATIC_DIR (default frontend/dist), LIGHTHOUSE_OUT (default bench/results), CHROME_PATH,
#        LIGHTHOUSE_RUNS (runs per page, median kept), LIGHTHOUSE_PAGES (some pages only),
#        LIGHTHOUSE_LABEL (file name suffix), LIGHTHOUSE_REPORTS (a folder for the full reports)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/target/debug/passerelle}")
static=$(realpath "${STATIC_DIR:-$root/frontend/dist}")
out_dir=${LIGHTHOUSE_OUT:-$root/bench/results}
tools=$root/tools/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
# Never a downloaded browser.
export PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1

[ -x "$bin" ] || { echo "lighthouse: no server binary at $bin (cargo build --bin passerelle)" >&2; exit 2; }
[ -f "$static/index.html" ] || { echo "lighthouse: no built SPA in $static (cd frontend && npm run build)" >&2; exit 2; }
[ -x "$CHROME_PATH" ] || { echo "lighthouse: no Chromium at $CHROME_PATH (apt-get install chromium)" >&2; exit 2; }
[ -d "$tools/node_modules/lighthouse" ] || (cd "$tools" && npm install --no-audit --no-fund --loglevel=error)

data=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$data"
}
trap cleanup EXIT

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
base=http://127.0.0.1:$port
export APP_ENV=test DATA_DIR=$data DATABASE_URL=sqlite://$data/lighthouse.db BIND=127.0.0.1:$port PUBLIC_URL=$base \
  STATIC_DIR=$static OUTBOX_DIR=$data/outbox RATE_LIMIT_ENABLED=false LOG_FORMAT=json RUN_WORKER=false
# The map's tiles: a one-pixel image (allowed by the CSP's `data:`), so that the search page is
# measured without another origin and without refused tiles in the console.
export MAP_TILE_URL='data:image/gif;base64,R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=='

"$bin" import all --dir "$root/reference-data" > /dev/null
"$bin" seed-demo --json > "$data/accounts.json"
"$bin" serve > "$data/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "$base/readyz" > /dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data/server.log" >&2; exit 1; }
  sleep 0.2
done

# An offer of the demo data (the search around the demo school's district).
offer=$(curl -fs "$base/api/v1/offers?place=75020" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items[0].id))')
mkdir -p "$out_dir"
# LIGHTHOUSE_COMMIT: the commit the measured build was made from, when it is not the work tree's.
commit=${LIGHTHOUSE_COMMIT:-$(git -C "$root" rev-parse --short HEAD)}
[ -n "${LIGHTHOUSE_COMMIT:-}" ] || git -C "$root" diff --quiet HEAD -- frontend || commit="$commit+local changes"
# LIGHTHOUSE_LABEL=before: a suffix to the file names (figures of another build).
prefix=$out_dir/lighthouse-$(date -u +%Y%m%d-%H%M)${LIGHTHOUSE_LABEL:+-$LIGHTHOUSE_LABEL}
# The pupil's space is measured signed in as the demo pupil (run.mjs signs in before each run).
LIGHTHOUSE_OFFER_PATH=/offres/$offer node "$tools/run.mjs" "$base" "$prefix" "$commit" "$data/accounts.json"
