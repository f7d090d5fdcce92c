# Pasar IKM: `make run` serves the site with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install -q --disable-pip-version-check -c constraints.txt
export FLASK_APP := wsgi.py
export APP_ENV ?= development
HOST ?= 127.0.0.1
PORT ?= 5000
# Debian packages the site needs: Pango, HarfBuzz and a font for the PDF invoices (WeasyPrint).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# And the test suite: PostgreSQL, Chromium (browser journeys), Redis (shared limits).
TEST_DEBS := $(RUN_DEBS) postgresql chromium redis-server

.PHONY: run test lint format translations translations-update system-deps runtime-deps bench clean

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt constraints.txt | $(BIN)/activate
	$(PIP) -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt constraints.txt | $(BIN)/activate
	$(PIP) -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

translations: $(VENV)/.runtime
	$(BIN)/pybabel compile -d marketplace/translations

## Extract strings from code and templates into the catalog (then translate the new ones).
translations-update: $(VENV)/.dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output \
		--project "Pasar IKM" -o marketplace/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i marketplace/translations/messages.pot \
		-d marketplace/translations

run: runtime-deps $(VENV)/.runtime translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask search check --fix
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## Install the Debian packages the tests (runtime-deps: the site) need, only tried as root.
system-deps runtime-deps:
	@debs="$(if $(filter system-deps,$@),$(TEST_DEBS),$(RUN_DEBS))"; \
	missing=""; for p in $$debs; do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing Debian packages:$$missing"; \
			apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
		else \
			echo "Missing Debian packages:$$missing (run 'make $@' as root)"; exit 1; \
		fi; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: system-deps $(VENV)/.dev translations lint
	@mkdir -p artifacts
	$(BIN)/pytest -m "not browser" --db=sqlite
	$(BIN)/pytest -m "not browser" --db=postgresql
	$(BIN)/pytest -m browser

bench: $(VENV)/.dev translations
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/import_participants.py
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/search_bench.py --sizes 10000

clean:
	rm -rf $(VENV) artifacts .pytest_cache .ruff_cache
