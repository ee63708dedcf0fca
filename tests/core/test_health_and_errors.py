import json
import logging
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError
from django.test import Client

BASE_DIR = Path(__file__).resolve().parents[2]


def test_healthz_is_json_and_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db):
    from django.db.backends.utils import CursorWrapper

    def refuse(self, sql, params=None):
        raise DatabaseError("connection refused")

    # Only around the request: the test database's own teardown needs a working cursor.
    with mock.patch.object(CursorWrapper, "execute", refuse):
        response = client.get("/healthz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json()["status"] == "error"
    assert response.json()["database"] == "unreachable"


def test_unknown_path_gives_the_styled_404_with_site_layout(client, db):
    response = client.get("/definitely/not/here/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b'class="site-header"' in response.content
    assert b"Search the hub instead" in response.content


def test_forbidden_gives_the_styled_403(client, learner, other_learner):
    client.force_login(learner)
    response = client.get(f"/u/{other_learner.username}/edit/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"You can't do that" in response.content
    assert b'class="site-header"' in response.content


def test_server_error_shows_the_styled_500_without_a_traceback(db, settings):
    settings.ROOT_URLCONF = "tests.core.urls_broken"
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert b"Something went wrong on our side" in response.content
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


def test_server_error_logs_the_traceback_to_stderr_in_production():
    # A real process with production settings: what reaches stderr and what reaches the browser.
    script = (
        "import django; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.core.urls_broken'):\n"
        "    r = Client(raise_request_exception=False).get('/broken/', secure=True)\n"
        "print(r.status_code); print(r.content.decode())\n"
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-like-secret-key-for-this-test-0123456789",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.stdout.startswith("500\n"), result.stdout + result.stderr
    assert "Something went wrong on our side" in result.stdout
    assert "secret internals" not in result.stdout
    errors = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    failure = next(e for e in errors if e["logger"] == "django.request")
    assert failure["level"] == "ERROR"
    assert "RuntimeError: the secret internals of a failure" in failure["traceback"]


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="nexus.request")
    return caplog


def test_every_request_logs_one_structured_line(client, learner, request_log):
    client.force_login(learner)
    client.get("/u/ada/")
    records = [r for r in request_log.records if r.name == "nexus.request"]
    assert len(records) == 1
    record = records[0]
    assert (record.method, record.path, record.status) == ("GET", "/u/ada/", 200)
    assert record.user_id == learner.pk
    assert isinstance(record.duration_ms, float)


def test_request_line_is_one_json_object(client, db, request_log):
    from core.logging import JsonFormatter

    client.get("/no-such-page/")
    record = next(r for r in request_log.records if r.name == "nexus.request")
    line = JsonFormatter().format(record)
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["status"] == 404
    assert payload["path"] == "/no-such-page/"
    assert payload["user_id"] is None
    assert {"time", "level", "method", "duration_ms"} <= payload.keys()
