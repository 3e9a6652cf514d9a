# twitchtree: `make run` opens the app on the bundled tree, `make test` runs every test.
# Both create .venv and install what they need; nothing is installed by hand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run test lint bench bench-serve fuzz clean

# pip compiles the installed modules to bytecode one file at a time; compileall does it on every core.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "twitchtree needs Python 3.11 or newer; set PYTHON=python3.x")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -e '.[test]'
	@# A file that does not compile (a package may ship one) is skipped, as pip's own compile step skips it.
	-$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/twitchtree $(ARGS)

# The tests run in one worker more than there are cores (pytest-xdist): about a third of the suite's
# time is spent waiting for servers, subprocesses, tmux and the browser, and the extra worker fills it.
# Each worker takes its share in file order and steals from the others when it runs out, so a few long
# tests at the end never leave a core idle. JOBS=0 runs them in this one process, JOBS=auto one per core.
JOBS ?= $(shell $(PYTHON) -c 'import os; print(len(os.sched_getaffinity(0)) + 1)' 2>/dev/null || echo auto)

test: $(STAMP)
	$(BIN)/pytest -n $(JOBS) --dist worksteal $(PYTEST_ARGS)
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
