"""Image uploads cannot exhaust a worker's memory (issue 11, 8).

A 166 KB 6300×6300 PNG passed the old 40 Mpx cap and cost ~330 MB to re-encode; ten at once
took a worker to 3.8 GB. Now: the size in the header is checked before anything is decoded
(16 Mpx at most, said in the error), JPEGs are decoded at a reduced scale, a few decodes at a
time per process (a busy server says "try again in a moment"), and uploads are rate-limited.
"""

import struct
import zlib
from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from knowledge import uploads

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims `width` × `height` pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def _jpeg(size) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, "JPEG", quality=50)
    return out.getvalue()


@pytest.fixture
def decodes(monkeypatch):
    """Every pixel decode Pillow does, as the size it decoded at."""
    seen = []
    load = ImageFile.ImageFile.load

    def spy(self):
        if self.tile:  # something left to decode
            seen.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return seen


def _upload(client, data: bytes, name="shot.png", content_type="image/png", **headers):
    upload = SimpleUploadedFile(name, data, content_type)
    return client.post(reverse("knowledge:image_upload"), {"image": upload}, headers=headers)


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # refused anyway
@pytest.mark.parametrize("size", [(6300, 6300), (100_000, 100_000), (4100, 4100)])
def test_a_tiny_png_claiming_too_many_pixels_is_refused_before_decoding(
    learner_client, decodes, size
):
    data = png_claiming(*size)
    assert len(data) < 200

    response = _upload(learner_client, data, **XHR)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    width, height = size
    error = response.json()["error"]
    assert error.endswith("images may have at most 16 megapixels. Make it smaller and try again.")
    if width * height < 32_000_000:  # past twice the limit Pillow refuses to say more
        assert error.startswith(
            f"That image is {width:,}×{height:,} pixels ({width * height / 1e6:.1f} megapixels)"
        )
    assert decodes == []


def test_the_limit_is_in_the_plain_form_too(learner_client):
    response = _upload(learner_client, png_claiming(6300, 6300))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "images may have at most 16 megapixels" in html
    assert "at most 2.0\xa0MB and 16 megapixels" in html


def test_pillow_itself_refuses_past_the_limit():
    assert Image.MAX_IMAGE_PIXELS == uploads.MAX_PIXELS == 16_000_000


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(learner_client, decodes, settings):
    response = _upload(learner_client, _jpeg((4000, 3000)), "photo.jpg", "image/jpeg", **XHR)

    assert response.status_code == HTTPStatus.OK
    assert decodes, "the image was decoded"
    assert all(w <= 2000 and h <= 1500 for w, h in decodes), decodes  # 1/2 scale, not full
    stored = settings.MEDIA_ROOT / response.json()["image_code"][len("![](/media/") : -1]
    assert Image.open(stored).size == (1600, 1200)


def test_a_busy_server_says_try_again_rather_than_queueing(learner_client, monkeypatch):
    monkeypatch.setattr(uploads, "DECODE_WAIT_SECONDS", 0)
    held = [uploads.DECODES.acquire(blocking=False) for _ in range(uploads.CONCURRENT_DECODES)]
    assert all(held)
    try:
        response = _upload(learner_client, _small_png(), **XHR)
    finally:
        for _ in held:
            uploads.DECODES.release()

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == (
        "The server is busy with other images. Try again in a moment."
    )
    # And once a slot is free, the same upload goes through.
    assert _upload(learner_client, _small_png(), **XHR).status_code == HTTPStatus.OK


def _small_png() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return out.getvalue()


def test_uploads_are_rate_limited(learner_client, settings):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "upload": "2/3600"}

    first = _upload(learner_client, _small_png(), **XHR)
    second = _upload(learner_client, _small_png(), **XHR)
    third = _upload(learner_client, _small_png(), **XHR)
    plain = _upload(learner_client, _small_png())

    assert first.status_code == second.status_code == HTTPStatus.OK
    assert third.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "You are doing that too often" in third.json()["error"]
    assert plain.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "You are doing that too often" in plain.content.decode()


def test_the_default_settings_limit_uploads(settings):
    assert settings.NEXUS_RATE_LIMITS["upload"] == "30/3600"
