from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from discussions.models import Challenge, Solution
from knowledge.models import Page

pytestmark = pytest.mark.django_db

XHR = {"x-requested-with": "XMLHttpRequest"}


def _png(size=(40, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


def test_image_upload_is_re_encoded_and_stored(learner_client, settings):
    upload = SimpleUploadedFile("shot.png", _png() + b"<script>trailing</script>", "image/png")

    response = learner_client.post(
        reverse("knowledge:image_upload"), {"image": upload}, headers=XHR
    )

    assert response.status_code == HTTPStatus.OK
    code = response.json()["image_code"]
    assert code.startswith("![](/media/wiki-images/") and code.endswith(".png)")
    stored = settings.MEDIA_ROOT / code[len("![](/media/") : -1]
    assert b"<script>" not in stored.read_bytes()
    assert Image.open(stored).size == (40, 30)


def test_non_image_upload_is_refused_with_a_message(learner_client):
    upload = SimpleUploadedFile("evil.png", b"<html><script>alert(1)</script>", "image/png")

    response = learner_client.post(
        reverse("knowledge:image_upload"), {"image": upload}, headers=XHR
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not an image" in response.json()["error"]


def test_wrong_content_type_is_refused(learner_client):
    upload = SimpleUploadedFile("notes.txt", b"hello", "text/plain")

    response = learner_client.post(
        reverse("knowledge:image_upload"), {"image": upload}, headers=XHR
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Only images" in response.json()["error"]


def test_oversized_upload_is_refused_with_a_message(learner_client, settings):
    settings.MARKDOWNX_UPLOAD_MAX_SIZE = 1000
    upload = SimpleUploadedFile("big.png", _png((400, 400)) + b"\0" * 2000, "image/png")

    response = learner_client.post(
        reverse("knowledge:image_upload"), {"image": upload}, headers=XHR
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "at most" in response.json()["error"]


def test_upload_without_javascript_shows_the_markdown(learner_client):
    upload = SimpleUploadedFile("shot.png", _png(), "image/png")

    response = learner_client.post(reverse("knowledge:image_upload"), {"image": upload})

    assert response.status_code == HTTPStatus.OK
    assert "![](/media/wiki-images/" in response.content.decode()


def test_upload_needs_login(client):
    response = client.post(reverse("knowledge:image_upload"))

    assert response.status_code == HTTPStatus.FOUND


# --- From answer to knowledge -----------------------------------------------------------------


@pytest.fixture
def solved_challenge(learner, other_learner, topic):
    challenge = Challenge.objects.create(
        author=learner, title="Celery tasks hang forever", body="My task never returns.",
        status=Challenge.Status.SOLVED,
    )  # fmt: skip
    challenge.topics.add(topic)
    Solution.objects.create(
        challenge=challenge, author=other_learner, body="Set a `time_limit` and retry.",
        is_accepted=True, accepted_at=timezone.now(),
    )  # fmt: skip
    return challenge


def test_new_page_from_challenge_is_prefilled(learner_client, solved_challenge, topic):
    url = reverse("knowledge:page_new") + f"?from_challenge={solved_challenge.pk}"

    response = learner_client.get(url)

    html = response.content.decode()
    assert 'value="Celery tasks hang forever"' in html
    assert "Set a `time_limit` and retry." in html
    assert f'name="from_challenge" value="{solved_challenge.pk}"' in html
    assert f'name="topics" value="{topic.pk}" id="id_topics_0" checked' in html


def test_saving_links_the_page_back_to_the_challenge(
    learner_client, solved_challenge, category, client
):
    learner_client.post(
        reverse("knowledge:page_new"),
        {"title": "Hanging Celery tasks", "category": category.pk, "body": "Use time limits.",
         "summary": "", "from_challenge": solved_challenge.pk},
    )  # fmt: skip

    page = Page.objects.get()
    solved_challenge.refresh_from_db()
    assert solved_challenge.wiki_page == page
    html = client.get(page.get_absolute_url()).content.decode()
    assert f"From challenge #{solved_challenge.pk}" in html
    assert solved_challenge.get_absolute_url() in html


def test_edit_from_challenge_appends_the_draft(learner_client, solved_challenge, make_page):
    page = make_page(title="Celery", body="Existing text.")
    url = (
        reverse("knowledge:page_edit", args=[page.slug]) + f"?from_challenge={solved_challenge.pk}"
    )

    html = learner_client.get(url).content.decode()

    assert "Existing text.\n\n### The problem" in html
    assert f'name="from_challenge" value="{solved_challenge.pk}"' in html


def test_someone_else_cannot_convert(client, solved_challenge):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    url = reverse("knowledge:page_new") + f"?from_challenge={solved_challenge.pk}"

    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


@pytest.mark.parametrize("value", ["abc", "999999"])
def test_bad_challenge_id_is_404(learner_client, value):
    url = reverse("knowledge:page_new") + f"?from_challenge={value}"

    assert learner_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_editor_wide_upload_url_uses_the_same_checks(learner_client):
    upload = SimpleUploadedFile("evil.png", b"not an image at all", "image/png")

    response = learner_client.post("/markdownx/upload/", {"image": upload}, headers=XHR)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not an image" in response.json()["error"]
