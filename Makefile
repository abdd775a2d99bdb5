# sitrep: the two commands are `make run` and `make test`; each does its own set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# The app listens on this machine only; `make run ADDRESS=0.0.0.0` serves a LAN (behind a TLS reverse proxy).
ADDRESS ?= 127.0.0.1
STAMP := $(VENV)/.installed
# Debian packages the app needs at run time: Pango for PDF snapshots, CJK fonts for Chinese names.
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk
# ... and those the test suite drives: a real browser, PDF-to-text/PNG, and a PostgreSQL server
# for the shared-deployment timeline tests.
TEST_DEBS := $(RUN_DEBS) chromium poppler-utils postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup run test run-debs test-debs data bench pin leaflet clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

FRONTEND := sitrep/app/frontend

# The dev venv: what running needs (requirements.txt) and what testing needs (requirements-test.txt).
$(STAMP): requirements.txt requirements-test.txt pyproject.toml setup.py
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements-test.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	@touch $@

setup: $(STAMP) run-debs  ## create .venv, install sitrep with its pinned run and test requirements, fonts

run: setup  ## start the app on the bundled Dingri data (PORT, default 8501; ADDRESS, default 127.0.0.1)
	$(BIN)/python -m sitrep.app.serve run app.py --server.port=$(PORT) --server.address=$(ADDRESS)

define install_debs
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ] && ! sudo -n true 2>/dev/null; then \
	    echo "note: cannot install Debian packages ($$missing) without root; $(2)"; \
	  else \
	    echo "installing Debian packages: $$missing"; \
	    $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	  fi; \
	fi
endef

run-debs:  ## install the Debian packages the app uses (PDF export, CJK fonts), only if missing
	$(call install_debs,$(RUN_DEBS),PDF export and Chinese text in PDFs may not work)

test-debs:  ## install the Debian packages the tests need, only if missing
	$(call install_debs,$(TEST_DEBS),the browser, PDF and PostgreSQL tests need them)

# pytest on every core (pytest-xdist): each worker runs whole test files, the slowest first
# (tests/conftest.py says why and what a new test must do); `make test PYTEST_WORKERS=0` runs serially.
PYTEST_WORKERS ?= auto

test: setup test-debs  ## lint, run the whole test suite, then build the wheel and sdist and smoke-test them
	@bash tests/start_services.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder
	$(BIN)/python tests/smoke_wheel.py

data: setup  ## regenerate the bundled scenario (seeded script) and its offline base map
	$(BIN)/python data/make_dingri.py
	$(BIN)/python data/make_basemap.py

bench: setup  ## run the benchmarks (never part of `make test`)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

pin: setup  ## rewrite requirements.txt (running) and requirements-test.txt (testing) from .venv, exact versions
	$(BIN)/python tools/pin_requirements.py

leaflet:  ## refresh the vendored Leaflet (sitrep/vendor/leaflet) from the npm lockfile (needs npm)
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error
	cp $(FRONTEND)/node_modules/leaflet/dist/leaflet.js $(FRONTEND)/node_modules/leaflet/dist/leaflet.css sitrep/vendor/leaflet/
	cp $(FRONTEND)/node_modules/leaflet/dist/images/*.png sitrep/vendor/leaflet/images/
	cp $(FRONTEND)/node_modules/leaflet/LICENSE sitrep/vendor/leaflet/LICENSE

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache build dist
