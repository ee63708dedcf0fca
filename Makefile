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

.PHONY: run test install browser lint check-deploy pytest build-check postgres-test ci bench bench-wiki clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13, python3.12 or python3)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py seed_demo
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

check-deploy: install
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING

pytest: install browser
	$(PY) -m pytest

test: lint check-deploy pytest

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

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles
