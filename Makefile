# The few commands a person types. `make demo` sets everything up and serves the demo;
# `make test` runs the whole test suite (SQLite; `make test-postgres` for PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell bin/find-python)
# uv from PATH, or bootstrapped into .tools/ (a private venv: works where pip --user is refused).
UV ?= $(shell command -v uv 2>/dev/null || echo "$(CURDIR)/.tools/bin/uv")
RUN := $(UV) run --frozen --python $(PYTHON)
PG_URL ?= postgres://postgres@127.0.0.1:5432/congan

.PHONY: setup demo serve test test-postgres lint messages bench
setup:
	@$(UV) --version >/dev/null 2>&1 || { $(PYTHON) -m venv .tools && .tools/bin/pip install --quiet uv; }
	@$(UV) sync --frozen --python $(PYTHON) --quiet

demo: setup
	$(RUN) congan demo $(ARGS)

serve: setup
	$(RUN) congan serve

test: setup
	$(RUN) pytest $(ARGS)

test-postgres: setup
	CONGAN_DATABASE_URL=$(PG_URL) $(RUN) pytest $(ARGS)

lint: setup
	$(RUN) ruff check src tests $(wildcard bench)

# Each app keeps its own catalogue in src/congan/<app>/locale; fill the new msgstr lines, then run again.
messages: setup
	for app in src/congan/*/locale; do (cd $$(dirname $$app) && $(RUN) congan makemessages -l vi --no-obsolete --no-location && msgfmt --check -o locale/vi/LC_MESSAGES/django.mo locale/vi/LC_MESSAGES/django.po); done

bench: setup
	$(RUN) python bench/run_all.py
