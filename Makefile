# Newsroom: `make run` serves the demo site (and runs a task worker), `make test` runs the
# whole suite.
# Both create the virtual environment from requirements.lock when it is missing or stale.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The address pushes and feeds name for the site: the one `make run` serves, unless set.
NEWSROOM_SITE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test lint install lock bench backup restore clean screenshots

$(BIN)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Newsroom needs Python 3.11 or newer: make PYTHON=python3.11 …")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py create_demo_editor
	@echo "Serving http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/) and one task worker"
	@# The worker runs beside the server; when the server stops (Ctrl-C), the trap stops it.
	@trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	export NEWSROOM_SITE_URL='$(NEWSROOM_SITE_URL)'; \
	$(BIN)/python manage.py run_worker & worker=$$!; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (measurements, not tests): a table on screen, the figures in bench-results/
# (JSON and markdown). `make bench BENCH=pages` runs one, `BENCH="pages --articles 1000000"`
# sets the archive's size; the site's benchmark (bench/pages.py)
# reads BENCH_ARTICLES (5000), DATABASE_URL (a SQLite file in /tmp), BENCH_DURATION (5 s per
# wrk run), BENCH_LOAD (seconds of a 50-connection run; 0 skips it). Needs wrk
# (apt-get install -y wrk). The distribution benchmark (bench/distribution.py) empties and
# uses BENCH_DISTRIBUTION_DATABASE_URL (a SQLite file in /tmp), NEWSROOM_TASKS picks its
# queue. The live coverage benchmark (bench/live.py) uses BENCH_LIVE_DATABASE_URL (a SQLite
# file in /tmp), BENCH_LIVE_SECONDS (60), BENCH_LIVE_ENTRIES (5000) and REDIS_URL when set
# (two workers sharing it). The diary's benchmark (bench/planning.py) uses
# BENCH_PLANNING_DATABASE_URL (a SQLite file in /tmp), BENCH_PLANNING_EVENTS (10000) and
# BENCH_PLANNING_ITEMS (50000). The replicas' benchmark (bench/replica.py) starts a PostgreSQL
# primary and standby of its own (run as root), BENCH_REPLICA_ROUNDS (3), BENCH_SAVE_INTERVAL (1).
# CI never runs them.
BENCH ?=
bench: install
	$(BIN)/python -m bench.run $(BENCH)

# PNGs of the desk and the public site at 1280, 768 and 375 px in screenshots/ (a throwaway
# SQLite demo, served on a free port; needs chromium and chromedriver): open
# screenshots/index.html. SCREENSHOTS="--only front,agreement" takes only those.
SCREENSHOTS ?=
screenshots: install
	$(BIN)/python tools/screenshots.py $(SCREENSHOTS)

# The map of the rooms (pyproject.toml's [tool.importlinter]) is part of the lint.
lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports

# The whole database to backups/newsroom-<time>.json.gz (BACKUP=path to choose the file).
backup: install
	$(BIN)/python manage.py backup_database $(BACKUP)

# Replace the database's contents with a backup: make restore BACKUP=backups/newsroom-….json.gz
restore: install
	@test -n "$(BACKUP)" || { echo "Say which file: make restore BACKUP=backups/newsroom-….json.gz"; exit 2; }
	$(BIN)/python manage.py restore_database $(BACKUP) --yes

# Re-pin every dependency (needs the network); commit requirements.lock afterwards.
lock: install
	$(BIN)/python -m pip install --quiet "uv==0.9.30"
	$(BIN)/python -m uv pip compile pyproject.toml --extra postgres --extra dev \
		--python-version 3.11 --no-header --annotation-style line --upgrade -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache .ruff_cache .import_linter_cache
