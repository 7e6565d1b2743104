#!/usr/bin/env bash
# The browser tests in E2E_SHARDS parallel runs (default 3), each with its own server, database,
# port and output folder: the specs share the demo data of their run, never another run's.
# The spec files are shared out by their usual duration (e2e/spec-weights.txt), longest first to
# the least loaded run, so the runs end together (the suite waits on clocks and mail as much as
# on the CPU: three runs on two cores end sooner than two). A run's log is printed when it ends.
#   scripts/e2e.sh <passerelle binary> [playwright args…]
set -uo pipefail
bin=$(realpath "$1"); shift
root=$(cd "$(dirname "$0")/.." && pwd)
shards=${E2E_SHARDS:-3}
base_port=${E2E_PORT:-18181}
work=${E2E_WORK_DIR:-$root/e2e/.e2e-runs}
rm -rf "$work" && mkdir -p "$work"
cd "$root/e2e"
export PASSERELLE_BIN=$bin
if [ "$shards" -le 1 ]; then exec npx playwright test "$@"; fi

# "run-number spec" lines: each spec (heaviest first) to the run with the least seconds so far.
plan=$(for f in tests/*.spec.ts; do
  name=$(basename "$f")
  echo "$(awk -v n="$name" '$1 == n { print $2; found = 1 } END { if (!found) print 20 }' spec-weights.txt) $f"
done | sort -rn | awk -v k="$shards" '{ best = 1; for (i = 2; i <= k; i++) if (load[i] < load[best]) best = i; load[best] += $1; print best, $2 }')

pids=()
for i in $(seq 1 "$shards"); do
  mapfile -t specs < <(awk -v i="$i" '$1 == i { print $2 }' <<< "$plan")
  [ "${#specs[@]}" -gt 0 ] || continue
  E2E_PORT=$((base_port + i - 1)) E2E_DATA_DIR="$work/data-$i" E2E_OUTPUT_DIR="$work/results-$i" \
    npx playwright test "${specs[@]}" "$@" > "$work/shard-$i.log" 2>&1 &
  pids+=($!)
done
status=0
for i in $(seq 1 "${#pids[@]}"); do
  if wait "${pids[$((i - 1))]}"; then result=passed; else result=FAILED; status=1; fi
  echo "==> browser tests, run $i/$shards: $result"
  grep -v "^\[WebServer\]" "$work/shard-$i.log"
done
exit $status
