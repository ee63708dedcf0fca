"""Notifications open as real links, are read on arrival, and the unread count stays right
across processes (issue 12, "what users expect")."""

from http import HTTPStatus

import pytest

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


def test_a_count_written_by_another_process_shows_at_once(learner_client, learner):
    """The task worker is another process: with a per-process cache its invalidation would not
    reach the web process. Rows written behind the cache's back (as the worker does) count."""
    assert unread_count(learner) == 0
    _notify(learner)  # no invalidation in this process
    assert unread_count(learner) == 1
    assert b'class="badge">1' in learner_client.get("/").content


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
