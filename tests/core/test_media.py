"""Uploaded files served by the site itself (no bucket): a small hardened view instead of
django.views.static.serve, which Django calls unfit for production (issue 11, 13)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

HASHED = "wiki-images/2026/12/0b6f1c52-8a3e-4f7e-9d55-3f1c2a9b7e10.png"


@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    (root / "wiki-images/2026/12").mkdir(parents=True)
    (root / HASHED).write_bytes(b"\x89PNG\r\n\x1a\n fake")
    (root / "wiki-images/2026/12/photo.JPG").write_bytes(b"\xff\xd8\xff fake")
    (root / "wiki-images/2026/12/page.html").write_bytes(b"<script>alert(1)</script>")
    (root / "wiki-images/2026/12/drawing.svg").write_bytes(b"<svg onload='alert(1)'/>")
    (root.parent / "secret.txt").write_bytes(b"not for the web")
    return root


def test_an_uploaded_image_is_served_with_its_type_and_locked_down(client, media):
    response = client.get(f"/media/{HASHED}")

    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content) == b"\x89PNG\r\n\x1a\n fake"
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "Content-Disposition" not in response
    # A hashed name never changes content: cache it for a year.
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_image_with_an_ordinary_name_is_cached_briefly(client, media):
    response = client.get("/media/wiki-images/2026/12/photo.JPG")

    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("name", ["page.html", "drawing.svg"])
def test_anything_not_an_image_is_a_download_never_a_page(client, media, name):
    response = client.get(f"/media/wiki-images/2026/12/{name}")

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "%2e%2e/secret.txt",
        "wiki-images/../../secret.txt",
        "wiki-images/2026/12/",
        "wiki-images",
        "nothing-here.png",
        "/etc/passwd",
        "wiki-images/2026/12/%00.png",
    ],
)
def test_only_files_under_media_root_are_served(client, media, path):
    response = client.get(f"/media/{path}")

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"not for the web" not in response.content


def test_head_works_and_writes_are_refused(client, media):
    assert client.head(f"/media/{HASHED}").status_code == HTTPStatus.OK
    assert client.post(f"/media/{HASHED}").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_url_is_the_hardened_view(media):
    from django.urls import resolve

    from core.views import media as media_view

    assert resolve(f"/media/{HASHED}").func is media_view
    assert reverse("media", args=[HASHED]) == f"/media/{HASHED}"
