# Muscle Memory, Computed: build the book, run the tests, measure.
#   make book    execute every notebook and build the HTML book into _build/html
#   make test    run the whole test suite (unit tests, notebooks, book build)
#   make bench   time each notebook cold and warm, each explorable's callback, and
#                the built book's pages in a browser (builds the book first)
#   make lab     open the notebooks in JupyterLab
#   make student the student edition, without solutions, in _build/student: notebooks to
#                hand out (with requirements.txt and memsim) and its HTML book (html/)
#   make check   ruff (lint and format), mypy and the fast unit tests, in under a minute
#   make lint    ruff and mypy only
# Each target creates .venv and installs the pinned requirements it needs.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Per-notebook execution timeout in seconds: set once, as execute.timeout in
# _config.yml, and used by the book build, nbmake and make bench alike.
NB_TIMEOUT := $(shell sed -n 's/^  timeout: *\([0-9][0-9]*\).*/\1/p' _config.yml)
export NB_TIMEOUT
# The execution cache is keyed on notebook code only; a change to memsim must
# invalidate it, or the book would show results of the old models.
MEMSIM_SOURCES := $(shell find memsim -name "*.py" -o -path "memsim/data/*" -type f)

.PHONY: book test bench lab clean check check-tools lint venv widget-js student student-notebooks

check-tools:
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found. Install Python 3.11 (or run make PYTHON=/path/to/python3.11)." >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "error: $(PYTHON) is not Python 3.11; Brian2 2.9.0 and the pins in requirements.txt need 3.11." >&2; exit 1; }
	@command -v g++ >/dev/null || { echo "error: g++ not found. Brian2's cpp_standalone device compiles the spiking networks; install it (Debian/Ubuntu: apt-get install g++)." >&2; exit 1; }

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(MAKE) --no-print-directory check-tools
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP)

# The widget JavaScript for the offline book, from the npm registry (needs node;
# without it the book still builds, with the widget JS from CDNs, and says so).
WIDGET_JS := .vendor/static/widgets/embed-amd.js
$(WIDGET_JS): book/_widgets/package.json book/_widgets/fetch.sh
	bash book/_widgets/fetch.sh

widget-js: $(WIDGET_JS)

_build/.memsim-stamp: $(MEMSIM_SOURCES)
	rm -rf _build/.jupyter_cache _build/.doctrees _build/html _build/jupyter_execute
	mkdir -p _build && touch $@

book: $(STAMP) _build/.memsim-stamp widget-js
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is at: $(CURDIR)/_build/html/index.html"

# The student edition's notebooks run under nbmake too, with their exercise
# cells left for the learner.
test: $(STAMP) _build/.memsim-stamp widget-js lint student-notebooks
	$(BIN)/python -m pytest tests notebooks $(STUDENT)/notebooks --nbmake --nbmake-timeout=$(NB_TIMEOUT) --durations=25

# ruff's rules and mypy's settings are in pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The fast unit tests: no notebook, book, wheel or browser, and no test marked
# slow (those compile or run a spiking network for seconds).
check: lint
	$(BIN)/python -m pytest tests -q -p no:cacheprovider -m "not (book or notebooks or packaging or slow)"

# The student edition: the same chapters with the solutions removed (see
# book/_ext/student_edition.py). Its book reuses the reader's book's execution
# cache, as the notebooks' code is the same.
STUDENT := _build/student
student-notebooks: $(STAMP)
	$(BIN)/python book/_ext/student_edition.py $(STUDENT)

student: student-notebooks _build/.memsim-stamp widget-js
	$(BIN)/jupyter-book build . --config $(STUDENT)/_config.yml --path-output $(STUDENT) -W -n --keep-going
	rm -rf $(STUDENT)/html && mv $(STUDENT)/_build/html $(STUDENT)/html
	@echo "The student edition: notebooks in $(CURDIR)/$(STUDENT)/notebooks, book at $(CURDIR)/$(STUDENT)/html/index.html"

bench: book
	$(BIN)/python benchmarks/bench.py --output _build/bench.json

lab: $(STAMP)
	$(BIN)/python -m pip install --quiet jupyterlab==4.6.6
	$(BIN)/jupyter lab notebooks

clean:
	rm -rf _build .cache .vendor
