# Thi đua — the two everyday commands are `make run` and `make test`.
# Needs only Python 3.11 (as python3.11, or python3 if that is 3.11) and GNU make.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful `pip install`; older than a requirements file = install again.
STAMP := $(VENV)/.requirements-installed
REQUIREMENTS := requirements/base.txt requirements/dev.txt

HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-m smoke"`.
PYTEST_ARGS ?=
# pytest-xdist processes: one per core by default; `make test PYTEST_WORKERS=0` runs in this process only.
PYTEST_WORKERS ?= auto

# Playwright must never download a browser: the tests use Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help venv install run migrate load test lint messages bench worker beat clean distclean

help:
	@echo "make run        install if needed, migrate, load units and demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make test       install if needed, run pytest on every core (PYTEST_ARGS=..., PYTEST_WORKERS=0 for one process)"
	@echo "make install    create .venv and install requirements/dev.txt when it changed"
	@echo "make migrate    apply migrations"
	@echo "make lint       ruff check and format, djLint on the templates"
	@echo "make messages   update locale/vi .po files and compile them"
	@echo "make bench      run every benchmarks/*.py"
	@echo "make worker     a Celery worker (needs CELERY_BROKER_URL)"
	@echo "make beat       Celery beat (needs CELERY_BROKER_URL)"
	@echo "make clean      remove caches and collected static files; make distclean also removes .venv"

# ---------------------------------------------------------------- virtualenv and requirements
# Recreated when missing, or when its Python 3.11 or its pip no longer runs (e.g. the base Python moved).
venv:
	@if [ -x "$(PY)" ] && "$(PY)" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null \
	    && "$(PY)" -m pip --version >/dev/null 2>&1; then \
	    exit 0; \
	fi; \
	if command -v python3.11 >/dev/null 2>&1 && python3.11 -c 'import sys' 2>/dev/null; then \
	    base=python3.11; \
	elif command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then \
	    base=python3; \
	else \
	    echo "Python 3.11 is needed: install python3.11 (python3 here: '$$(python3 --version 2>/dev/null || true)')." >&2; \
	    exit 1; \
	fi; \
	echo "Creating $(VENV) with $$(command -v $$base) ($$($$base --version 2>&1))"; \
	rm -rf "$(VENV)"; \
	"$$base" -m venv "$(VENV)" || { \
	    echo "Could not create $(VENV) (on Debian or Ubuntu: apt-get install python3.11-venv)." >&2; \
	    rm -rf "$(VENV)"; exit 1; }

$(STAMP): $(REQUIREMENTS) | venv
	$(PY) -m pip install -r requirements/dev.txt
	@touch "$@"

# `venv` is phony, so check it every time, then install only if the stamp is out of date.
install: venv
	@$(MAKE) --no-print-directory "$(STAMP)"

# ---------------------------------------------------------------- the app
migrate: install
	$(PY) manage.py migrate --noinput

load: migrate
	$(PY) manage.py load_units --edition all
	$(PY) manage.py load_demo
	$(PY) manage.py setup_reminders

run: load
	@echo
	@echo "Thi đua is served at http://$(HOST):$(PORT)/  (Ctrl+C to stop)"
	@echo
	exec $(PY) manage.py runserver $(HOST):$(PORT)

worker: install
	exec $(VENV)/bin/celery -A config worker -l info

beat: install
	exec $(VENV)/bin/celery -A config beat -l info

# ---------------------------------------------------------------- checks
# Settings come from pyproject.toml (config.settings.test), whatever the calling shell exports.
# pytest exits 5 when it collected no test; make fails on any non-zero code, and says why.
test: install
	@status=0; env -u DJANGO_SETTINGS_MODULE $(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no test (exit 5): failing." >&2; fi; \
	exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

# .txt too: the e-mail templates (templates/registration/*.txt) hold translated strings.
messages: install
	$(PY) manage.py makemessages -l vi -e py,html,txt --no-obsolete --no-location \
	    --ignore=staticfiles --ignore=media --ignore=var --ignore=test-artifacts \
	    --ignore=tests --ignore=benchmarks --ignore=scripts --ignore=docs
	$(PY) manage.py compilemessages -l vi --ignore=.venv --ignore='.*' --ignore=staticfiles

# Every benchmarks/*.py except helpers whose name starts with "_".
bench: install
	@found=0; for f in benchmarks/*.py; do \
	    [ -e "$$f" ] || continue; \
	    case "$$(basename "$$f")" in _*) continue;; esac; \
	    found=1; echo "== $$f"; $(PY) "$$f"; \
	done; \
	if [ $$found -eq 0 ]; then echo "No benchmark in benchmarks/."; fi

# ---------------------------------------------------------------- cleaning
clean:
	rm -rf staticfiles test-artifacts .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
