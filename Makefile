# Two commands on a fresh machine:
#   make run    set up, migrate, seed the demo county, start web + Celery worker + beat
#   make test   the whole suite against PostgreSQL and Redis
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export DATABASE_URL_TEST ?= postgres://postgres:postgres@127.0.0.1:5432/xinfang
export REDIS_URL_TEST ?= redis://127.0.0.1:6379/15

.PHONY: install run test test-fast lint format messages check-services clean load restore-drill bench bench-seed

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.lock
	touch $@

# The embedded default: SQLite in the project folder, the file-system broker in var/.
run: install
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py migrate --noinput
	env -u DATABASE_URL -u REDIS_URL $(PY) manage.py seed_demo
	env -u DATABASE_URL -u REDIS_URL scripts/run_dev.sh

check-services: install
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} REDIS_URL=$${REDIS_URL:-$(REDIS_URL_TEST)} \
		$(PY) scripts/check_services.py

test: check-services
	DATABASE_URL=$${DATABASE_URL:-$(DATABASE_URL_TEST)} REDIS_URL=$${REDIS_URL:-$(REDIS_URL_TEST)} \
		DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Extract strings into locale/*/django.po; after translating, compile the .mo
# files (committed, so `make run` needs no gettext).
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=var --no-obsolete
	$(PY) scripts/compile_messages.py

# Dump DATABASE_URL (default: the xinfang_drill database, filled with the demo county
# if empty), restore it into a new database, compare every table; see docs/operations.md.
restore-drill: install
	$(PY) scripts/restore_drill.py $(DRILL_ARGS)

# Load test: locust (clerks, liaisons, leaders) against gunicorn with 2 workers and
# the production settings; results into docs/benchmarks.md. Set LOAD_SECONDS (60),
# LOAD_USERS (30), LOAD_SPAWN_RATE, LOAD_PORT, DATABASE_URL (the bench database).
load: install
	$(PY) bench/load.py

# Benchmark (bench/README.md): BENCH_CASES cases (default a million) in the database
# DATABASE_URL (default xinfang_bench; made and seeded when missing), results
# into docs/benchmarks.md. CI runs it small: make bench BENCH_CASES=2000 BENCH_REPEAT=3.
BENCH_CASES ?= 1000000
BENCH_REPEAT ?= 20
BENCH_EXPORT_ROWS ?= 100000
bench-seed: install
	$(PY) -m bench.prepare --cases $(BENCH_CASES) $(BENCH_SEED_ARGS)

bench: bench-seed
	$(PY) -m bench.run --repeat $(BENCH_REPEAT) --export-rows $(BENCH_EXPORT_ROWS) $(BENCH_ARGS)

clean:
	rm -rf var/celery var/test-media test-artifacts
