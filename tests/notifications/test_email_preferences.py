"""E-mail for notifications: immediate with a one-click unsubscribe, none, the daily digest,
and the unsubscribe pages."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import EmailPreference
from discussions import services
from notifications import emails
from notifications.models import EmailState, Notification

pytestmark = pytest.mark.django_db


pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(learner):
    return services.challenge_create(author=learner, title="Celery worker down", body="Help")


def set_email(user, preference):
    user.profile.email_notifications = preference
    user.profile.save()


def test_immediate_email_with_unsubscribe_link_and_one_click_header(
    challenge, learner, other_learner, committed
):
    set_email(learner, EmailPreference.IMMEDIATE)
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [learner.email]
    assert "/notifications/unsubscribe/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get(recipient=learner).email_state == EmailState.SENT


def test_no_email_when_the_learner_chose_none(challenge, learner, other_learner, committed):
    set_email(learner, EmailPreference.NONE)
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    assert mail.outbox == []
    assert Notification.objects.get(recipient=learner).email_state == EmailState.SKIPPED


def test_daily_digest_sends_one_email_once(challenge, learner, other_learner, committed):
    set_email(learner, EmailPreference.DIGEST)
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="y")
    assert mail.outbox == []
    with committed():
        call_command("send_digests")
    assert len(mail.outbox) == 1
    assert "2 new notifications" in mail.outbox[0].subject
    assert "unsubscribe" in mail.outbox[0].body.lower()
    with committed():
        call_command("send_digests")
    assert len(mail.outbox) == 1


def test_unsubscribe_get_confirms_and_post_unsubscribes(client, learner):
    url = f"/notifications/unsubscribe/{emails.unsubscribe_token(learner)}/"
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK and b"Unsubscribe" in page.content
    learner.profile.refresh_from_db()
    assert learner.profile.email_notifications != EmailPreference.NONE
    client.post(url)
    learner.profile.refresh_from_db()
    assert learner.profile.email_notifications == EmailPreference.NONE


def test_one_click_unsubscribe_needs_no_csrf_token(learner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/notifications/unsubscribe/{emails.unsubscribe_token(learner)}/one-click/"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == HTTPStatus.OK
    learner.profile.refresh_from_db()
    assert learner.profile.email_notifications == EmailPreference.NONE


def test_tampered_unsubscribe_token_is_404(client, learner):
    token = emails.unsubscribe_token(learner) + "x"
    assert client.get(f"/notifications/unsubscribe/{token}/").status_code == 404
