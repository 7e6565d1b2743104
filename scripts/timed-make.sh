#!/usr/bin/env bash
# Runs make targets one after the other, stops at the first failure, and prints how long each
# took (where the CI's minutes go). `a|b` runs a and b side by side (each one's output printed
# when both have ended).
#   scripts/timed-make.sh target|target…
set -uo pipefail
timings=()
report() { echo "==> timings:"; printf '%s\n' "${timings[@]}"; }
trap report EXIT
for target in "$@"; do
  start=$SECONDS
  if [[ "$target" == *"|"* ]]; then
    IFS='|' read -r -a group <<< "$target"
    dir=$(mktemp -d)
    pids=()
    for t in "${group[@]}"; do
      ( s=$SECONDS; ${MAKE:-make} --no-print-directory "$t" > "$dir/$t.log" 2>&1; rc=$?; echo "$((SECONDS - s)) $rc" > "$dir/$t.done"; exit $rc ) &
      pids+=($!)
    done
    failed=0
    for i in "${!group[@]}"; do wait "${pids[$i]}" || failed=1; done
    for t in "${group[@]}"; do
      cat "$dir/$t.log"
      read -r took rc < "$dir/$t.done"
      timings+=("$(printf '%5ds  %s%s (side by side)' "$took" "$t" "$([ "$rc" = 0 ] || echo ' FAILED')")")
    done
    rm -rf "$dir"
    [ $failed = 0 ] || exit 1
    continue
  fi
  ${MAKE:-make} --no-print-directory "$target" || { timings+=("$(printf '%5ds  %s (FAILED)' $((SECONDS - start)) "$target")"); exit 1; }
  timings+=("$(printf '%5ds  %s' $((SECONDS - start)) "$target")")
done
