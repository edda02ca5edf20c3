# The one place for commands. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The server and the links in its e-mails (SITE_URL, unless set) use the same port.
export PORT
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: install translations run test test-postgres fuzz bench fmt messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# PYTHONWARNINGS: setuptools warns on every editable install of a flat layout (a folder named
# like the package may shadow it); here that folder is the package itself, so the block of
# stars it prints says nothing.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

translations: install
	DEBUG=1 $(BIN)/python manage.py compile_translations

# Install, migrate the SQLite database under var/, load the starting data, make the first
# administrator, and serve on http://127.0.0.1:$(PORT)/.
run: translations
	mkdir -p var
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_starting_data
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py ensure_administrator --url http://127.0.0.1:$(PORT)/login/
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Lint, the import layers of ARCHITECTURE.md, and the whole test suite (browser tests run
# when Debian's Chromium is installed).
test: translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

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

clean:
	rm -rf $(VENV) var/static
