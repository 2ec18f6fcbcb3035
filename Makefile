# Two commands: `make run` sets up and serves the site with demo data on embedded defaults,
# `make test` sets up and runs the whole suite. Both keep the environment in .venv/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUN_READY := $(VENV)/.run-ready
TEST_READY := $(VENV)/.test-ready
PO := $(wildcard publisher/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)

.PHONY: run test bench fuzz lint translations lock demo-files clean

run: $(RUN_READY) $(MO)
	$(BIN)/opendata init
	$(BIN)/opendata demo --if-empty
	$(BIN)/opendata serve

test: $(TEST_READY) $(MO)
	$(BIN)/lint-imports
	$(BIN)/pytest

bench: $(TEST_READY) $(MO)
	$(BIN)/python -m benchmarks

# For developers: fuzz the file readers for a while (findings go in tests/data/fuzz-findings/).
fuzz: $(TEST_READY)
	rm -rf var/fuzz-corpus && mkdir -p var/fuzz-corpus && cp fuzz/seeds/* var/fuzz-corpus/
	$(BIN)/python fuzz/readers.py var/fuzz-corpus -max_total_time=$${FUZZ_SECONDS:-600} -rss_limit_mb=1500

lint: $(TEST_READY)
	$(BIN)/lint-imports

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_READY): requirements/run.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/run.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(TEST_READY): requirements/test.txt $(RUN_READY)
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $@

%.mo: %.po | $(RUN_READY)
	$(BIN)/pybabel compile --input-file $< --output-file $@

# For developers: refresh the catalogue after changing user-facing text, then translate what is new.
translations: $(RUN_READY)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ --no-location --sort-output --omit-header -o publisher/translations/messages.pot .
	$(BIN)/pybabel update -i publisher/translations/messages.pot -d publisher/translations --no-fuzzy-matching --ignore-obsolete --width 100

# For developers: re-pin dependencies after changing pyproject.toml.
lock: $(TEST_READY)
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras --no-header -o requirements/run.txt pyproject.toml
	$(BIN)/pip-compile --quiet --no-emit-index-url --no-emit-find-links --strip-extras --no-header --extra test -o requirements/test.txt pyproject.toml

demo-files: $(RUN_READY)
	$(BIN)/python scripts/build_demo_files.py

clean:
	rm -rf $(VENV) var .pytest_cache
