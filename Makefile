# Hawl: `make demo` runs the platform with demo data; `make test` runs every check.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://hawl:hawl@127.0.0.1:5432/hawl
HOST ?= 127.0.0.1:8000

.PHONY: demo test setup setup-dev lint test-sqlite test-postgres messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.runtime: $(BIN)/python requirements.txt constraints.txt pyproject.toml
	$(BIN)/pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints.txt
	touch $@

setup: $(VENV)/.runtime
	$(BIN)/hawl compile-messages
	$(BIN)/hawl collectstatic --no-input --verbosity 0

setup-dev: $(VENV)/.dev setup

demo: setup
	$(BIN)/hawl migrate --no-input
	$(BIN)/hawl load-reference
	$(BIN)/hawl seed --scale demo
	@echo "Hawl is at http://$(HOST)/ (stop it with Ctrl+C)"
	$(BIN)/hawl runserver --insecure $(HOST)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Tests that do not drive a browser run on two workers (pytest-xdist); the browser tests share
# one live server seeded once, so they run in one process after them.
PYTEST_FAST := $(BIN)/pytest -n 2 -m "not browser"
PYTEST_BROWSER := $(BIN)/pytest -m browser

test: setup-dev
	scripts/test-deps.sh
	$(MAKE) lint
	$(PYTEST_FAST)
	$(PYTEST_BROWSER)
	DATABASE_URL=$(PG_URL) $(PYTEST_FAST)
	DATABASE_URL=$(PG_URL) $(PYTEST_BROWSER)

test-sqlite: setup-dev
	$(PYTEST_FAST)
	$(PYTEST_BROWSER)

test-postgres: setup-dev
	scripts/test-deps.sh
	DATABASE_URL=$(PG_URL) $(PYTEST_FAST)
	DATABASE_URL=$(PG_URL) $(PYTEST_BROWSER)

messages: setup-dev
	$(BIN)/hawl makemessages -l cy --no-location --no-obsolete --ignore=.venv --ignore=frontend
	$(BIN)/hawl compile-messages

bench: setup
	$(BIN)/hawl bench --scale wales

clean:
	rm -rf $(VENV) hawl.sqlite3* staticfiles
