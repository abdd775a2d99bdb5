# sitrep: the two commands are `make run` and `make test`; each does its own set-up.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
STAMP := $(VENV)/.installed
# Debian packages the test suite drives: a real browser, PDF-to-text/PNG, CJK fonts, and a
# PostgreSQL server for the shared-deployment timeline tests.
TEST_DEBS := chromium poppler-utils fonts-noto-cjk postgresql
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup run test test-debs data bench pin clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

FRONTEND := sitrep/app/frontend

$(STAMP): requirements.txt pyproject.toml $(FRONTEND)/package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error  # Leaflet, served by the app itself
	@touch $@

setup: $(STAMP)  ## create .venv, install sitrep with its pinned requirements and front-end assets

run: setup  ## start the app on the bundled Dingri data (PORT, default 8501)
	$(BIN)/streamlit run app.py --server.port=$(PORT)

test-debs:  ## install the Debian packages the tests need, only if missing
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

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
