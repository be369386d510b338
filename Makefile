# mentormatch: `make run` starts everything on SQLite with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
# Use uv from PATH when there is one; otherwise install it from PyPI into .tools/ (a private venv).
UV := $(or $(shell command -v uv 2>/dev/null),$(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --locked

.PHONY: run test lint typecheck pytest node-test bench sync clean

$(CURDIR)/.tools/bin/uv:
	@echo "uv not found: installing it from PyPI into .tools/"
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "mentormatch needs Python 3.12 or newer")'
	@$(PYTHON) -m venv $(CURDIR)/.tools && $(CURDIR)/.tools/bin/pip install --quiet uv

sync: $(UV)
	@$(UV) sync --locked --quiet

run: sync
	@$(RUN) python -m mentormatch.web.devrun

test: sync lint typecheck node-test pytest

lint: sync
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: sync
	$(RUN) mypy mentormatch

pytest: sync
	$(RUN) pytest $(PYTEST_ARGS)

node-test:
	@if [ -d appscript ]; then \
	  if command -v node >/dev/null 2>&1; then node --test appscript/tests/; \
	  else echo "node not found: skipping the Apps Script tests"; fi; fi

bench: sync
	$(RUN) python -m benchmarks

clean:
	rm -rf .venv .tools mentormatch.sqlite3 staticfiles
