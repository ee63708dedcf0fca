"""Suspending a learner and ending a suspension."""

from http import HTTPStatus

import pytest
from django.utils import timezone

from moderation.models import LogAction, ModerationLogEntry
from tests.factories import FlagFactory

HX = {"HX-Request": "true"}


# --- Suspensions ------------------------------------------------------------------------------


def test_suspend_for_some_days(moderator_client, learner):
    response = moderator_client.post(
        "/moderation/suspend/ada/", {"days": "3", "reason": "Spam links"}
    )
    assert response.status_code == HTTPStatus.FOUND
    learner.refresh_from_db()
    assert learner.suspended_until > timezone.now() + timezone.timedelta(days=2)
    assert learner.suspension_reason == "Spam links"


def test_suspend_until_a_date(moderator_client, learner):
    until = (timezone.now() + timezone.timedelta(days=10)).date()
    moderator_client.post("/moderation/suspend/ada/", {"until": until.isoformat(), "reason": "x"})
    learner.refresh_from_db()
    assert learner.suspended_until.date() == until


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"until": "2001-01-01", "reason": "x"}, b"must be in the future"),
        ({"days": "3", "reason": ""}, b"Give a reason"),
        ({"reason": "x"}, b"Give an end date or a number of days"),
        ({"days": "0", "reason": "x"}, b"greater than or equal to 1"),
    ],
)
def test_bad_suspensions_are_form_errors(moderator_client, learner, data, error):
    response = moderator_client.post("/moderation/suspend/ada/", data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content
    learner.refresh_from_db()
    assert learner.suspended_until is None


def test_a_suspension_ending_in_the_past_keeps_what_was_typed(moderator_client, learner):
    response = moderator_client.post(
        "/moderation/suspend/ada/", {"until": "2001-01-01", "reason": "Spamming links"}
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "must be in the future" in html
    assert 'value="Spamming links"' in html and 'value="2001-01-01"' in html
    assert not ModerationLogEntry.objects.exists()


def test_ending_a_suspension_twice_says_so(moderator_client, learner):
    moderator_client.post("/moderation/suspend/ada/", {"days": "3", "reason": "Spam"})
    moderator_client.post("/moderation/unsuspend/ada/")
    response = moderator_client.post("/moderation/unsuspend/ada/", follow=True)
    assert b"ada is not suspended" in response.content
    assert ModerationLogEntry.objects.filter(action=LogAction.UNSUSPEND).count() == 1


def test_suspending_again_with_the_same_end_and_reason_logs_once(moderator_client, learner):
    until = (timezone.now() + timezone.timedelta(days=10)).date().isoformat()
    for _ in range(2):
        moderator_client.post("/moderation/suspend/ada/", {"until": until, "reason": "Spam"})
    assert ModerationLogEntry.objects.filter(action=LogAction.SUSPEND).count() == 1


def test_suspend_from_the_queue_row(moderator_client, solution, author):
    FlagFactory(target=solution)
    response = moderator_client.post(
        "/moderation/suspend/author/",
        {"days": "7", "reason": "Abuse", "item": f"solution:{solution.pk}"},
        headers=HX,
    )
    assert f'id="review-solution-{solution.pk}"'.encode() in response.content
    assert b"author is suspended until" in response.content


def test_end_a_suspension_early(moderator_client, learner):
    moderator_client.post("/moderation/suspend/ada/", {"days": "3", "reason": "Spam"})
    moderator_client.post("/moderation/unsuspend/ada/")
    learner.refresh_from_db()
    assert learner.suspended_until is None
    assert ModerationLogEntry.objects.first().action == LogAction.UNSUSPEND


def test_suspending_an_unknown_user_is_404(moderator_client):
    assert moderator_client.get("/moderation/suspend/nobody/").status_code == 404


def test_suspending_yourself_is_403(moderator_client):
    response = moderator_client.post("/moderation/suspend/mod/", {"days": 1, "reason": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
