"""Posting too fast answers 429 with a clear message and the learner's text; nothing is saved.
(Flags have their own tests in tests/moderation.)"""

from http import HTTPStatus

import pytest

from discussions import services as discussions
from discussions.models import Challenge
from knowledge import services as wiki
from knowledge.models import Category

pytestmark = pytest.mark.django_db

TEXT = "A carefully written answer about Redis eviction."


@pytest.fixture
def targets(learner, other_learner):
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    page = wiki.page_create(title="Redis", category=guides, body="First.", author=other_learner)
    challenge = discussions.challenge_create(author=other_learner, title="Evictions", body="?")
    return {"page": page, "challenge": challenge}


def _post(client, action, targets, n):
    page, challenge = targets["page"], targets["challenge"]
    if action == "challenge":
        return client.post("/challenges/new/", {"title": f"Question {n}", "body": TEXT})
    if action == "solution":
        return client.post(f"/challenges/{challenge.pk}/solutions/", {"body": f"{TEXT} {n}"})
    if action == "comment":
        return client.post(f"/challenges/{challenge.pk}/comments/", {"body": f"{TEXT} {n}"})
    page.refresh_from_db()
    return client.post(
        f"/wiki/{page.slug}/edit/",
        {"title": "Redis", "category": page.category_id, "body": f"{TEXT} {n}",
         "base_revision": page.current_revision.number},
    )  # fmt: skip


def _saved(action, targets) -> int:
    page, challenge = targets["page"], targets["challenge"]
    return {
        "challenge": lambda: Challenge.objects.filter(author__username="ada").count(),
        "solution": lambda: challenge.solutions.count(),
        "comment": lambda: challenge.comments.count(),
        "page_edit": lambda: page.revisions.count() - 1,
    }[action]()


@pytest.mark.parametrize("action", ["challenge", "solution", "comment", "page_edit"])
def test_posting_too_fast_answers_429_with_the_text(settings, learner_client, targets, action):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, action: "1/3600"}
    assert _post(learner_client, action, targets, 1).status_code == HTTPStatus.FOUND
    response = _post(learner_client, action, targets, 2)

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response["Retry-After"]
    html = response.content.decode()
    assert "You are doing that too often" in html
    assert f"{TEXT}" in html  # what they typed comes back
    assert _saved(action, targets) == 1


def test_a_rate_limited_comment_through_htmx_replaces_the_page(settings, learner_client, targets):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "comment": "1/3600"}
    url = f"/challenges/{targets['challenge'].pk}/comments/"
    hx = {"HX-Request": "true"}
    learner_client.post(url, {"body": "first"}, headers=hx)
    response = learner_client.post(url, {"body": TEXT}, headers=hx)
    assert response.status_code == HTTPStatus.OK  # htmx swaps only 2xx answers
    assert response["HX-Retarget"] == "body"
    assert "You are doing that too often" in response.content.decode()
    assert TEXT in response.content.decode()
    assert targets["challenge"].comments.count() == 1
