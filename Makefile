# Polyvox: `make demo` to try it, `make test` to check it. Everything installs into .venv.
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
UV := $(BIN)/uv
UV_VERSION := 0.13.9
APPS := $(patsubst polyvox/%/locale,%,$(wildcard polyvox/*/locale))
# Catalogues of every interface language but English (settings.LANGUAGES), as locale names.
LOCALES := fr es ar zh_Hans ru pt de hi sw

.PHONY: install install-dev demo test fuzz coverage lint bench bench-globalday messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(UV): | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)  ## the polyvox command and its runtime dependencies, pinned
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/base.txt
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .

install-dev: install  ## plus test, lint and type-check tools
	$(UV) pip install --quiet --python $(BIN)/python -r requirements/dev.txt

demo: install  ## SQLite database, the demo dialogue, a worker and the server on 127.0.0.1:$(PORT)
	$(BIN)/polyvox migrate --noinput -v0
	$(BIN)/polyvox demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops the server and the worker)"
	trap 'kill 0' EXIT; $(BIN)/polyvox worker & $(BIN)/polyvox serve --port $(PORT) --workers 2

# Test processes (pytest-xdist): one per core by default; JOBS=0 runs in this process.
JOBS ?= auto

test: install-dev  ## the whole suite (SQLite; set DATABASE_URL for PostgreSQL), same examples every run; COVERAGE=1 measures it
ifdef COVERAGE
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -n $(JOBS) --cov --cov-report=
	$(BIN)/coverage report
else
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest -n $(JOBS)
endif

fuzz: install-dev  ## the property-based tests only, exploring new and more examples each run
	HOSTILE_EXAMPLES=1000 $(BIN)/pytest -m hypothesis

coverage:  ## make test under coverage.py (branches), then the report and its floor
	$(MAKE) test COVERAGE=1

lint: install-dev  ## ruff, mypy strict on polyvox/ and tests/, the import layers
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy polyvox tests
	$(BIN)/lint-imports

bench: install-dev  ## every benchmark, each against its peer
	@for script in bench/*/run.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

bench-globalday: install-dev  ## the global day through nginx, 3 app servers, 2 workers (16 min; restarts PostgreSQL); CI=1: the 1-minute one
	$(BIN)/python bench/globalday/run.py $(if $(CI),--ci)

messages:  ## extract interface strings and compile the catalogues (needs GNU gettext)
	@for app in $(APPS); do (cd polyvox/$$app && ../../$(BIN)/polyvox makemessages $(addprefix -l ,$(LOCALES)) --add-location=file --no-obsolete -v0 && ../../$(BIN)/polyvox compilemessages -v0); done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache test-artifacts
