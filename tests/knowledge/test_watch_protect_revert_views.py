"""Watching a page; protecting it and restoring an old revision (moderators)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import PageWatch
from moderation.models import LogAction, ModerationLogEntry

pytestmark = pytest.mark.django_db


# --- Watching, protecting, reverting ----------------------------------------------------------


def test_watch_and_unwatch_with_a_plain_form(learner_client, make_page, learner):
    page = make_page()
    url = reverse("knowledge:page_watch", args=[page.slug])

    assert learner_client.post(url, {"watch": "1"}).status_code == HTTPStatus.FOUND
    assert PageWatch.objects.filter(page=page, user=learner).exists()
    learner_client.post(url, {"watch": "0"})
    assert not PageWatch.objects.exists()


def test_watch_toggle_with_htmx_returns_the_button(learner_client, make_page):
    page = make_page()

    response = learner_client.post(
        reverse("knowledge:page_watch", args=[page.slug]),
        {"watch": "1"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "Unwatch" in html
    assert "<html" not in html


def test_anonymous_watch_goes_to_login(client, make_page):
    page = make_page()

    response = client.post(reverse("knowledge:page_watch", args=[page.slug]))

    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_learner_cannot_protect(learner_client, make_page):
    page = make_page()

    response = learner_client.post(reverse("moderation:page_protect", args=[page.pk]))

    assert response.status_code == HTTPStatus.FORBIDDEN
    page.refresh_from_db()
    assert not page.is_protected


def test_moderator_protects_and_it_is_logged(moderator_client, make_page):
    page = make_page()

    page_url = page.get_absolute_url()
    protect_url = reverse("moderation:page_protect", args=[page.pk])
    assert protect_url in moderator_client.get(page_url).content.decode()

    response = moderator_client.post(protect_url, {"reason": "edit war", "next": page_url})

    page.refresh_from_db()
    assert response["Location"] == page_url
    assert page.is_protected
    assert "protected" in moderator_client.get(page_url).content.decode().lower()
    assert ModerationLogEntry.objects.get().action == LogAction.PROTECT


def test_moderator_restores_an_old_revision(moderator_client, page_with_history):
    page = page_with_history

    response = moderator_client.post(reverse("page_revert", args=[page.slug, 1]))

    page.refresh_from_db()
    assert response.status_code == HTTPStatus.FOUND
    assert page.current_revision.number == 4
    assert page.current_revision.body == "alpha beta gamma\nsecond line"
    assert ModerationLogEntry.objects.get().action == LogAction.REVERT


def test_learner_cannot_restore(learner_client, page_with_history):
    url = reverse("page_revert", args=[page_with_history.slug, 1])

    assert learner_client.post(url).status_code == HTTPStatus.FORBIDDEN


def test_restore_of_missing_revision_is_404(moderator_client, page_with_history):
    url = reverse("page_revert", args=[page_with_history.slug, 42])

    assert moderator_client.post(url).status_code == HTTPStatus.NOT_FOUND


def test_page_shows_the_watch_state(learner_client, make_page, learner):
    page = make_page()
    services.page_watch(page=page, user=learner)

    html = learner_client.get(page.get_absolute_url()).content.decode()

    assert 'name="watch" value="0"' in html
    assert "Unwatch" in html
