"""Notifications open as real links, are read on arrival, and the unread count stays right
across processes (issue 12, "what users expect")."""

import time
from http import HTTPStatus

import pytest
from django.core.cache.backends import locmem

from notifications import services
from notifications.models import Notification
from notifications.services import unread_count

pytestmark = pytest.mark.django_db


def _notify(user, url="/challenges/1/"):
    return Notification.objects.create(recipient=user, kind="comment", text="New comment", url=url)


def test_an_unread_notification_is_a_link_that_marks_it_read(learner_client, learner):
    notification = _notify(learner)
    inbox = learner_client.get("/notifications/").content.decode()
    assert f'<a class="notification-open" href="/notifications/{notification.pk}/open/">' in inbox
    response = learner_client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/challenges/1/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_count_written_by_another_process_shows_within_seconds(
    learner_client, learner, monkeypatch, settings
):
    """The task worker is another process: with a per-process cache (locmem) its invalidation
    never reaches the web process, so the count there lives only seconds."""
    # The default configuration (no REDIS_URL), whatever this run's environment says.
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    assert not services.cache_is_shared()
    assert services.unread_cache_timeout() <= 5
    assert unread_count(learner) == 0
    _notify(learner)  # written behind this process's cache, as the worker does
    later = time.time() + services.unread_cache_timeout() + 1
    monkeypatch.setattr(locmem.time, "time", lambda: later)
    assert unread_count(learner) == 1
    assert b'class="badge">1' in learner_client.get("/").content


def test_on_a_shared_cache_the_count_lives_long(monkeypatch):
    monkeypatch.setattr(services, "cache_is_shared", lambda: True)
    assert services.unread_cache_timeout() == services.UNREAD_CACHE_TIMEOUT


def test_an_outside_url_is_not_followed(learner_client, learner):
    notification = _notify(learner, url="https://evil.example/")
    response = learner_client.get(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_the_inbox_stays_bounded(learner_client, learner, django_assert_max_num_queries):
    for n in range(30):
        _notify(learner, url=f"/challenges/{n}/")
    with django_assert_max_num_queries(8):
        response = learner_client.get("/notifications/")
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="notification-open"') == 20


def test_a_link_to_someone_elses_notification_leads_to_your_inbox(grace_client, learner):
    notification = _notify(learner)
    response = grace_client.get(f"/notifications/{notification.pk}/open/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/notifications/"
    assert grace_client.post(f"/notifications/{notification.pk}/open/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read
