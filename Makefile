# twitchtree: `make run` opens the app on the bundled tree, `make test` runs every test.
# Both create .venv and install what they need; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint bench bench-serve fuzz clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "twitchtree needs Python 3.11 or newer; set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

run: $(STAMP)
	$(BIN)/twitchtree $(ARGS)

# The tests run on every core (pytest-xdist); JOBS=0 runs them in this one process.
JOBS ?= auto

test: $(STAMP)
	$(BIN)/pytest -n $(JOBS) $(PYTEST_ARGS)
	$(BIN)/twitchtree check trees
	$(BIN)/twitchtree test trees

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bench-serve: $(STAMP)
	$(BIN)/python -m benchmarks.serve

fuzz: $(STAMP)
	TWITCHTREE_FUZZ_EXAMPLES=$${TWITCHTREE_FUZZ_EXAMPLES:-20000} $(BIN)/pytest tests/test_fuzz.py tests/test_properties.py -p no:cacheprovider

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
