# Prima — the two commands a newcomer needs are `make demo` and `make test`.
# Everything else here is what those two are made of, plus developer chores.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PRIMA := $(BIN)/prima
HOST ?= 127.0.0.1
PORT ?= 8000
# Browsers must not load anything from the network during tests; swagger-ui-dist's
# telemetry dependency is never run (npm ci --ignore-scripts) and told to stay quiet anyway.
export SCARF_ANALYTICS := false

.PHONY: demo test serve install install-dev assets translations migrate seed lint format \
        typecheck bench fault replica schemathesis messages lock ci clean help

help:
	@echo "make demo   install, migrate, load demo data and serve http://$(HOST):$(PORT)"
	@echo "make test   install the dev dependencies and run the whole test suite"
	@echo "make lint   ruff check, ruff format --check, mypy, import layers"
	@echo "make bench  run the benchmarks in benchmarks/ (BENCH_ARGS=--save keeps the results)"
	@echo "make fault  restart a private PostgreSQL under a submission load: nothing lost or doubled"
	@echo "make replica  the read-replica routing tests against a private primary and streaming standby"
	@echo "make schemathesis  the API and Open311 against their OpenAPI schemas (PostgreSQL)"
	@echo "make lock   re-resolve requirements/*.txt from pyproject.toml"

# The demo names a data-protection officer, as production must (docs/guide/privacy.md).
demo: export PRIMA_DPO_NAME ?= Pejabat Pelindungan Data Pribadi (demo)
demo: export PRIMA_DPO_EMAIL ?= ppdp@demo.prima.invalid
demo: install assets translations migrate seed serve

test: install-dev assets translations
	$(BIN)/pytest $(PYTEST_ARGS)

serve:
	$(PRIMA) runserver $(HOST):$(PORT)

migrate: install
	@mkdir -p var
	$(PRIMA) migrate --no-input

seed: install
	$(PRIMA) seed_demo
	$(PRIMA) opendata build

$(BIN)/python:
	$(PYTHON) scripts/bootstrap_venv.py $(VENV)

# Stamps make re-runs fast: dependencies are reinstalled only when a lock file changes.
$(VENV)/.base-installed: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	@touch $@

install: $(VENV)/.base-installed

install-dev: $(VENV)/.dev-installed

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Prima needs Node.js 18+ with npm for its front-end libraries."; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund

prima/static/vendor/VENDOR.json: node_modules/.package-lock.json scripts/vendor_assets.py
	$(BIN)/python scripts/vendor_assets.py

assets: $(BIN)/python prima/static/vendor/VENDOR.json

translations: install
	$(PRIMA) compile_translations

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy prima
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install-dev
	$(BIN)/mypy prima

bench: install-dev assets translations
	@# wrk (Debian's package) is the SKM benchmark's load generator when present; without it the
	@# benchmark uses Python processes, which take more of the CPU the server needs.
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
		apt-get install -y -qq wrk >/dev/null; } || echo "wrk not found: using the Python load generator"
	$(BIN)/python -m benchmarks $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.skm $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.peers $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.readiness $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.national $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.opendata $(BENCH_ARGS)
	$(BIN)/python -m benchmarks.page_weight $(BENCH_ARGS)

# Needs PostgreSQL's server binaries (Debian: postgresql); starts and stops its own cluster.
fault: install-dev translations
	$(BIN)/python -m benchmarks.fault $(FAULT_ARGS)

# A private PostgreSQL primary and a streaming standby (pg_basebackup -R) on loopback ports:
# the read-replica routing tests against them (scripts/replica.py), then both stopped.
replica: install-dev translations
	$(BIN)/python scripts/replica.py $(PYTEST_ARGS)

# Needs a PostgreSQL server: SCHEMATHESIS_DATABASE_URL names a database of its own (dropped and
# created again; default postgres://postgres@127.0.0.1:5432/prima_schemathesis).
schemathesis: install-dev translations
	$(BIN)/python scripts/schemathesis.py $(SCHEMATHESIS_ARGS)

# Developer chore (needs GNU gettext): refresh the catalogues from the source strings.
messages: install
	cd prima && ../$(PRIMA) makemessages --locale id --locale en --no-obsolete --add-location file

lock:
	$(BIN)/python -m pip install --quiet "uv==0.13.9"
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements/dev.txt

ci:
	.ci/run

clean:
	rm -rf $(VENV) node_modules prima/static/vendor staticfiles
