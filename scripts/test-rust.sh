#!/usr/bin/env bash
# The Rust suite on both backends at once: built once, then the SQLite pass (every test target)
# and the PostgreSQL pass (the integration tests, on a throwaway cluster) run side by side. The
# test binaries wait on databases, mail and clocks as much as on the CPU. Each pass's output is
# printed when both have ended. Without PostgreSQL installed, outside CI, its pass is skipped.
#   scripts/test-rust.sh
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cargo=${CARGO:-cargo}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The test executables with their package's folder ("folder<TAB>executable"), and which are
# integration tests, from the one build.
$cargo test --all-targets --no-run --message-format=json-render-diagnostics > "$logs/build.json" || exit 1
artifacts='select(.reason == "compiler-artifact" and .profile.test == true and .executable != null)'
line='(.manifest_path | sub("/Cargo.toml$"; "")) + "\t" + .executable'
mapfile -t all < <(jq -r "$artifacts | $line" "$logs/build.json")
mapfile -t integration < <(jq -r "$artifacts | select(.target.kind | index(\"test\")) | $line" "$logs/build.json")

# Runs the given test executables from their package's folder (as cargo does), into one log.
run_all() {
  local log=$1 status=0 entry dir exe
  shift
  for entry in "$@"; do
    dir=${entry%%$'\t'*} exe=${entry#*$'\t'}
    echo "==> $(basename "$exe")" >> "$log"
    (cd "$dir" && "$exe") >> "$log" 2>&1 || status=1
  done
  return $status
}

run_all "$logs/sqlite.log" "${all[@]}" &
sqlite=$!
pg=""
if scripts/ensure-system-deps.sh test; then
  url=$(scripts/pg-test-server.sh start) || exit 1
  echo "==> PostgreSQL pass on $url"
  TEST_DATABASE_URL=$url run_all "$logs/pg.log" "${integration[@]}" &
  pg=$!
elif [ -n "${CI:-}" ]; then
  echo "PostgreSQL is required in CI" >&2
  exit 1
else
  echo "!! PostgreSQL pass SKIPPED: install the 'postgresql' package to run it"
fi

status=0
wait $sqlite || status=1
echo "==> SQLite pass: $([ $status = 0 ] && echo passed || echo FAILED)"
cat "$logs/sqlite.log"
if [ -n "$pg" ]; then
  pg_status=0
  wait "$pg" || pg_status=1
  scripts/pg-test-server.sh stop
  echo "==> PostgreSQL pass: $([ $pg_status = 0 ] && echo passed || echo FAILED)"
  cat "$logs/pg.log"
  [ $pg_status = 0 ] || status=1
fi
exit $status
