# Samverkan – the two commands: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# uv itself, when the machine has none, goes beside the venv (not inside: uv refuses a .venv without Python).
UV := $(shell command -v uv 2>/dev/null || echo .tools/uv/bin/uv)
# Development: the settings default to production (DEBUG off, SECRET_KEY required), so everything the
# Makefile runs (the server, migrations, the checks) asks for DEBUG on with a development-only key, unless the
# environment already chose.
export DEBUG ?= true
export SECRET_KEY ?= dev-only-insecure-key-never-used-in-production
# Extra pytest arguments: .ci/run uses them to run its slowest tests on one database only (markers in pyproject.toml).
PYTEST_ARGS ?=

.PHONY: install run test lint messages bench bench-quick demo clean

# Installs the locked dependencies into .venv (installing uv with pip first when it is missing).
install: $(VENV)/.installed node_modules/.installed

# The stamps hold the hashes of what was installed: a checkout whose files are newer but the same (a fresh
# worktree sharing the folders) installs nothing again.
$(VENV)/.installed: pyproject.toml uv.lock bin/install-system-packages
	@if sha256sum --check --status $@ 2>/dev/null; then touch $@; else \
	  bin/install-system-packages && \
	  { command -v uv >/dev/null 2>&1 || [ -x .tools/uv/bin/uv ] || python3 -m pip install --quiet --target .tools/uv uv; } && \
	  { [ -x "$(UV)" ] || { echo "uv not found"; exit 1; }; } && \
	  $(UV) sync --frozen --inexact && \
	  sha256sum $^ > $@; fi

# The tests' checkers (axe-core, the Nu Html Checker, ical.js), pinned in package-lock.json. No install
# scripts: vnu-jar's would try to download a Java runtime; the system's Java runs the jar.
node_modules/.installed: package.json package-lock.json
	@if sha256sum --check --status $@ 2>/dev/null; then touch $@; else \
	  npm ci --ignore-scripts --no-audit --no-fund && sha256sum $^ > $@; fi

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

run: install messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install messages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The benchmark (not a test): bench/run.py prints a table and writes bench/results.json. bench-quick is the
# small run CI makes so the benchmark keeps working.
bench: install messages
	$(PY) bench/run.py

bench-quick: install messages
	$(PY) bench/run.py --quick

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .tools staticfiles db.sqlite3
