"""CORS: off by default; the origins in NEXUS_API_CORS_ORIGINS may call /api/ (and nothing
else) from a browser, with a token rather than cookies."""

import pytest

from tests.core.test_settings_env import PRODUCTION, assert_one_line_naming, manage

ORIGIN = "http://localhost:5173"


def _preflight(client, path):
    return client.options(
        path,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, content-type, if-match",
    )


def test_no_origin_is_allowed_by_default(client, db, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = client.get("/api/v1/categories/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response
    assert "Access-Control-Allow-Origin" not in _preflight(client, "/api/v1/challenges/")


def test_a_configured_origin_may_call_the_api(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]

    preflight = _preflight(client, "/api/v1/challenges/")
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    allowed = preflight["Access-Control-Allow-Headers"]
    assert {"authorization", "content-type", "if-match"} <= set(allowed.split(", "))
    assert "Access-Control-Allow-Credentials" not in preflight  # tokens, not cookies

    response = client.get("/api/v1/categories/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in response["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/categories/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_only_the_api_answers_other_origins(client, db, settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    response = client.get("/wiki/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize("bad", ["localhost:5173", "https://app.example/", "ftp://x.example"])
def test_a_malformed_origin_stops_start_up(bad):
    result = manage("check", "--deploy", **PRODUCTION, NEXUS_API_CORS_ORIGINS=bad)
    assert_one_line_naming(result, "NEXUS_API_CORS_ORIGINS")


def test_origins_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CORS_ALLOWED_ORIGINS)",
        **PRODUCTION,
        NEXUS_API_CORS_ORIGINS="http://localhost:5173, https://app.example",
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1] == "['http://localhost:5173', 'https://app.example']"
    )
