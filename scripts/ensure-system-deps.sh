#!/usr/bin/env bash
# Makes sure the system packages a target needs are here: installs them with apt-get when
# running as root, otherwise says exactly what is missing and how to install it.
#   scripts/ensure-system-deps.sh build    -> gcc, pkg-config, libpq (headers), node/npm
#   scripts/ensure-system-deps.sh test     -> the above + PostgreSQL server + Chromium + sqlite3 CLI, jq
#   scripts/ensure-system-deps.sh bench    -> the above (build) + wrk, curl, PostgreSQL server, cmake (oha)
set -euo pipefail
want="${1:-build}"
missing=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

need() { # need <debian-package> <check-command...>
  local pkg="$1"; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$pkg"); fi
}

need libpq-dev have_pkg libpq-dev
need pkg-config command -v pkg-config
need gcc command -v gcc
if ! command -v npm >/dev/null 2>&1; then missing+=("nodejs" "npm"); fi
if [ "$want" = bench ]; then
  need wrk command -v wrk
  need curl command -v curl
  need postgresql bash -c 'ls /usr/lib/postgresql/*/bin/initdb'
  # oha (installed by bench/run.sh from crates.io) builds aws-lc with cmake.
  need cmake command -v cmake
fi
if [ "$want" = test ]; then
  need postgresql bash -c 'ls /usr/lib/postgresql/*/bin/initdb'
  need chromium command -v chromium
  need poppler-utils command -v pdftotext
  need python3-venv python3 -c 'import ensurepip'
  need curl command -v curl
  # The Rust runner (scripts/test-rust.sh) and the integrator's walk read JSON with jq.
  need jq command -v jq
  # The feedback browser test moves an internship into the past in the e2e database.
  need sqlite3 command -v sqlite3
fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "==> installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
