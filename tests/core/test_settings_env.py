"""Start-up refuses a missing or malformed environment with one line naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "nexus.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://nexus.example.org",
    "EMAIL_HOST": "smtp.example.org",
}


def manage(*args, **env):
    # A clean environment: nothing from the developer's shell or from pytest leaks in.
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_naming(result, variable):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_secret_key_without_debug_stops_with_one_line():
    result = manage("check", ALLOWED_HOSTS="nexus.example.org")
    assert_one_line_naming(result, "SECRET_KEY")


def test_debug_runs_without_a_secret_key():
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_missing_allowed_hosts_in_production_is_named():
    env = {**PRODUCTION}
    del env["ALLOWED_HOSTS"]
    assert_one_line_naming(manage("check", **env), "ALLOWED_HOSTS")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "postgres://user:pw@db:notaport/nexus"),
        ("DATABASE_URL", "mongodb://db/nexus"),
        ("DATABASE_URL", "not a url at all"),
        ("REDIS_URL", "http://cache:6379/0"),
        ("REDIS_URL", "redis://cache:port/0"),
        ("REDIS_URL", "redis://cache:6379/zero"),
        ("DB_CONN_MAX_AGE", "ten minutes"),
        ("EMAIL_PORT", "smtp"),
        ("NEXUS_AUTO_HIDE_FLAGS", "three"),
        ("DJANGO_DEBUG", "maybe"),
        ("TASK_BACKEND", "celery"),
        ("NEXUS_RATE_COMMENT", "thirty per minute"),
        ("CSRF_TRUSTED_ORIGINS", "nexus.example.org"),
    ],
)
def test_malformed_variable_stops_with_one_line_naming_it(variable, value):
    result = manage("check", **{**PRODUCTION, "EMAIL_HOST": "smtp.example.org", variable: value})
    assert_one_line_naming(result, variable)


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_production_without_smtp():
    env = {**PRODUCTION}
    del env["EMAIL_HOST"]
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "mail.E001" in result.stderr


def test_uploads_go_to_s3_when_a_bucket_is_set():
    script = (
        "import django; django.setup()\n"
        "from django.core.files.storage import storages\n"
        "print(type(storages['default']).__name__)\n"
    )
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "project.settings",
           "DJANGO_DEBUG": "1", "AWS_STORAGE_BUCKET_NAME": "nexus-uploads"}  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.stdout.strip() == "S3Storage", result.stderr
