# The two commands: `make demo` (set up, run the main job on the bundled example) and
# `make test` (set up, run the whole test suite). Both create .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test docs lint format bench bench-huge clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/relnet demo --out relnet-report

test: $(STAMP) lint
	$(PY) -m pytest -q

docs: $(STAMP)  # the site, offline, warnings as errors, the gallery scripts executed
	$(PY) -m pip install -q -e ".[docs]"
	$(PY) -m sphinx -W --keep-going -b html docs docs/_build/html

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks examples conftest.py
	$(VENV)/bin/ruff format --check src tests benchmarks examples conftest.py

format: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests benchmarks examples conftest.py
	$(VENV)/bin/ruff format src tests benchmarks examples conftest.py

bench: $(STAMP)
	$(PY) benchmarks/compare.py --sizes 1000 10000 100000

bench-huge: $(STAMP)
	$(PY) benchmarks/compare.py --sizes 1000 10000 100000 1000000

clean:
	rm -rf $(VENV) relnet-report .pytest_cache
