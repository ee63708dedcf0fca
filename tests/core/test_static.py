"""Static files: htmx is served (DEBUG and production), compressed and cache-busted; the
home page stays under 100 KB transferred."""

import gzip
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

ASSET_RE = re.compile(r'<(?:script|link)\b[^>]*?(?:src|href)="(/static/[^"]+)"')
PAGE_BUDGET = 100 * 1024

PRODUCTION_STATIC = {
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    },
    "WHITENOISE_USE_FINDERS": False,
    "WHITENOISE_AUTOREFRESH": False,
}


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """collectstatic once, as the Dockerfile does at build time."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, **PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, collected_static):
    settings.STATIC_ROOT = collected_static
    for name, value in PRODUCTION_STATIC.items():
        setattr(settings, name, value)
    # A new client builds a new middleware chain, so whitenoise reads these settings.
    return Client(headers={"accept-encoding": "gzip"})


def assets_of(html: str) -> list[str]:
    return ASSET_RE.findall(html)


def text_of(response) -> str:
    data = response.content
    if response.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return data.decode()


def test_home_links_the_bundled_htmx(client, db):
    html = client.get("/").content.decode()
    assert any("django_htmx/htmx-2" in url for url in assets_of(html))
    assert 'hx-headers=\'{"X-CSRFToken": "' in html


def test_every_asset_of_the_home_page_is_served_in_debug(client, db, settings):
    settings.DEBUG = True
    html = client.get("/").content.decode()
    urls = assets_of(html)
    assert any(url.endswith("django-htmx.js") for url in urls)  # the debug helper too
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.OK, url


def test_production_assets_are_cache_busted_compressed_and_long_cached(production_static, db):
    html = text_of(production_static.get("/"))
    urls = assets_of(html)
    htmx = next(url for url in urls if "django_htmx/htmx-2" in url)
    assert re.search(r"htmx-2\.min\.[0-9a-f]{12}\.js$", htmx), htmx
    for url in urls:
        response = production_static.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert "immutable" in response["Cache-Control"]
    js = production_static.get(htmx)
    assert js["Content-Encoding"] == "gzip"


def test_home_page_transfers_under_100_kb_compressed(production_static, db):
    call_command("seed_demo", verbosity=0)
    home = production_static.get("/")
    assert home.status_code == HTTPStatus.OK
    assert home["Content-Encoding"] == "gzip"
    total = len(home.content)
    for url in assets_of(text_of(home)):
        asset = production_static.get(url)
        total += len(b"".join(asset.streaming_content))
    assert total < PAGE_BUDGET, f"the home page transfers {total} bytes"


def _first_load(client, path: str) -> int:
    """Bytes on the wire for a first visit: the page (gzip) and every asset it links."""
    page = client.get(path, follow=True)
    assert page.status_code == HTTPStatus.OK, path
    total = len(page.content)
    for url in assets_of(text_of(page)):
        asset = client.get(url)
        assert asset.status_code == HTTPStatus.OK, url
        total += len(b"".join(asset.streaming_content))
    return total


def test_a_wiki_page_and_a_challenge_transfer_under_100_kb_compressed(production_static, db):
    from discussions.models import Challenge

    call_command("seed_demo", verbosity=0)
    challenge = Challenge.objects.get(title__icontains="celery tasks fail silently")
    for path in ("/wiki/celery/", challenge.get_absolute_url()):
        total = _first_load(production_static, path)
        assert total < PAGE_BUDGET, f"{path} transfers {total} bytes"
