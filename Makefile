# The one place for commands. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The server and the links in its e-mails (SITE_URL, unless set) use the same port.
export PORT
# Exact versions with hashes (pip-tools), the dev extras included; pyproject.toml keeps the
# ranges they are chosen from (`make lock` after changing them).
LOCK := requirements.lock
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

.PHONY: install translations run test test-fast test-postgres fuzz bench fmt messages lock audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# --no-deps: the lock already holds every package; resolving again would let a dependency's
# extras (weasyprint asks for fonttools[woff]) pull a newer, unhashed release. pip check below
# proves the locked set is whole.
# PYTHONWARNINGS: setuptools warns on every editable install of a flat layout (a folder named
# like the package may shadow it); here that folder is the package itself, so the block of
# stars it prints says nothing.
$(STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "$(LOCK) lacks what pyproject.toml asks for: run make lock"; exit 1; }
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

translations: install
	DEBUG=1 $(BIN)/python manage.py compile_translations

# Install, migrate the SQLite database under var/, load the starting data, make the first
# administrator, and serve on http://127.0.0.1:$(PORT)/, with the background worker (large
# imports) beside the server: started again if it stops (SQLite locked too long), stopped
# when the server stops.
run: translations
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_starting_data
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_administrator --url http://127.0.0.1:$(PORT)/login/
	( while kill -0 $$$$ 2>/dev/null; do \
	    DEBUG=$${DEBUG:-1} $(BIN)/python manage.py db_worker --no-reload --verbosity 0; sleep 2; \
	  done ) & worker=$$!; \
	trap 'pkill -P $$worker 2>/dev/null; kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Lint, the import layers of ARCHITECTURE.md, types, and the whole test suite (browser tests
# run when Debian's Chromium is installed).
test: translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=1 $(BIN)/mypy
	$(BIN)/python -m pytest -q

# The inner loop: ruff, then the suite on SQLite without the browser tests, in two processes.
test-fast: translations
	$(BIN)/ruff check .
	env -u DATABASE_URL $(BIN)/python -m pytest -q -m 'not e2e' -n 2

test-postgres: translations
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/python -m pytest -q

# A longer API fuzzing run than the suite's: many more generated requests per operation, and
# schemathesis's coverage phase (every boundary of every parameter).
fuzz: translations
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} FUZZ_COVERAGE=1 $(BIN)/python -m pytest -q -p no:cacheprovider waishi/core/tests/test_api_fuzz.py

bench: translations
	$(BIN)/python bench/run.py

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the .po files after changing strings (needs GNU gettext: apt-get install gettext).
messages: install
	for app in waishi/*/; do \
	  if [ -d $$app/locale ]; then (cd $$app && DEBUG=1 ../../$(BIN)/python ../../manage.py makemessages -l zh_Hans --no-obsolete --no-location >/dev/null); fi; \
	done

# Write requirements.lock again from pyproject.toml: the versions pinned now stay where the
# ranges allow, new dependencies are added (UPGRADE=1 takes the newest each range allows).
lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(BIN)/pip-compile --quiet --generate-hashes --extra dev --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) -o $(LOCK) pyproject.toml

# Known vulnerabilities in the locked versions. Needs the network (PyPI's vulnerability data;
# `--vulnerability-service osv` for OSV); --strict fails when a package could not be checked.
audit: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "pip-audit>=2.7,<3"
	$(BIN)/pip-audit --strict --disable-pip --require-hashes -r $(LOCK)

clean:
	rm -rf $(VENV) var/static
