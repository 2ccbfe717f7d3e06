# Live Studio Bot — every target uses the virtualenv at .venv, made from the development lock
# requirements/dev.txt (the runtime's, the optional extras' and the test tools' pins, docs/setup.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
CONFIG ?= config.toml
PYTEST_ARGS ?=
REQS := requirements
# The optional extras (requirements/<extra>.in, e.g. ocr.in): each locked between the runtime
# and dev, pinned to the runtime's versions.
EXTRAS := $(sort $(basename $(notdir $(filter-out $(REQS)/runtime.in $(REQS)/dev.in,$(wildcard $(REQS)/*.in)))))

.PHONY: demo test test-dates run bench migrate lint clean lock cjk-font

$(BIN)/python: $(REQS)/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r $(REQS)/dev.txt
	touch $(BIN)/python

lock: $(BIN)/python  ## refresh the locks from requirements/*.in (UPGRADE=1: to the newest allowed)
	cd $(REQS) && for name in runtime $(EXTRAS) dev; do \
	  CUSTOM_COMPILE_COMMAND="make lock" ../$(BIN)/pip-compile --quiet --strip-extras \
	    --allow-unsafe --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	    --output-file $$name.txt $$name.in || exit 1; \
	done

cjk-font: $(BIN)/python  ## the font the chart writes Chinese in (docs/setup.md): found, or installed
	@$(BIN)/python tools/cjk_font.py

demo: $(BIN)/python  ## the whole bot in the terminal, offline, with a small demo roster
	$(BIN)/python bot.py console

test: $(BIN)/python cjk-font  ## ruff, then the test suite
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
