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

.PHONY: help setup run test run-debs test-debs data bench pin clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

FRONTEND := sitrep/app/frontend

$(STAMP): requirements.txt pyproject.toml $(FRONTEND)/package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error  # Leaflet, served by the app itself
	@touch $@

setup: $(STAMP) run-debs  ## create .venv, install sitrep with its pinned requirements, front-end assets, fonts

run: setup  ## start the app on the bundled Dingri data (PORT, default 8501; ADDRESS, default 127.0.0.1)
	$(BIN)/streamlit run app.py --server.port=$(PORT) --server.address=$(ADDRESS)

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

test: setup test-debs  ## lint, then run the whole test suite
	@bash tests/start_services.sh
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

data: setup  ## regenerate the bundled scenario (seeded script) and its offline base map
	$(BIN)/python data/make_dingri.py
	$(BIN)/python data/make_basemap.py

bench: setup  ## run the benchmarks (never part of `make test`)
	@for b in benchmarks/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

pin: setup  ## rewrite requirements.txt from .venv (exact versions, setuptools included)
	$(BIN)/python -m pip freeze --all --exclude-editable --disable-pip-version-check | grep -v -E '^(pip|wheel)==' | LC_ALL=C sort -f > requirements.txt

clean:  ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache
