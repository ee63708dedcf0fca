"""Notification emails are claimed, sent, then marked sent: none lost, none sent twice normally,
one bad email never holds up the others."""

import email.policy
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from accounts.models import EmailPreference
from notifications import delivery, emails
from notifications.models import EmailState, Kind, Notification
from notifications.services import Recipient, notifications_create
from notifications.tasks import send_notification_emails
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class FlakyBackend(EmailBackend):
    """Refuses messages to addresses in `refuse` (a mail server error), sends the rest."""

    refuse: set[str] = set()
    error: type[Exception] = OSError

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refuse:
                raise self.error("the mail server hung up")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    FlakyBackend.refuse, FlakyBackend.error = set(), OSError
    yield FlakyBackend
    FlakyBackend.refuse = set()


def _learners(n, preference=EmailPreference.IMMEDIATE):
    users = [UserFactory(username=f"reader{i}") for i in range(n)]
    for user in users:
        user.profile.email_notifications = preference
        user.profile.save()
    return users


def _notify(users, text="New solution on “Celery”", committed=None):
    recipients = [Recipient(u.pk, Kind.SOLUTION, text, "/challenges/1/") for u in users]
    with committed():
        return notifications_create(recipients=recipients)


def _digests(committed):
    # The command's sends wait for their claims to commit, as in production (autocommit).
    with committed():
        call_command("send_digests", stdout=None)


def _states(ids):
    return dict(Notification.objects.filter(pk__in=ids).values_list("pk", "email_state"))


def test_a_failing_email_goes_back_to_pending_and_the_others_still_go(flaky, committed):
    users = _learners(3)
    flaky.refuse = {users[1].email}

    ids = _notify(users, committed=committed)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([users[0].email, users[2].email])
    failed = Notification.objects.get(recipient=users[1])
    assert failed.email_state == EmailState.PENDING and failed.email_attempts == 1
    assert [s for pk, s in _states(ids).items() if pk != failed.pk] == [EmailState.SENT] * 2


def test_the_retry_sends_the_failed_email_once_and_nothing_twice(flaky, committed):
    users = _learners(3)
    flaky.refuse = {users[1].email}
    ids = _notify(users, committed=committed)
    flaky.refuse = set()
    mail.outbox.clear()
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=1))

    _digests(committed)
    _digests(committed)
    with committed():
        send_notification_emails.call(ids)  # the task retried by its queue: sends nothing again

    assert [m.to for m in mail.outbox] == [[users[1].email]]
    assert set(_states(ids).values()) == {EmailState.SENT}


def test_an_email_that_keeps_failing_is_marked_failed_after_the_last_attempt(flaky, committed):
    (user,) = _learners(1)
    flaky.refuse = {user.email}
    (pk,) = _notify([user], committed=committed)

    for _ in range(delivery.MAX_ATTEMPTS - 1):
        with committed():
            send_notification_emails.call([pk])

    notification = Notification.objects.get(pk=pk)
    assert notification.email_state == EmailState.FAILED
    assert notification.email_attempts == delivery.MAX_ATTEMPTS
    assert mail.outbox == []


def test_a_message_that_can_never_go_is_marked_failed_at_once_and_the_others_go(flaky, committed):
    users = _learners(3)
    flaky.refuse, flaky.error = {users[0].email}, ValueError

    ids = _notify(users, committed=committed)

    assert Notification.objects.get(recipient=users[0]).email_state == EmailState.FAILED
    assert len(mail.outbox) == 2
    assert sorted(_states(ids).values()) == [EmailState.FAILED, EmailState.SENT, EmailState.SENT]


def test_a_title_with_a_newline_makes_a_one_line_subject_for_every_watcher(committed):
    users = _learners(3)

    ids = _notify(
        users, text="New solution on “Celery\nBcc: victim@example.org”", committed=committed
    )

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        headers = message.message().as_string().split("\n\n")[0]
        assert not any(line.startswith("Bcc:") for line in headers.splitlines())
    assert set(_states(ids).values()) == {EmailState.SENT}


def test_claims_left_by_a_killed_worker_are_sent_once_they_are_stale(settings, committed):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    users = _learners(4)
    ids = _notify(users, committed=committed)  # queued, never run: the worker is down
    # A worker claimed two of them and was killed before sending.
    delivery.claim(ids[:2])
    long_ago = timezone.now() - delivery.STALE_CLAIM - timedelta(minutes=1)
    Notification.objects.update(created_at=long_ago)

    _digests(committed)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users[2:])

    Notification.objects.filter(pk__in=ids[:2]).update(email_claimed_at=long_ago)
    _digests(committed)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)
    assert set(_states(ids).values()) == {EmailState.SENT}


def test_a_failed_digest_stays_pending_and_goes_next_run(flaky, committed):
    (user,) = _learners(1, EmailPreference.DIGEST)
    ids = _notify([user], committed=committed)
    flaky.refuse = {user.email}

    _digests(committed)
    assert mail.outbox == []
    assert _states(ids) == {ids[0]: EmailState.PENDING}

    flaky.refuse = set()
    _digests(committed)
    _digests(committed)
    assert len(mail.outbox) == 1
    assert _states(ids) == {ids[0]: EmailState.SENT}


@pytest.mark.parametrize("policy", [email.policy.default, email.policy.SMTP])
def test_list_unsubscribe_goes_out_as_a_plain_ascii_url(settings, policy, committed):
    settings.NEXUS_BASE_URL = "https://nexus.bücher.example"  # long, and not ASCII
    (user,) = _learners(1)

    _notify([user], committed=committed)

    raw = mail.outbox[0].message(policy=policy).as_bytes()
    header = next(
        line for line in raw.split(b"\n") if line.startswith(b"List-Unsubscribe:")
    ).rstrip(b"\r")
    url = emails.one_click_url(user)
    assert header == b"List-Unsubscribe: <" + url.encode("ascii") + b">"
    assert url.startswith("https://nexus.xn--bcher-kva.example/notifications/unsubscribe/")
    assert b"=?utf-8?" not in header
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
