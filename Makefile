# Customer Service: Strategy, Technology and Management
#   make book   set up .venv if needed, then build the HTML book into _build/html (English) and
#               _build/html/zh (Chinese)
#   make test   set up .venv if needed, then run the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(abspath $(VENV))/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
# Notebooks must use the inline backend so that figures are saved in their outputs.
unexport MPLBACKEND
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# Keep compiled bytecode (and pytest's rewritten test modules) in __pycache__ even where the machine
# sets PYTHONDONTWRITEBYTECODE: without it every test process, kernel and build compiles the
# package and the tests again (about 8 s per pytest worker).
unexport PYTHONDONTWRITEBYTECODE

# Tests run on every core (pytest-xdist); tests/conftest.py makes each expensive step (executing
# the notebooks, building the book) run once per run, whichever worker needs it first.
JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
XDIST       := -n $(JOBS) --dist loadgroup
PYTEST_ARGS ?=
# Each run's temporary files (executed notebooks, the test build of the book) go here, removed at
# the start of the next run: away from the machine-wide /tmp/pytest-of-$USER, which other pytest
# runs clean up.
TEST_TMP    := --basetemp=$(abspath _build/test-run)
# make test-fast NB=ch05 adds the notebooks whose path contains "ch05" (chapter 5 and exercise set 5).
FAST_MARKS  := not book and not slow$(if $(NB),, and not notebook)

.PHONY: help install book instructor pdf pdf-zh pdf-check tex test test-fast lab serve outputs data freeze clean student grade translations translations-check

help:
	@echo "make book    build the book into _build/html, its Chinese edition into _build/html/zh (sets up .venv on first use)"
	@echo "make instructor  build the instructor edition (solutions, tests, grading notes) into _build/instructor/html"
	@echo "make test    run every test: package, data, notebooks (executed once), figures, book build, site, browser"
	@echo "make test-fast            the quick loop: the package's and the data's tests (no book, no notebooks)"
	@echo "make test-fast NB=ch05    ... plus the notebooks whose path contains ch05"
	@echo "make translations         after an English change: update the Chinese catalogues in locales/ (then translate)"
	@echo "make translations-check   is every Chinese catalogue complete and current?"
	@echo "make pdf     build the whole book as a PDF too (installs TeX with apt-get if needed)"
	@echo "make pdf-check            build the PDF and check it (pages, chapters, fonts, glyphs, numbering)"
	@echo "make pdf-zh  the Chinese edition as a PDF, into _build/zh/latex"
	@echo "make lab     open the notebooks in JupyterLab"
	@echo "make serve   preview the built book on http://localhost:$(PORT)"
	@echo "make outputs re-execute every notebook in place (after a deliberate change)"
	@echo "make data    regenerate servicelab/datasets/ from the seeded generators (servicelab/synth)"
	@echo "make student write student copies and grading bundles of the exercise sets to build/exercises"
	@echo "make grade SUBMISSIONS=folder   grade handed-in notebooks (in a sandbox) into build/grades/gradebook.csv"
	@echo "make clean   remove builds and caches (keeps .venv)"

$(STAMP): requirements.txt pyproject.toml tools/ipython_kernel_config.json
	@test -x $(BIN)/python || { echo "creating virtual environment in $(VENV)"; $(PYTHON) -m venv $(VENV); }
	@echo "installing pinned requirements (first run takes a few minutes) ..."
	$(BIN)/python -m pip install --disable-pip-version-check --no-input --progress-bar off -r requirements.txt
	@# Kernels run on this machine's loopback only; keep their start-up notice out of the build log.
	@mkdir -p $(VENV)/etc/ipython && cp tools/ipython_kernel_config.json $(VENV)/etc/ipython/
	@touch $(STAMP)

# Browser assets (MathJax served with the book, axe-core for the accessibility tests), pinned in package-lock.json.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { test "$$(id -u)" = 0 && command -v apt-get >/dev/null \
	  && { echo "installing npm with apt-get ..."; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } \
	  || { echo "npm is needed (Node.js): install it, e.g. 'apt-get install npm'"; exit 1; }; }
	npm ci --no-audit --no-fund
	@touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

# The English edition, then the Chinese one from the same notebooks' outputs (the cache) and the
# catalogues in locales/zh_CN (tools/i18n.py), into the English site's zh/ folder.
book: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tools/warm_cache.py _build
	$(BIN)/jupyter-book build --warningiserror --keep-going .
	$(BIN)/python tools/i18n.py build --lang zh_CN --jobs $(JOBS)
	@echo
	@echo "Book built. Open $(abspath _build/html/index.html) (English) or $(abspath _build/html/zh/index.html)"
	@echo "(中文) in a browser, or run 'make serve'."

# After the English text changes: extract it (Sphinx's gettext builder, from the cache) and
# update the catalogues with sphinx-intl; changed paragraphs become fuzzy, new ones empty.
translations: $(STAMP)
	$(BIN)/python tools/warm_cache.py _build
	$(BIN)/python tools/i18n.py update --lang zh_CN
	@echo "Now translate what 'make translations-check' lists (locales/zh_CN/LC_MESSAGES/<page>.po)."

translations-check: $(STAMP)
	$(BIN)/python tools/warm_cache.py _build
	$(BIN)/python tools/i18n.py check --lang zh_CN

# The instructor edition: the same book, with the exercise sets' solutions, tests and grading
# notes (tools/editions.py).  Not for students: publish _build/html (make book) instead.  It reads
# the notebooks' outputs from the public build's cache, so nothing is executed twice.
instructor: $(STAMP) $(NODE_STAMP)
	$(BIN)/python tools/warm_cache.py _build
	$(BIN)/python tools/editions.py instructor --out _build/instructor --cache _build/.jupyter_cache

