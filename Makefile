# Project Nexus: `make run` and `make test` do all their own set-up on a fresh machine.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
# Python >= 3.12: prefer 3.13 (.python-version), then 3.12, then whatever python3 is.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# Production-like settings for `check --deploy`: no DEBUG, a real secret, SMTP, HTTPS.
DEPLOY_ENV := DJANGO_DEBUG=0 \
	SECRET_KEY=check-deploy-a-long-random-string-used-for-the-check-only-$$RANDOM$$RANDOM \
	ALLOWED_HOSTS=nexus.example.org CSRF_TRUSTED_ORIGINS=https://nexus.example.org \
	EMAIL_HOST=smtp.example.org

# Coverage of the app code (pyproject.toml [tool.coverage]); the floor is today's level less a
# small margin (93.9% on 2 December 2026): raise it as tests are added, never lower it to let
# a change in.
COVERAGE_FLOOR ?= 93
# Workers for the tests that need no browser (the browser tests share one live server).
XDIST ?= auto
UV_VERSION := 0.13.9
LOCK_ARGS := --generate-hashes --universal --python-version 3.12 --quiet \
	--custom-compile-command "make lock"

.PHONY: run test install lock browser lint check-deploy pytest build-check postgres-test ci audit bench bench-wiki bench-shed bench-hub screenshots clean

# Every direct and indirect dependency, pinned with hashes (requirements.lock: dev + prod;
# requirements-prod.lock: what the Dockerfile installs). Rebuilt when the lock changes.
$(VENV)/.installed: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13, python3.12 or python3)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

# After changing the dependencies in pyproject.toml: pins what changed, keeps the other pins.
# (uv in a throwaway venv; markers cover Python 3.12 and newer on every platform.)
lock:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed."; exit 1; }
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv" && "$$tmp/venv/bin/pip" install --quiet uv==$(UV_VERSION) && \
	"$$tmp/venv/bin/uv" pip compile pyproject.toml --extra dev $(LOCK_ARGS) -o requirements.lock && \
	"$$tmp/venv/bin/uv" pip compile pyproject.toml $(LOCK_ARGS) -o requirements-prod.lock

# The web server and the task worker side by side (notifications, e-mails printed to this
# console), as in production; Ctrl-C stops both.
run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
	@DJANGO_DEBUG=1 $(PY) manage.py db_worker --queue-name '*' --no-reload --no-startup-delay & \
	worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	echo "Task worker started (pid $$worker): notifications and e-mails are delivered."; \
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Debian's chromium for the browser tests: Playwright cannot download its own browsers here.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq && \
		$$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium >/dev/null; }

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/lint-imports

# Known vulnerabilities in the locked dependencies (pip-audit; needs PyPI: one line and a pass
# when it cannot be reached). ruff's security rules ("S") run in `lint` with the others.
audit: install
	scripts/audit.sh

check-deploy: install
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

# The tests that need no browser on $(XDIST) workers, then the browser tests on as many
# workers, each with its own live server, database and Chromium; coverage adds both
# runs up and fails below the floor.
pytest: install browser
	$(PY) -m pytest -n $(XDIST) -m "not browser" --cov --cov-report=
	$(PY) -m pytest -n $(XDIST) -m browser --cov --cov-append --cov-report=term \
		--cov-fail-under=$(COVERAGE_FLOOR)

test:
	@started=$$(date +%s); \
	$(MAKE) --no-print-directory lint check-deploy pytest; rc=$$?; \
	echo "make test: $$(( $$(date +%s) - started ))s in all ($$([ $$rc = 0 ] && echo passed || echo FAILED))"; \
	exit $$rc

# The Dockerfile's build steps without Docker: fresh venv, collectstatic, gunicorn, /healthz.
build-check:
	scripts/build_check.sh

# The suite again against PostgreSQL and Redis on 127.0.0.1 (skipped if they do not answer).
postgres-test: install browser
	scripts/pg_redis_pass.sh

ci:
	.ci/run

# Search at 100,000 pages + 100,000 challenges (long: builds the data set first).
bench: install
	$(PY) bench/search_bench.py

# The wiki against django-wiki, same content, one run (first run: makes bench/.venvs/django-wiki).
bench-wiki: install
	$(PY) bench/wiki_bench.py

# Load shedding: gunicorn (production settings) at twice its saturating load for 60 s, with wrk
# and an open-loop client; prints each status's count and the p50 of the pages served.
bench-shed: install
	$(PY) bench/shed_bench.py

# Every main page under gunicorn + wrk against the ceiling and django-wiki (bench/README.md).
# Makes a small hub in a temporary database; HUB_BENCH_ARGS adds e.g.
# --db full=sqlite:////path/full.sqlite3 (made by `manage.py generate_hub --scale full`).
HUB_BENCH_ARGS ?= --generate small
bench-hub: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) bench/hub_bench.py $(HUB_BENCH_ARGS)

# The gallery in docs/screenshots/ (desktop and phone, light and dark) from a fresh demo.
SHOTS_PORT ?= 8799
screenshots: install browser
	@db="$$(mktemp -d)/shots.sqlite3"; export DJANGO_DEBUG=1 DATABASE_URL="sqlite:///$$db"; \
	$(PY) manage.py migrate --noinput -v0 && $(PY) manage.py seed_demo >/dev/null && \
	{ $(PY) manage.py runserver 127.0.0.1:$(SHOTS_PORT) --noreload >/dev/null 2>&1 & server=$$!; \
	  trap 'kill $$server 2>/dev/null' EXIT; sleep 3; \
	  $(PY) scripts/screenshots.py http://127.0.0.1:$(SHOTS_PORT); }

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .coverage .coverage.*
