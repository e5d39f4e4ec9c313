# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_DIR := run

.PHONY: run test test-slow lint format bench eval translations sample clean system-deps

$(STAMP): pyproject.toml
	@bash scripts/ensure-system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@bash scripts/ensure-system-deps.sh

# Opens the app on a fresh copy of the sample project (the checkout stays clean).
run: $(STAMP)
	$(BIN)/python scripts/prepare_sample.py $(RUN_DIR)
	$(BIN)/caption-studio $(RUN_DIR)/sample.capstudio

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow" -p no:cacheprovider tests

test-slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m slow -p no:cacheprovider tests

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks

format: $(STAMP)
	$(BIN)/ruff format src tests scripts benchmarks

# Benchmarks print ratios against reference tools (exiftool, vipsthumbnail, ...).
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py

clean:
	rm -rf $(VENV) $(RUN_DIR) build *.egg-info .pytest_cache .ruff_cache
