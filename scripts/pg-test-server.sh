#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL cluster for the test suite, from Debian's
# `postgresql` package. Prints the admin URL on stdout when started.
#   scripts/pg-test-server.sh start   -> postgres://postgres@127.0.0.1:55432/postgres
#   scripts/pg-test-server.sh stop
set -euo pipefail
PORT="${PG_TEST_PORT:-55432}"
DIR="${PG_TEST_DIR:-/tmp/passerelle-pgtest}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL server binaries not found (Debian package 'postgresql')." >&2
  exit 3
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# Tests trade durability for speed; benchmarks (PG_TEST_DURABLE=1) keep production's settings.
if [ -n "${PG_TEST_DURABLE:-}" ]; then DURABILITY=""; else DURABILITY="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"; fi
case "${1:-start}" in
  start)
    if as_pg "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
    as_pg "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
      || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
      -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR $DURABILITY -c max_connections=300 -c jit=off ${PG_EXTRA_OPTS:-}" \
      start >/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
