"""The contributions page and the watchlist (issue 12, "what users expect")."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from discussions import services
from discussions.models import ChallengeWatch
from knowledge import services as knowledge_services
from knowledge.models import Category, PageWatch
from moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(learner, other_learner):
    """Ada: 12 challenges, each with her comment, 12 solutions to Grace's, 12 wiki pages."""
    category = Category.objects.first()
    graces = services.challenge_create(author=other_learner, title="Grace's question", body="?")
    for n in range(12):
        challenge = services.challenge_create(
            author=learner, title=f"Ada's challenge number {n}", body="Text."
        )
        services.comment_create(target=challenge, author=learner, body=f"Comment {n}")
        services.solution_create(challenge=graces, author=learner, body=f"Answer {n}")
        knowledge_services.page_create(
            title=f"Page {n}", category=category, body="Body.", author=learner
        )
    return learner


def test_contributions_page_lists_everything_paginated(
    client, busy_learner, django_assert_max_num_queries
):
    url = reverse("hub:contributions", args=[busy_learner.username])
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "48 contributions" in html
    assert html.count('class="contribution ') == 20
    with django_assert_max_num_queries(8):
        last = client.get(url + "?page=3")
    assert last.content.decode().count('class="contribution ') == 8
    assert client.get(url + "?page=abc").status_code == HTTPStatus.OK


def test_contributions_hide_what_readers_may_not_see(client, learner, moderator):
    challenge = services.challenge_create(author=learner, title="Hidden one here", body="x")
    moderation.content_hide(moderator=moderator, target=challenge, reason="spam")
    services.challenge_create(author=learner, title="Visible one here", body="x")
    html = client.get(reverse("hub:contributions", args=[learner.username])).content.decode()
    assert "Visible one here" in html
    assert "Hidden one here" not in html


def test_the_profile_links_to_contributions(client, learner):
    html = client.get(learner.get_absolute_url()).content.decode()
    assert reverse("hub:contributions", args=[learner.username]) in html


def test_watchlist_lists_and_unwatches(
    learner_client, learner, other_learner, django_assert_max_num_queries
):
    category = Category.objects.first()
    for n in range(25):
        challenge = services.challenge_create(
            author=other_learner, title=f"Grace asks thing {n}", body="x"
        )
        services.challenge_watch(challenge=challenge, user=learner)
        page = knowledge_services.page_create(
            title=f"Watched page {n}", category=category, body="x", author=other_learner
        )
        knowledge_services.page_watch(page=page, user=learner)
    url = reverse("hub:watching", args=[learner.username])
    with django_assert_max_num_queries(10):
        response = learner_client.get(url)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'Challenges <span class="muted">(25)' in html
    assert 'Wiki pages <span class="muted">(25)' in html
    assert html.count("Stop watching</button>") == 40  # 20 of each on the first pages

    watch = PageWatch.objects.filter(user=learner).first()
    response = learner_client.post(url, {"page": watch.page_id})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == url
    assert not PageWatch.objects.filter(pk=watch.pk).exists()
    cwatch = ChallengeWatch.objects.filter(user=learner).first()
    learner_client.post(url, {"challenge": cwatch.challenge_id})
    assert not ChallengeWatch.objects.filter(pk=cwatch.pk).exists()


def test_someone_elses_watchlist_is_404(learner_client, other_learner):
    url = reverse("hub:watching", args=[other_learner.username])
    assert learner_client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_the_watchlist_needs_a_login(client, learner):
    response = client.get(reverse("hub:watching", args=[learner.username]))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_tampered_unwatch_ids_change_nothing(learner_client, learner):
    url = reverse("hub:watching", args=[learner.username])
    for value in ("abc", "99999999999999999999999", ""):
        assert learner_client.post(url, {"page": value}).status_code == HTTPStatus.FOUND


def test_a_suspended_learner_reads_the_watchlist_but_cannot_unwatch(client, learner):
    from datetime import timedelta

    from django.utils import timezone

    learner.suspended_until = timezone.now() + timedelta(days=1)
    learner.save()
    client.force_login(learner)
    url = reverse("hub:watching", args=[learner.username])
    assert client.get(url).status_code == HTTPStatus.OK
    assert client.post(url, {"page": "1"}).status_code == HTTPStatus.FORBIDDEN
