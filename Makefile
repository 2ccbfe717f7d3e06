# Live Studio Bot — every target uses the virtualenv at .venv, made from requirements.txt.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= config.toml
PYTEST_ARGS ?=

.PHONY: demo test test-dates run bench migrate lint clean

# requirements/ocr.txt (screenshot reading) is optional for a deployment; the tests exercise it.
$(BIN)/python: requirements.txt requirements/ocr.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -r requirements/ocr.txt
	touch $(BIN)/python

demo: $(BIN)/python  ## the whole bot in the terminal, offline, with a small demo roster
	$(BIN)/python bot.py console

test: $(BIN)/python  ## ruff, then the test suite
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-dates: $(BIN)/python  ## the suite again with the wall clock moved forward (faketime)
	PYTHON=$(BIN)/python tools/test_at_dates.sh $(PYTEST_ARGS)

run: $(BIN)/python  ## the bot for real (needs config.toml with the token)
	$(BIN)/python bot.py --config $(CONFIG)

migrate: $(BIN)/python
	$(BIN)/python bot.py --config $(CONFIG) migrate

bench: $(BIN)/python  ## figures, not tests
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
