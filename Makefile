# Two commands for a newcomer: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= $(or $(STREAMLIT_SERVER_PORT),8501)

.PHONY: run test test-fast system-deps bench clean-demo help

help:
	@echo "make run     - create .venv, install pinned requirements, serve the demo on port $(PORT)"
	@echo "make test    - install what the tests need (PostgreSQL start, Chromium, fonts) and run the suite"
	@echo "make bench   - performance figures (ratios against a bare Streamlit page) into bench/results/RESULTS.md"

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) manage.py init-db --demo-if-empty
	$(VENV)/bin/streamlit run asgi.py --server.port $(PORT)

system-deps:
	bash scripts/ensure_system_deps.sh

test: $(VENV)/.dev system-deps
	$(PY) -m pytest

test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not e2e"

bench: $(VENV)/.dev system-deps
	$(PY) -m bench.run

clean-demo:
	rm -f data/demo.sqlite3 data/demo.sqlite3-wal data/demo.sqlite3-shm
