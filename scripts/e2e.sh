#!/usr/bin/env bash
# The browser tests in E2E_SHARDS parallel runs (default 2), each with its own server, database,
# port and output folder: the specs share the demo data of their run, never another run's.
# Playwright splits the spec files between the runs (--shard); a run's log is printed when it ends.
#   scripts/e2e.sh <passerelle binary> [playwright args…]
set -uo pipefail
bin=$(realpath "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
shards=${E2E_SHARDS:-2}
base_port=${E2E_PORT:-18181}
work=${E2E_WORK_DIR:-$root/e2e/.e2e-runs}
rm -rf "$work" && mkdir -p "$work"
cd "$root/e2e"
export PASSERELLE_BIN=$bin
if [ "$shards" -le 1 ]; then exec npx playwright test "$@"; fi

pids=()
for i in $(seq 1 "$shards"); do
  E2E_PORT=$((base_port + i - 1)) E2E_DATA_DIR="$work/data-$i" E2E_OUTPUT_DIR="$work/results-$i" \
    npx playwright test --shard="$i/$shards" "$@" > "$work/shard-$i.log" 2>&1 &
  pids+=($!)
done
status=0
for i in $(seq 1 "$shards"); do
  if wait "${pids[$((i - 1))]}"; then result=passed; else result=FAILED; status=1; fi
  echo "==> browser tests, run $i/$shards: $result"
  grep -v "^\[WebServer\]" "$work/shard-$i.log"
done
exit $status
