"""The Content-Security-Policy and Permissions-Policy every response carries, and the templates
that keep to them (no inline script or style, so the strict policy breaks nothing)."""

import json
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.test import Client

from tests.core.test_settings_env import manage
from tests.factories import make_challenge, make_page

BASE_DIR = Path(__file__).resolve().parents[2]

# What the README promises, directive by directive ('nonce-…' stands for the request's nonce).
PROMISED = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce-…'"],
    "style-src": ["'self'", "'nonce-…'"],
    "img-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# A response that renders no template (a redirect, a plain 500 page) has no nonce to offer.
WITHOUT_NONCE = {**PROMISED, "script-src": ["'self'"], "style-src": ["'self'"]}
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{16,})'")


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        assert name not in directives, f"{name} twice in {header}"
        directives[name] = [NONCE.sub("'nonce-…'", v) for v in values]
    return directives


def nonce_of(response) -> str:
    found = NONCE.search(response.headers["Content-Security-Policy"])
    assert found, response.headers["Content-Security-Policy"]
    return found.group(1)


@pytest.fixture
def pages(db, learner):
    page = make_page("Connection pooling", "Pools keep connections open.")
    challenge = make_challenge("Why is my pool exhausted?", "It happens under load.")
    return [
        "/",
        "/wiki/",
        page.get_absolute_url(),
        "/challenges/",
        challenge.get_absolute_url(),
        "/search/?q=pool",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
        f"/u/{learner.username}/",
    ]


def test_every_page_sends_the_promised_policy(client, learner, pages):
    for logged_in in (False, True):
        if logged_in:
            client.force_login(learner)
        for url in pages:
            response = client.get(url)
            assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND, 404}, url
            promised = WITHOUT_NONCE if response.status_code == HTTPStatus.FOUND else PROMISED
            assert policy(response) == promised, url


def test_htmx_fragments_and_refusals_carry_the_policy_too(learner_client, db):
    challenge = make_challenge("Deadlocks on two rows", "Both sessions wait.")
    fragment = learner_client.get(
        "/search/suggest/?q=dead", headers={"HX-Request": "true"}, follow=True
    )
    assert fragment.status_code == HTTPStatus.OK
    assert policy(fragment)["frame-ancestors"] == ["'none'"]
    refused = Client().post(challenge.get_absolute_url() + "comments/", {"body": "hello"})
    assert policy(refused)["script-src"][0] == "'self'"


def test_the_nonce_is_new_on_every_request_and_matches_the_page(client, db, settings):
    # Rendered pages (a page-cache hit renders nothing: its header has no nonce, and the
    # stale nonce left in its HTML allows nothing, as every script is a file from 'self').
    settings.NEXUS_PAGE_CACHE = False
    first, second = client.get("/"), client.get("/")
    assert nonce_of(first) != nonce_of(second)
    for response in (first, second):
        # The htmx script tags carry it (django-htmx reads csp_nonce from the context).
        assert f'nonce="{nonce_of(response)}"' in response.content.decode()


def test_permissions_policy_turns_off_what_the_site_never_uses(client, db):
    header = client.get("/").headers.get("Permissions-Policy", "")
    features = dict(item.strip().split("=", 1) for item in header.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert features.get(feature) == "()", header


def test_the_500_page_has_the_policy_and_a_style_sheet_it_allows(db, settings):
    settings.ROOT_URLCONF = "tests.core.urls_broken"
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert policy(response) == WITHOUT_NONCE
    body = response.content.decode()
    assert "<style" not in body
    assert '<link rel="stylesheet" href="/static/css/error.css">' in body
    assert (BASE_DIR / "static/css/error.css").is_file()


def test_htmx_is_set_up_to_need_no_inline_style_and_no_eval(client, db):
    body = client.get("/").content.decode()
    meta = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', body)
    assert meta, "no htmx-config meta"
    config = json.loads(meta.group(1))
    assert config["includeIndicatorStyles"] is False
    assert config["allowEval"] is False
    assert 5_000 <= config["timeout"] <= 30_000  # a stalled request is told, not left spinning


INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<script\b(?![^>]*\bsrc=)", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on…= event handler"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\shx-on", re.I), "an hx-on handler (needs eval)"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for path in sorted((BASE_DIR / "templates").rglob("*")):
        if path.suffix not in {".html", ".svg"} or "email" in path.parts:
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(BASE_DIR)}:{line}: {what}")
    assert not found, "\n".join(found)


def test_image_origins_follow_the_upload_bucket_and_the_operator(tmp_path):
    show = "from django.conf import settings; print(' '.join(settings.SECURE_CSP['img-src']))"
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        DJANGO_DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="nexus-uploads",
        AWS_S3_REGION_NAME="eu-west-1",
        NEXUS_CSP_IMG_ORIGINS="https://cdn.example.org, https://img.example.org/path",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "'self'",
        "https://cdn.example.org",
        "https://img.example.org",
        "https://nexus-uploads.s3.amazonaws.com",
        "https://nexus-uploads.s3.eu-west-1.amazonaws.com",
    ]
    minio = manage(
        "shell",
        "--no-imports",
        "-c",
        show,
        DJANGO_DEBUG="1",
        AWS_STORAGE_BUCKET_NAME="nexus-uploads",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert minio.stdout.split() == ["'self'", "http://127.0.0.1:9000"]


def test_a_malformed_image_origin_stops_start_up_with_one_line(tmp_path):
    result = manage(
        "check", DJANGO_DEBUG="1", NEXUS_CSP_IMG_ORIGINS="cdn.example.org; script-src *"
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "NEXUS_CSP_IMG_ORIGINS" in lines[0], result.stderr


def test_in_debug_the_site_stays_strict_and_django_debug_pages_stay_readable():
    show = "from django.conf import settings; print(' '.join(settings.SECURE_CSP['style-src']))"
    debug = manage("shell", "--no-imports", "-c", show, DJANGO_DEBUG="1")
    assert debug.returncode == 0, debug.stderr
    # 'unsafe-inline' counts only where no nonce is given: Django's debug pages, never the site's.
    assert debug.stdout.split() == ["'self'", "<CSP_NONCE_SENTINEL>", "'unsafe-inline'"]
