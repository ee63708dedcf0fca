"""A failing upload store (a full disk, an unreachable bucket): the upload says so, the rest of
the site carries on, and /healthz reports the store. No 500."""

from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


class FullDiskStorage(FileSystemStorage):
    def _save(self, name, content):
        raise OSError(28, "No space left on device")


@pytest.fixture
def failing_store(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.faults.test_upload_store.FullDiskStorage"},
    }


def _png() -> SimpleUploadedFile:
    out = BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, "PNG")
    return SimpleUploadedFile("diagram.png", out.getvalue(), "image/png")


def test_editor_upload_to_a_failing_store_says_so(failing_store, learner_client):
    response = learner_client.post("/wiki/upload/", {"image": _png()}, headers=XHR)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "could not be stored just now" in response.json()["error"]
    assert "image_code" not in response.json()


def test_plain_upload_form_to_a_failing_store_says_so(failing_store, learner_client):
    response = learner_client.post("/wiki/upload/", {"image": _png()})

    assert response.status_code == HTTPStatus.OK
    assert b"could not be stored just now" in response.content
    assert b"Paste this into your page" not in response.content


def test_page_editing_works_while_the_store_fails(failing_store, learner_client):
    from knowledge.models import Category

    category = Category.objects.first()
    response = learner_client.post(
        "/wiki/new/",
        {"title": "Written while uploads fail", "body": "Text, no images.", "summary": "new",
         "category": category.pk},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    assert learner_client.get(response["Location"]).status_code == HTTPStatus.OK


def test_healthz_reports_the_failing_store_as_degraded(failing_store, client):
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "degraded"
    assert response.json()["storage"] == "unwritable"
