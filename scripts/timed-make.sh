#!/usr/bin/env bash
# Runs make targets one after the other, stops at the first failure, and prints how long each
# took (where the CI's minutes go).
#   scripts/timed-make.sh target…
set -uo pipefail
timings=()
report() { echo "==> timings:"; printf '%s\n' "${timings[@]}"; }
trap report EXIT
for target in "$@"; do
  start=$SECONDS
  ${MAKE:-make} --no-print-directory "$target" || { timings+=("$(printf '%5ds  %s (FAILED)' $((SECONDS - start)) "$target")"); exit 1; }
  timings+=("$(printf '%5ds  %s' $((SECONDS - start)) "$target")")
done
