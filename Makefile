# The two commands of README.md: `make build` and `make test`.
# Both set up a fresh Debian 12 machine first (scripts/setup.sh is idempotent).

VENV := .venv/bin

.PHONY: setup build test lint typecheck pytest bench clean

setup:
	@bash scripts/setup.sh

## Install everything, then build the reader: build/html (site + DTS API) and build/pdf.
build: setup
	$(VENV)/reader validate
	$(VENV)/reader build --pdf

## Install everything, then run the whole test suite (lint, types, tests).
test: setup lint typecheck pytest

LINTED := reader tests $(wildcard bench) hatch_build.py

lint:
	$(VENV)/ruff check $(LINTED)
	$(VENV)/ruff format --check $(LINTED)
	$(VENV)/lint-imports --no-cache

typecheck:
	$(VENV)/mypy

pytest:
	$(VENV)/python -m pytest -q

bench: setup
	$(VENV)/python bench/run_all.py

clean:
	rm -rf build tests/artifacts bench/out
