# OHWB Exchange: `make run` serves the site with demo data; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
ASSETS := app/static/nhsuk
DEMO_SOURCES := $(wildcard app/demo/*.py app/demo/*.json)
MIGRATIONS := $(wildcard migrations/versions/*.py)

.PHONY: run dev test test-postgres lint format assets install db bench-search bench-pages bench-faults bench-relevance clean prod prod-migrate prod-seed

run: install assets db  ## Serve http://127.0.0.1:5000 with demo data
	$(FLASK) run --host 127.0.0.1 --port 5000

dev: install assets db  ## As run, with the reloader and debugger
	$(FLASK) run --host 127.0.0.1 --port 5000 --debug

# Production mode on this machine (docs/DEPLOY.md): the local PostgreSQL and Redis, gunicorn with
# PROD_WORKERS (default 2) workers on 127.0.0.1:8000 and one `flask worker`. Settings: deploy/prod-env.sh.
prod: install assets  ## Serve in production mode (run `make prod-migrate` once first); Ctrl-C stops all
	deploy/prod.sh

prod-migrate: install  ## Create the production database if needed and apply migrations (a separate step)
	. deploy/prod-env.sh && $(BIN)/python deploy/create_database.py && $(FLASK) db upgrade

prod-seed: install  ## Load the demo data into the production-mode database (idempotent)
	. deploy/prod-env.sh && $(FLASK) seed demo

test: install assets  ## The whole suite (SQLite, or PostgreSQL via TEST_DATABASE_URL)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres:  ## The suite against the local PostgreSQL database `test`
	TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test $(MAKE) test

lint: install  ## ruff, and the import layers of DESIGN.md (contracts in pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PYTHONPATH=. $(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

assets: $(ASSETS)/.installed

# NHS.UK frontend: pinned in package.json/package-lock.json, copied into static (never a CDN).
# The default stylesheet is compiled from the Sass sources without remote fonts (app/assets/nhsuk.scss);
# the package's own compiled stylesheet, which loads Frutiger from the NHS fonts origin, is kept
# beside it for NHS_FONTS=1.
$(ASSETS)/.installed: package.json package-lock.json app/assets/nhsuk.scss
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(ASSETS)
	npx sass --load-path=node_modules --style=compressed --no-source-map app/assets/nhsuk.scss $(ASSETS)/nhsuk-frontend.min.css
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css $(ASSETS)/nhsuk-frontend-fonts.min.css
	cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js $(ASSETS)/
	rm -rf $(ASSETS)/assets && cp -R node_modules/nhsuk-frontend/dist/nhsuk/assets $(ASSETS)/assets
	touch $@

db: instance/.demo-seeded

instance/.migrated: $(MIGRATIONS) | install
	mkdir -p instance
	$(FLASK) db upgrade
	touch $@

# Demo data loads once, and again only when a module in app/demo/ changes (seeding is idempotent).
instance/.demo-seeded: instance/.migrated $(DEMO_SOURCES)
	$(FLASK) seed demo
	touch $@

bench-search: install  ## Whoosh and PostgreSQL (BENCH_DATABASE_URL, default: local database bench_search, wiped) at 2,000, 20,000, 200,000 documents
	$(BIN)/python bench/search.py

bench-relevance: install  ## nDCG@5 of the search on the demo data (tests/search/relevance_queries.json)
	$(BIN)/python bench/relevance.py --baseline

bench-faults: install  ## fault checks on a throw-away PostgreSQL and Redis of their own (docs/RELIABILITY.md)
	$(BIN)/python bench/faults.py

bench-pages: install  ## needs wrk (apt-get install wrk)
	$(BIN)/python bench/pages.py

# Every list, detail and search page, visitor and member, demo and --scale 10000 data, SQLite and
# PostgreSQL (when it answers), beside a bare Flask hello; then a 60 s mixed run. BENCH_ARGS narrows it
# (e.g. BENCH_ARGS="--db sqlite --size demo --duration 3 --mixed-duration 10").
bench-load: install  ## needs wrk (apt-get install wrk) and Redis on 127.0.0.1:6379 (db 5)
	$(BIN)/python bench/load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules $(ASSETS) instance/.migrated instance/.demo-seeded
