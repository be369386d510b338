# mentormatch: `make run` starts everything on SQLite with demo data; `make test` runs the whole suite.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
RUN := $(UV) run --locked

.PHONY: run test lint typecheck pytest node-test bench bootstrap sync migrate demo clean

bootstrap:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || { \
	  echo "Installing uv from PyPI..."; $(PYTHON) -m pip install --quiet --user uv || $(PYTHON) -m pip install --quiet uv; }

sync: bootstrap
	@$(UV) sync --locked --quiet

run: sync
	@$(RUN) python -m mentormatch.web.devrun

test: sync lint typecheck pytest node-test

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
	rm -rf .venv mentormatch.sqlite3 staticfiles
