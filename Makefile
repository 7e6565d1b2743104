# Passerelle: `make run` starts the product with demo data, `make test` runs every test.
# Both install what they need (system packages when run as root, npm packages always).

SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO        ?= cargo
TARGET_DIR   := $(or $(CARGO_TARGET_DIR),target)
BIN          := $(TARGET_DIR)/debug/passerelle
# `npm install` against the committed lock (which it leaves unchanged): this npm writes locks
# without other platforms' optional packages, which `npm ci` then refuses.
NPM_CI       := npm install --no-audit --no-fund --loglevel=error
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

# In CI, clippy lints the workspace's own crates while they are built: clippy-driver stands in
# for rustc on them (what `cargo clippy` itself does, in check mode), with warnings denied. One
# compilation instead of a second pass over every dependency; `make lint` does the same check
# on its own. CLIPPY_ARGS is how cargo-clippy hands its arguments to clippy-driver.
ifdef CI
CLIPPY_DRIVER := $(shell command -v clippy-driver 2>/dev/null)
ifneq ($(CLIPPY_DRIVER),)
export RUSTC_WORKSPACE_WRAPPER := $(CLIPPY_DRIVER)
export CLIPPY_ARGS := -D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__
endif
endif

.PHONY: help run build api frontend deps test test-rust test-rust-sqlite test-rust-postgres \
        test-frontend test-e2e test-fuzz build-all audit bench-spike bench-full bench-search bench-register openapi openapi-check lint fmt-check bench lighthouse clean

help:
	@echo "make run    - build, migrate, seed the demo accounts and serve on http://127.0.0.1:8080"
	@echo "make test   - every test: Rust (SQLite + PostgreSQL), frontend, browser, OpenAPI"
	@echo "make openapi - regenerate openapi.yaml and the frontend's typed client"
	@echo "make bench-spike - opening-rush spike (sign-ins far beyond saturation), with and without shedding"
	@echo "make test-fuzz - schemathesis against the served OpenAPI document (six roles, bounded time)"
	@echo "make lint   - rustfmt check, then clippy with warnings denied"
	@echo "make audit  - Cargo.lock against the offline RustSec snapshot (exceptions in audit.toml)"
	@echo "make bench  - load benchmark: S and M datasets, SQLite and PostgreSQL, W1-W6 + opening mix vs floor"
	@echo "make bench-full - the same plus the L dataset (1M offers)"
	@echo "make bench-register - a principal imports a 1,500-pupil register (SQLite; PostgreSQL with BENCH_DATABASE_URL)"
	@echo "make lighthouse - Lighthouse (mobile) on home, search, an offer, the pupil's space; scores in bench/results"

## ---------- set-up ----------

deps:
	@scripts/ensure-system-deps.sh build

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && $(NPM_CI)
	@touch $@

e2e/node_modules/.installed: e2e/package-lock.json
	cd e2e && $(NPM_CI)
	@touch $@

## ---------- build and run ----------

api: deps
	$(CARGO) build --bin passerelle

frontend: frontend/node_modules/.installed
	cd frontend && npm run build --silent

build: api frontend

run: build
	@mkdir -p data
	$(BIN) migrate
	$(BIN) import all --if-empty
	$(BIN) import boarding-houses --dir reference-data/exemples
	@echo
	@$(BIN) seed-demo
	@echo
	@echo "Passerelle : http://127.0.0.1:8080  (API : /api/docs, arrêt : Ctrl+C)"
	@echo
	exec $(BIN) serve

## ---------- tests ----------

# One suite after the other, each one's duration printed at the end; the frontend's tests run
# while the API and every Rust test target compile (`a|b`: side by side). One cargo run builds
# them all: the library and its unit tests compile at once, where building the API alone left a
# core idle; the suites after it find everything built.
test: deps frontend/node_modules/.installed e2e/node_modules/.installed
	@scripts/timed-make.sh "build-all|test-frontend" openapi-check test-rust test-fuzz test-e2e
	@echo "All test suites passed."

# The API binary and every test target (integration tests build the binary too).
build-all: deps
	$(CARGO) test --all-targets --no-run

# Both backends: one build, then the SQLite and PostgreSQL passes side by side.
test-rust: deps
	@scripts/ensure-system-deps.sh test || [ -z "$$CI" ]
	@CARGO=$(CARGO) scripts/test-rust.sh

test-rust-sqlite: deps
	@scripts/ensure-system-deps.sh test || [ -z "$$CI" ]
	$(CARGO) test --all-targets

# The same integration tests on a throwaway PostgreSQL cluster (Debian's `postgresql`).
test-rust-postgres: deps
	@if ! scripts/ensure-system-deps.sh test; then \
	  if [ -n "$$CI" ]; then echo "PostgreSQL is required in CI" >&2; exit 1; fi; \
	  echo "!! PostgreSQL pass SKIPPED: install the 'postgresql' package to run it"; exit 0; fi; \
	url=$$(scripts/pg-test-server.sh start) || exit 1; \
	echo "==> PostgreSQL pass on $$url"; \
	TEST_DATABASE_URL=$$url $(CARGO) test --tests --test '*'; status=$$?; \
	scripts/pg-test-server.sh stop; exit $$status