# The whole book as one PDF (XeLaTeX), then the HTML book again, which links it from every page's
# download menu.  Installs Debian's TeX packages (about 500 MB) with apt-get when they are missing:
# XeLaTeX and latexmk, xeCJK (texlive-lang-cjk) and the ctex hooks it loads (texlive-lang-chinese),
# the Latin and Chinese fonts, and poppler-utils for the PDF checks.
TEX_PACKAGES := texlive-xetex latexmk texlive-latex-extra texlive-fonts-recommended texlive-lang-cjk \
                texlive-lang-chinese fonts-freefont-otf fonts-wqy-microhei poppler-utils
PDF := _build/latex/customer-service.pdf
tex:
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdffonts >/dev/null \
	  && kpsewhich xeCJK.sty >/dev/null && kpsewhich ctexhook.sty >/dev/null \
	  && fc-list | grep -q "WenQuanYi Micro Hei" && fc-list | grep -q FreeSerif \
	  || { test "$$(id -u)" = 0 || { echo "make pdf needs: apt-get install $(TEX_PACKAGES)"; exit 1; }; \
	       echo "installing TeX with apt-get (about 500 MB) ..."; apt-get update -qq \
	       && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
	            --no-install-recommends $(TEX_PACKAGES); }

# REUSE=_build/test-run/executed takes the notebooks make test just executed (CI does; see .ci/run).
$(PDF): $(STAMP) $(NODE_STAMP) tex
	$(BIN)/python tools/warm_cache.py _build $(if $(REUSE),--reuse $(REUSE))
	$(BIN)/jupyter-book build --builder pdflatex .
	@test -s $(PDF) || { echo "no PDF was written: see _build/latex/customer-service.log"; exit 1; }

# The Chinese edition as one PDF, with the same TeX set-up: _build/zh/latex/customer-service.pdf.
pdf-zh: $(STAMP) $(NODE_STAMP) tex
	$(BIN)/python tools/warm_cache.py _build
	$(BIN)/python tools/i18n.py pdf --lang zh_CN

pdf: $(PDF)
	$(BIN)/jupyter-book build --warningiserror --keep-going .
	@echo
	@echo "PDF: $(abspath $(PDF)), linked from the HTML book's download menu."

# Build the PDF and check it: tests/test_pdf.py (page count, the nine chapters, embedded CJK font,
# no missing glyphs in the XeLaTeX log, the course's chapter numbers).
pdf-check: $(PDF)
	PDF_CHECK=1 $(BIN)/python -m pytest -v -ra -m pdf $(PYTEST_ARGS) tests/test_pdf.py

test: $(STAMP) $(NODE_STAMP)
	@mkdir -p _build  # pytest makes --basetemp itself, but not its parent (a fresh clone has no _build)
	$(BIN)/python -m pytest $(XDIST) $(TEST_TMP) -v -ra --durations=15 $(PYTEST_ARGS) servicelab tests

test-fast: $(STAMP)
	@mkdir -p _build
	HYPOTHESIS_PROFILE=fast TEST_SCOPE=package TEST_NOTEBOOKS="$(NB)" $(BIN)/python -m pytest $(XDIST) \
	  --basetemp=$(abspath _build/test-fast-run) -q -m "$(FAST_MARKS)" $(PYTEST_ARGS) servicelab tests

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=.

serve:
	@test -f _build/html/index.html || { echo "no built book yet: run 'make book' first"; exit 1; }
	@echo "serving the book on http://localhost:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

outputs: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

data: $(STAMP)
	$(BIN)/python -m servicelab.synth

student: $(STAMP)
	$(BIN)/python tools/student.py exercises --out build/exercises

# Student notebooks run in a bubblewrap sandbox (tools/sandbox.py); as root on Debian, install it if missing.
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade SUBMISSIONS=folder-of-notebooks [GRADE_OPTIONS=...]"; exit 2; }
	@command -v bwrap >/dev/null || case " $(GRADE_OPTIONS) " in *" --no-sandbox "*) ;; *) \
	  test "$$(id -u)" = 0 && command -v apt-get >/dev/null \
	  && { echo "installing bubblewrap with apt-get ..."; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; } \
	  || true;; esac
	@test -n "$$(ls build/exercises/autograder/*.json 2>/dev/null)" || $(MAKE) --no-print-directory student
	$(BIN)/python tools/grade.py "$(SUBMISSIONS)" --bundles build/exercises/autograder --out build/grades $(GRADE_OPTIONS)

freeze: $(STAMP)
	@{ echo "# Every package pinned exactly: notebook outputs are compared byte for byte."; \
	   echo "# Regenerate with: make freeze"; \
	   echo "# jsonschema is held at 4.23.0: from 4.24 on it imports rfc3987-syntax, whose grammar takes about"; \
	   echo "# 3 s to compile in every process that imports nbformat (pytest and its workers, each book build,"; \
	   echo "# each otter run); benchmarks/test_speed.py measures it."; \
	   $(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e'; \
	   echo "# The book's own package, installed editable so notebooks see local changes."; \
	   echo "-e ."; } > requirements.txt.new && mv requirements.txt.new requirements.txt

clean:
	rm -rf _build build .pytest_cache .hypothesis
	find . -name __pycache__ -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
	find . -name .ipynb_checkpoints -type d -not -path './$(VENV)/*' -prune -exec rm -rf {} +
