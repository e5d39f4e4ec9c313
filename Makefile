# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
RUN_DIR := run

.PHONY: run test test-slow lint format bench bench-archive eval translations sample clean system-deps screenshots

$(STAMP): pyproject.toml
	@bash scripts/ensure-system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(BIN)/python -m compileall -q src > /dev/null  # fast starts also where bytecode is not written
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
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_metadata_read.py
	$(BIN)/python benchmarks/bench_import.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_gui.py

# The shared archive on a throw-away PostgreSQL server: publish 100,000 photos, search 1,000,000
# (about 15 minutes; `--photos`/`--scale` for a smaller run).
bench-archive: $(STAMP)
	$(BIN)/python benchmarks/bench_archive.py

# Quality harnesses with saved baselines (Picard's eval_matching style): they say whether a
# change to the caption parser or the matcher made things better or worse.
eval: $(STAMP)
	$(BIN)/python scripts/eval_captions/eval_captions.py
	$(BIN)/python scripts/eval_pairing/eval_pairing.py

# Walks the desk's first hour in the real window and redraws the README's screenshots
# (needs an X server to draw on: apt-get install xvfb fonts-wqy-microhei poppler-utils).
WALK := xvfb-run -a -s "-screen 0 1400x900x24" $(BIN)/python scripts/desk_walk.py docs/walk
screenshots: $(STAMP)
	@command -v xvfb-run > /dev/null || { echo "make screenshots needs xvfb-run: apt-get install xvfb fonts-wqy-microhei poppler-utils"; exit 1; }
	$(WALK)
	$(WALK) --language zh_CN
	rm -f docs/walk/08-contact-sheet-zh.png  # the PDF is the same in both languages

# Redraws the sample project's photos (committed; only needed after changing the script).
sample: $(STAMP)
	$(BIN)/python scripts/make_sample_photos.py sample_project

# Refresh the Chinese translation source from the code (then translate the new entries in
# Qt Linguist: $(BIN)/pyside6-linguist $(TS)). The .qm is compiled at first use into the
# user's cache by gui/i18n.py; `translations` also compiles one into build/ to check it.
TS := src/caption_studio/gui/assets/translations/caption_studio_zh_CN.ts
translations: $(STAMP)
	$(BIN)/pyside6-lupdate $$(find src/caption_studio/gui -name '*.py' | sort) \
		-source-language en -target-language zh_CN -no-obsolete -locations none -ts $(TS)
	@mkdir -p build
	$(BIN)/pyside6-lrelease $(TS) -qm build/caption_studio_zh_CN.qm

clean:
	rm -rf $(VENV) $(RUN_DIR) build *.egg-info .pytest_cache .ruff_cache