# schemathesis (PyPI, pinned, in a venv under target/) against the served OpenAPI document,
# signed in as six roles, a bounded time each: any 5xx or server error fails.
test-fuzz: api
	@scripts/ensure-system-deps.sh test || [ -z "$$CI" ]
	scripts/fuzz-api.sh $(BIN)

test-frontend: frontend/node_modules/.installed
	cd frontend && npx tsc -b && npm run lint && npm run format:check && npx vitest run

test-e2e: build e2e/node_modules/.installed
	@if ! scripts/ensure-system-deps.sh test; then \
	  if [ -n "$$CI" ]; then echo "Chromium is required in CI" >&2; exit 1; fi; \
	  echo "!! browser tests SKIPPED: install the 'chromium' package to run them"; exit 0; fi
	scripts/e2e.sh $(BIN)

## ---------- contract ----------

openapi: api frontend/node_modules/.installed
	$(BIN) openapi -o openapi.yaml
	cd frontend && npm run gen:api --silent

# The committed document must be what the code generates, and valid OpenAPI 3.1.
openapi-check: api frontend/node_modules/.installed
	@$(BIN) openapi > $(TARGET_DIR)/openapi.generated.yaml
	@diff -u openapi.yaml $(TARGET_DIR)/openapi.generated.yaml || { echo "openapi.yaml is stale: run 'make openapi' and commit it" >&2; exit 1; }
	@python3 -m openapi_spec_validator --version >/dev/null 2>&1 || python3 -m pip install -q --disable-pip-version-check openapi-spec-validator
	python3 -m openapi_spec_validator openapi.yaml
	@cd frontend && npx openapi-typescript ../openapi.yaml -o $(abspath $(TARGET_DIR))/schema.generated.d.ts >/dev/null 2>&1 && \
	  diff -q src/api/schema.d.ts $(abspath $(TARGET_DIR))/schema.generated.d.ts >/dev/null || { echo "frontend/src/api/schema.d.ts is stale: run 'make openapi'" >&2; exit 1; }

lint: fmt-check deps
	$(CARGO) clippy --all-targets -- -D warnings

fmt-check:
	$(CARGO) fmt --check

## ---------- dependency audit (offline) ----------

# Cargo.lock against the dated RustSec snapshot (no network): any advisory fails unless
# audit.toml accepts it with its reason. ADVISORY_DB overrides where the snapshot is.
ADVISORY_DB ?= $(firstword $(wildcard ../shared/advisory-db-rust /work/shared/advisory-db-rust))
audit:
	@if [ -z "$(ADVISORY_DB)" ]; then \
	  if [ -n "$$CI" ]; then echo "RustSec snapshot not found: set ADVISORY_DB" >&2; exit 1; fi; \
	  echo "!! dependency audit SKIPPED: no RustSec snapshot (set ADVISORY_DB)"; exit 0; fi
	$(CARGO) run -q -p passerelle-audit -- "$(ADVISORY_DB)" Cargo.lock audit.toml

## ---------- benchmarks (never part of `make test`: figures are read, not asserted) ----------

# Load benchmark (issue 9): S and M datasets on SQLite and PostgreSQL, workloads W1-W6 and the
# opening mix through HTTP against their floor; report in bench/results/. A few minutes.
bench:
	@scripts/ensure-system-deps.sh bench
	bench/run.sh S,M sqlite,postgres

# The same with the L dataset (1M offers): generation alone takes minutes.
bench-full:
	@scripts/ensure-system-deps.sh bench
	bench/run.sh S,M,L sqlite,postgres

# The search micro-benchmark (in-process, 10k and 100k offers).
bench-search: deps
	$(CARGO) bench -p passerelle --bench search

# A principal's register import (issue 25): a lycée of 1,500 pupils, in process, on SQLite (and
# PostgreSQL with BENCH_DATABASE_URL).
bench-register: deps
	$(CARGO) bench -p passerelle --bench register

# The opening-rush spike (release build, Debian's wrk): with and without load shedding.
bench-spike:
	@scripts/ensure-system-deps.sh bench
	$(CARGO) build --release --bin passerelle
	bench/spike.sh $(TARGET_DIR)/release/passerelle

# Lighthouse (issue 31): mobile profile with Debian's Chromium on four pages of the built SPA;
# scores in bench/results/lighthouse-<date>.{json,md}; fails under accessibility 100 or performance 90.
tools/lighthouse/node_modules/.installed: tools/lighthouse/package-lock.json
	cd tools/lighthouse && PUPPETEER_SKIP_DOWNLOAD=1 $(NPM_CI)
	@touch $@

lighthouse: api frontend tools/lighthouse/node_modules/.installed
	@scripts/ensure-system-deps.sh test || [ -z "$$CI" ]
	scripts/lighthouse.sh $(BIN)

clean:
	$(CARGO) clean
	rm -rf frontend/dist frontend/node_modules e2e/node_modules data
