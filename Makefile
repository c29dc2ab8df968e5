# The course's commands. `make lab` and `make test` each set up .venv on their own.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb)) $(sort $(wildcard notebooks/zh/[0-9][0-9]_*.ipynb))
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: lab lab-zh test nbval browser execute html student handout slides bench setup constraints clean lint help

# pytest-xdist workers: one per physical core, at most 4 (each browser worker runs its own
# JupyterLab and Chromium). `make test WORKERS=0` runs in one process.
WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(WORKERS) --maxprocesses 4
# What `make nbval` runs: the unit tests and both editions (benchmarks/suite.py times each edition alone).
NBVAL_PATHS ?= tests notebooks
NBVAL_RUN := $(PYTEST) --nbval --nbval-current-env -m "not browser" --ignore=tests/classroom $(PYTEST_ARGS) $(NBVAL_PATHS)
BROWSER_RUN := $(PYTEST) -m browser $(PYTEST_ARGS) tests/browser

## (Re)create .venv when it is missing or older than pyproject.toml / constraints.txt.
# setup, lab and test run course.py: the same commands without make, for Windows.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) course.py setup

## Create .venv and install the course with the exact pins (what lab and test do first).
setup: $(STAMP)

## Serve JupyterLab on loopback, opening the first notebook (prints the URL if no browser opens); no news pop-up.
lab: $(STAMP)
	$(PYTHON) course.py lab

## The Chinese edition (中文版) in JupyterLab, its menus in Chinese too.
lab-zh: $(STAMP)
	$(PYTHON) course.py lab --lang zh

## Everything: the pytest --nbval run and the real-browser tests (course.py test), then the classroom server's tests.
test: $(STAMP)
	$(PYTHON) course.py test --workers $(WORKERS) $(PYTEST_ARGS)
	$(MAKE) --no-print-directory classroom-test

## Every unit test and every notebook cell (nbval compares each cell's stored text output).
nbval: $(STAMP)
	$(NBVAL_RUN)

## The real-browser tests: JupyterLab in Chromium. INITVIZ_SCREENSHOTS=1 keeps pictures of every
## notebook and explorer in tests/browser/screenshots/ (a failure is always pictured).
browser: $(STAMP)
	$(BROWSER_RUN)

## Re-run every notebook in place, top to bottom, in a fresh kernel (what nbval then checks).
execute: $(STAMP)
	@for nb in $(or $(NB),$(NOTEBOOKS)); do echo "executing $$nb"; \
	  $(BIN)/python scripts/execute_notebook.py "$$nb" || exit 1; done

## A static site of the executed notebooks in site/ (explorers shown as their figures).
html: $(STAMP)
	$(BIN)/python scripts/build_site.py notebooks site

## The student edition in build/student/: every notebook without its solutions (exercises still check answers).
student: $(STAMP)
	$(BIN)/python scripts/build_student.py build/student

## The course on one page, printed by Chromium: build/handout/handout-a4.pdf and handout-letter.pdf (from docs/handout.md).
handout: $(STAMP)
	$(BIN)/python scripts/build_handout.py build/handout

## Offline slide decks in build/slides/: each notebook's predict-first stops and key figures (reveal.js fetched once by npm).
slides: $(STAMP)
	$(BIN)/python scripts/build_slides.py build/slides

.PHONY: platforms
## Resolve the pins for Linux, macOS and Windows on every supported Python (registry metadata only; a table).
platforms: $(STAMP)
	$(BIN)/python scripts/check_platforms.py

## Time the suite, the notebooks and every explorer (printed as a table).
bench: $(STAMP)
	$(BIN)/python -m benchmarks

## Rewrite constraints.txt from what .venv holds now (after changing a version on purpose).
constraints:
	{ echo "# Exact versions that produced the stored notebook outputs (pip install -c constraints.txt)."; \
	  echo "# Regenerate with: make constraints"; \
	  $(BIN)/python -m pip freeze --exclude-editable | sed 's/+cpu//'; } > constraints.txt

## Remove .venv, the site, the build outputs (student, handout, slides) and caches.
clean:
	rm -rf $(VENV) site build .pytest_cache

## ruff check, ruff format --check (code and notebook cells) and mypy on initviz.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

## This list of targets.
help:
	@awk '/^## /{doc = doc (doc ? " " : "") substr($$0, 4); next} \
	  /^[a-z][a-z-]*:/{if (doc) printf "  make %-17s %s\n", substr($$1, 1, length($$1) - 1), doc} {doc = ""}' $(MAKEFILE_LIST)

# The classroom server: JupyterHub on this machine for the whole class (classroom/README.md).
.PHONY: classroom classroom-setup classroom-test classroom-roster classroom-bench
CLASSROOM_STAMP := $(VENV)/.classroom-installed
CLASSROOM_PROXY := classroom/node_modules/.bin/configurable-http-proxy

$(CLASSROOM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,classroom]'
	@touch $@

$(CLASSROOM_PROXY): classroom/package.json classroom/package-lock.json
	@if command -v npm >/dev/null; then cd classroom && npm ci --no-audit --no-fund --loglevel=error && touch ../$@; \
	elif [ -n "$$CI" ]; then echo "npm is missing: the classroom server needs Node.js and npm" >&2; exit 1; \
	else echo "npm not found: the classroom tests will be skipped (install Node.js and npm to run them)"; fi

## JupyterHub and its idle culler (pip, the `classroom` extra) and configurable-http-proxy (npm, in classroom/).
classroom-setup: $(CLASSROOM_STAMP) $(CLASSROOM_PROXY)

## Serve the course to a class on the room's network (PORT=8000); asks for a class password (or CLASSROOM_PASSWORD).
classroom: PORT ?= 8000
classroom: classroom-setup
	$(BIN)/python classroom/serve.py --port $(PORT)

## The classroom server's tests: real hubs on loopback refusing what they must refuse (about a minute).
classroom-test: classroom-setup
	$(PYTEST) $(PYTEST_ARGS) tests/classroom

## Per-student accounts instead of one class password: make classroom-roster N=30
classroom-roster: classroom-setup
	$(BIN)/python classroom/serve.py --new-roster $(or $(N),30)

## The load test: 5, 10 and 20 simulated students on loopback (about 6 minutes; writes benchmarks/results/).
classroom-bench: classroom-setup
	$(BIN)/python -m benchmarks.classroom
