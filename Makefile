# Vertelpunt developer entry points. `make run` and `make test` work on a fresh clone: with
# DATABASE_URL / REDIS_URL unset they start an embedded PostgreSQL and Redis under .data/
# (see vertelpunt/embedded.py).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so the venv is only rebuilt when pyproject.toml changes.
STAMP := $(VENV)/.installed
# Wraps a command with the embedded services when the environment does not name real ones
# (manage.py does the same by itself; pytest and the production-settings check need it).
EMBEDDED := $(BIN)/python -m vertelpunt.embedded --
PYTEST_ARGS ?=

.PHONY: venv run demo test lint check-deploy clean clean-data test-faults bench bench-soak bench-profile backup restore messages

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	touch $(STAMP)

run: venv
	$(BIN)/python -m vertelpunt.devrun

# Development only: a few thousand demo stories and one demo account per staff role; prints
# each account's password. Refuses with DJANGO_DEBUG=0.
demo: venv
	$(BIN)/python manage.py make_demo

# Redis database 1 for tests: a `make run` sharing the embedded Redis must not take the test
# suite's Celery tasks off database 0.
test: venv
	VERTELPUNT_REDIS_DB=1 $(EMBEDDED) $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) check-deploy

# Django's deployment checklist with production settings (as docker-compose sets them): no
# warning may remain. The secret is a throwaway one, made up for this check only.
check-deploy: venv
	DJANGO_DEBUG=0 ALLOWED_HOSTS=vertelpunt.example.org SECURE_SSL_REDIRECT=1 \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	$(EMBEDDED) $(BIN)/python manage.py check --deploy --fail-level WARNING

# The gettext catalogs (locale/): every marked string of the code and templates into the .po
# files, then compiled to the .mo files Django reads; both are committed, so running the app
# needs no gettext tools. Needs xgettext, msgmerge and msgfmt (Debian: gettext).
CATALOG_LANGUAGES := en ar tr pl uk
MESSAGES_IGNORE := -i .venv -i .data -i node_modules -i artifacts -i bench -i tests -i staticfiles
messages: venv
	$(BIN)/python manage.py makemessages $(foreach l,$(CATALOG_LANGUAGES),-l $(l)) --add-location=file $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages $(MESSAGES_IGNORE)

clean:
	rm -rf $(VENV)

# Deletes the embedded databases: every story told locally is gone afterwards.
clean-data:
	rm -rf .data

# --- Proof under load and faults ------------------------------------------------------------
# The fault tests start their own PostgreSQL and Redis (bench/sandbox.py) and stop,
# pause and restart those; `make test` runs them too.
test-faults: venv
	$(BIN)/pytest -m faults tests/faults $(PYTEST_ARGS)

# Load harness: gunicorn + private PostgreSQL/Redis, complete teller flows on loopback, the
# bare-INSERT view and pgbench in the same run; bare view and flows in 3 rounds, the median
# reported. BENCH_ARGS="--rounds 5 --tellers 16 --duration 30" etc.
BENCH_ARGS ?=
bench: venv
	$(BIN)/python -m bench.load $(BENCH_ARGS)

# At full size: 200 concurrent tellers for 60 s, every acknowledged story
# stored exactly once.
bench-soak: venv
	$(BIN)/python -m bench.load --soak --tellers 200 --duration 60 --timeout 120 $(BENCH_ARGS)

# CPU per teller request in one process, through the WSGI handler as gunicorn calls it;
# PROFILE_ARGS=--cprofile (or --html out.html, --queries) says where it goes.
bench-profile: venv
	$(BIN)/python -m bench.profile_flow --stories 200 $(PROFILE_ARGS)

# pg_dump (custom format) of DATABASE_URL into backups/ (git-ignored); with DATABASE_URL
# unset, of the embedded database.
backup: venv
	$(EMBEDDED) $(BIN)/python -m vertelpunt.backup dump --dir backups

# make restore FILE=backups/vertelpunt-....dump [DATABASE=name]: into a new database.
restore: venv
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/<name>.dump [DATABASE=name]"; exit 2)
	$(EMBEDDED) $(BIN)/python -m vertelpunt.backup restore "$(FILE)" $(if $(DATABASE),--database $(DATABASE))
