#!/usr/bin/env bash
# Spike run (opening rush): the pupils' sign-in (argon2, never cached: the heaviest request of
# the opening mix) at calm load, then a burst far beyond saturation for 60 s, then calm again;
# once without load shedding and once with it. Writes bench/results/spike-<date>.{md,json}.
#   bench/spike.sh [release binary]      (make bench-spike builds it)
# Load generator: Debian's `wrk` (closed loop; see the README for what that means).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$(realpath "${1:-$ROOT/target/release/passerelle}")"
WORK="$ROOT/target/spike"
PORT="${SPIKE_PORT:-18396}"
LIMIT="${SPIKE_MAX_IN_FLIGHT:-16}"
SPIKE_CONNECTIONS="${SPIKE_CONNECTIONS:-256}"
SPIKE_SECONDS="${SPIKE_SECONDS:-60}"
CALM_SECONDS="${CALM_SECONDS:-10}"
URL="http://127.0.0.1:$PORT/api/v1/auth/login"
export WRK_METHOD=POST WRK_BODY='{"identifier":"eleve@demo.passerelle.fr","password":"Passerelle-demo-2026"}'

rm -rf "$WORK" && mkdir -p "$WORK" "$ROOT/bench/results"
export APP_ENV=test DATA_DIR="$WORK" DATABASE_URL="sqlite://$WORK/spike.db" BIND="127.0.0.1:$PORT" \
  PUBLIC_URL="http://127.0.0.1:$PORT" RATE_LIMIT_ENABLED=false RUN_WORKER=false OUTBOX_DIR="$WORK/outbox" \
  STATIC_DIR="$WORK/no-spa" LOG_FORMAT=json RUST_LOG=warn
"$BIN" import all --dir "$ROOT/reference-data" > /dev/null
"$BIN" seed-demo --json > /dev/null

run_wrk() { # connections seconds -> RESULT json
  wrk -t2 -c"$1" -d"$2"s --timeout 10s -s "$ROOT/bench/status.lua" "$URL" | sed -n 's/^RESULT //p'
}

phase_set() { # max_in_flight -> json of the three phases and peak RSS
  MAX_IN_FLIGHT="$1" "$BIN" serve > "$WORK/server-$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" > /dev/null && break; sleep 0.1; done
  local peak=0
  ( while kill -0 "$pid" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null; sleep 0.5; done ) > "$WORK/rss-$1.txt" &
  local sampler=$!
  local calm spike after
  calm=$(run_wrk 2 "$CALM_SECONDS")
  spike=$(run_wrk "$SPIKE_CONNECTIONS" "$SPIKE_SECONDS")
  after=$(run_wrk 2 "$CALM_SECONDS")
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  kill "$sampler" 2>/dev/null || true
  peak=$(sort -n "$WORK/rss-$1.txt" | tail -1)
  printf '{"max_in_flight": %s, "calm": %s, "spike": %s, "after": %s, "peak_rss_mb": %s}' "$1" "$calm" "$spike" "$after" "$(( ${peak:-0} / 1024 ))"
}

echo "==> without load shedding (MAX_IN_FLIGHT=0)" >&2
without=$(phase_set 0)
echo "==> with load shedding (MAX_IN_FLIGHT=$LIMIT)" >&2
with=$(phase_set "$LIMIT")

stamp=$(date -u +%Y%m%d-%H%M)
json="$ROOT/bench/results/spike-$stamp.json"
cat > "$json" <<JSON
{
  "run": "spike",
  "date_utc": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "commit": "$(git -C "$ROOT" rev-parse --short HEAD)",
  "machine": {"cpus": $(nproc), "memory_gb": $(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo), "kernel": "$(uname -r)"},
  "workload": "POST /api/v1/auth/login (demo pupil, argon2), SQLite, release build",
  "generator": "wrk $(wrk --version 2>&1 | head -1 | awk '{print $2}'), 2 threads, closed loop, same machine",
  "spike_connections": $SPIKE_CONNECTIONS, "spike_seconds": $SPIKE_SECONDS,
  "results": [$without, $with]
}
JSON
python3 - "$json" > "${json%.json}.md" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"# Spike run {d['date_utc']} (commit {d['commit']})\n")
print(f"Machine: {d['machine']['cpus']} CPU, {d['machine']['memory_gb']} GiB. Workload: {d['workload']}. Generator: {d['generator']}.")
print(f"Spike: {d['spike_connections']} connections for {d['spike_seconds']} s between two calm phases (2 connections).\n")
print("| MAX_IN_FLIGHT | phase | requests/s | 2xx | 503 (shed) | other | p50 ms | p99 ms | max ms | socket errors | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|---|---|---|")
for r in d["results"]:
    for phase in ("calm", "spike", "after"):
        p = r[phase]
        st = {int(k): v for k, v in p["statuses"].items()}
        ok = sum(v for k, v in st.items() if 200 <= k < 300)
        shed = st.get(503, 0) + st.get(429, 0)
        other = sum(st.values()) - ok - shed
        rps = p["requests"] / p["duration_s"] if p["duration_s"] else 0
        print(f"| {r['max_in_flight'] or 'off'} | {phase} | {rps:.0f} | {ok} | {shed} | {other} | {p['p50_ms']:.1f} | {p['p99_ms']:.1f} | {p['max_ms']:.1f} | {p['socket_errors']} | {r['peak_rss_mb']} |")
print("\nLatencies are wrk's (closed loop: not corrected for coordinated omission); shed requests answer at once with `Retry-After: 2`.")
PY
echo "written: $json and ${json%.json}.md" >&2
cat "${json%.json}.md"
