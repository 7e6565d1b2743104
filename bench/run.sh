#!/usr/bin/env bash
# `make bench` / `make bench-full`: the load benchmark on SQLite and PostgreSQL for the sizes
# given (S,M by default; L for bench-full), then one report under bench/results/.
#   bench/run.sh [sizes] [backends]        e.g. bench/run.sh S,M sqlite,postgres
# Environment: BENCH_SECONDS (3 per phase), BENCH_CONCURRENCY (32), BENCH_SEED (1),
# BENCH_SPIKE_SECONDS (60: the opening mix at 3x saturation, between two calm thirds of it; 0: no spike),
# BENCH_OHA=0 to skip oha (installed once under target/tools from crates.io, version pinned).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SIZES="${1:-S,M}"
BACKENDS="${2:-sqlite,postgres}"
OHA_VERSION=1.16.0
WORK="$ROOT/target/bench"
mkdir -p "$WORK" bench/results
BIN="$ROOT/target/release/passerelle"
cargo build --release --bin passerelle --bin passerelle-bench-data

OHA=""
if [ "${BENCH_OHA:-1}" != 0 ]; then
  OHA="$ROOT/target/tools/bin/oha"
  if ! "$OHA" --version 2>/dev/null | grep -q "$OHA_VERSION"; then
    echo "==> installing oha $OHA_VERSION (crates.io) under target/tools" >&2
    cargo install oha --version "$OHA_VERSION" --locked --root "$ROOT/target/tools" >&2 || { echo "!! oha could not be built: W1-W3 without the oha cross-check" >&2; OHA=""; }
  fi
fi

results=()
pg_started=""
cleanup() { if [ -n "$pg_started" ]; then PG_TEST_PORT=55433 PG_TEST_DIR=/tmp/passerelle-pgbench scripts/pg-test-server.sh stop; fi; }
trap cleanup EXIT
for backend in ${BACKENDS//,/ }; do
  for size in ${SIZES//,/ }; do
    if [ "$backend" = sqlite ]; then
      url="sqlite://$WORK/bench-$size-${BENCH_SEED:-1}.db"
    else
      if [ -z "$pg_started" ]; then
        admin=$(PG_TEST_DURABLE=1 PG_TEST_PORT=55433 PG_TEST_DIR=/tmp/passerelle-pgbench PG_EXTRA_OPTS="-c shared_buffers=1GB -c effective_cache_size=4GB -c work_mem=16MB" scripts/pg-test-server.sh start)
        pg_started=1
      fi
      url="$admin"
    fi
    out="$WORK/result-$backend-$size.json"
    echo "==> $backend $size" >&2
    cargo bench -q -p passerelle --bench load -- --bin "$BIN" --database-url "$url" --size "$size" --seed "${BENCH_SEED:-1}" \
      --seconds "${BENCH_SECONDS:-3}" --concurrency "${BENCH_CONCURRENCY:-32}" --oha "$OHA" --work "$WORK" --out "$out" \
      --spike-seconds "${BENCH_SPIKE_SECONDS:-60}"
    results+=("$out")
  done
done
stamp=$(date -u +%Y%m%d-%H%M)
OHA="${OHA:-oha}" python3 bench/report.py "bench/results/bench-$stamp" "${results[@]}"
echo "written bench/results/bench-$stamp.md and .json" >&2
