# Two commands on a fresh machine: `make demo` and `make test`.
# Both create the project-local virtual environment (.venv) on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-oldest bench lint docs clean

# the planner's modules that setup.py compiles (NATIVE_MODULES in _compiled.py): an edit
# rebuilds them, or the installed extensions would shadow it
NATIVE_SRC := $(patsubst %,src/flopscope/%.py,$(shell sed -n '/^NATIVE_MODULES = (/,/^)/p' \
	src/flopscope/_compiled.py | grep -o '"_[a-z_]*"' | tr -d '"'))

$(STAMP): pyproject.toml setup.py src/flopscope/_speedups.c src/flopscope/_compiled.py $(NATIVE_SRC)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)  ## run examples/first_budget.py under a budget and print the summary
	$(BIN)/flopscope run examples/first_budget.py --budget 1e8

test: $(STAMP)  ## the whole test suite, over the compiled dispatch and the pure-Python one
	$(BIN)/python -m pytest -n 2 -q
	FLOPSCOPE_PURE_PYTHON=1 $(BIN)/python -m pytest -n 2 -q

OLDEST := .venv-oldest
test-oldest:  ## the whole suite against the oldest supported NumPy (2.0), in its own venv
	test -x $(OLDEST)/bin/python || $(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet 'numpy==2.0.*' -e '.[test]'
	$(OLDEST)/bin/python -m pytest -n 2 -q
	FLOPSCOPE_PURE_PYTHON=1 $(OLDEST)/bin/python -m pytest -n 2 -q

bench: $(STAMP)  ## speed and memory targets, as ratios against plain NumPy
	$(BIN)/python benchmarks/overhead.py
	$(BIN)/python benchmarks/oplog_memory.py
	$(BIN)/python benchmarks/einsum_paths.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples scripts
	$(BIN)/ruff format --check src tests benchmarks examples scripts
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(OLDEST) build dist src/*.egg-info .pytest_cache .hypothesis src/flopscope/*.so
