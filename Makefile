# casegraph: `make demo` builds seeds/ into build/, `make test` runs ruff, mypy and pytest.
# Both set everything up on a fresh machine (a .venv here, and the system programs the tests drive).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SYSSTAMP := $(VENV)/.system-stamp

.PHONY: install system demo test lint typecheck unit bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system: $(SYSSTAMP)

$(SYSSTAMP): scripts/install-system-deps.sh | $(STAMP)
	bash scripts/install-system-deps.sh
	touch $(SYSSTAMP)

demo: install
	$(BIN)/casegraph build seeds --out build

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

unit: install system
	$(BIN)/pytest

test: lint typecheck unit

bench: install system
	$(BIN)/python bench/run.py

clean:
	rm -rf build bench/out .pytest_cache .mypy_cache .ruff_cache
