"""Failed attempts are retried with exponential back-off, logged, and a hook that keeps failing
turns itself off."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.utils import timezone

from discussions import services as discussions
from webhooks import outgoing
from webhooks.models import Delivery, Hook
from webhooks.services import (
    BACKOFF,
    MAX_ATTEMPTS,
    MAX_CONSECUTIVE_FAILURES,
    deliveries_send_due,
    delivery_attempt,
    hook_enable,
)

pytestmark = pytest.mark.django_db


def _post(learner, committed, title="Celery workers will not start"):
    with committed():
        return discussions.challenge_create(author=learner, title=title, body="Help")


def test_a_500_is_retried_with_back_off_until_it_gives_up(make_hook, receiver, learner, committed):
    make_hook()
    receiver.answer(500, b"Internal Server Error")
    _post(learner, committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.response_status == 500
    assert delivery.response_excerpt == "Internal Server Error"
    assert delivery.error == "HTTP 500."
    first_try = delivery.last_attempt_at
    assert delivery.next_attempt_at == first_try + timedelta(minutes=1)

    # Not due yet: nothing is sent.
    assert deliveries_send_due(now=first_try + timedelta(seconds=30)) == 0
    assert len(receiver.requests) == 1

    now = first_try
    waits = []
    for wait in BACKOFF:
        now += wait
        assert deliveries_send_due(now=now) == 1
        delivery.refresh_from_db()
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)

    assert waits == [timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2),
                     timedelta(hours=12)]  # fmt: skip
    assert len(receiver.requests) == MAX_ATTEMPTS == 6
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == 6
    assert delivery.next_attempt_at is None
    # Every attempt carried the same delivery id (receivers de-duplicate with it).
    assert {r.headers["X-Nexus-Delivery"] for r in receiver.requests} == {str(delivery.uuid)}


def test_a_retry_then_succeeds_and_the_failure_count_starts_again(
    make_hook, receiver, learner, committed
):
    hook = make_hook()
    receiver.answers = [(503, b"busy", {}), (200, b"thanks", {})]
    _post(learner, committed)
    delivery = Delivery.objects.get()
    assert Hook.objects.get().consecutive_failures == 1

    assert deliveries_send_due(now=delivery.next_attempt_at) == 1

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 2
    assert delivery.response_excerpt == "thanks"
    assert delivery.error == ""
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0


def test_a_refused_connection_is_retried(make_hook, receiver, learner, committed, closed_port_url):
    make_hook(url=closed_port_url)
    _post(learner, committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.error == "Connection refused."
    assert delivery.response_status is None
    assert delivery.next_attempt_at == delivery.last_attempt_at + BACKOFF[0]


def test_a_backend_that_can_wait_gets_the_retry_queued(
    make_hook, receiver, learner, committed, settings
):
    make_hook()
    receiver.answer(500)
    _post(learner, committed)
    delivery = Delivery.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())

    delivery_attempt(delivery.pk)

    (queued,) = default_task_backend.results
    delivery.refresh_from_db()
    assert queued.task.name == "deliver"
    assert list(queued.args) == [delivery.pk]
    assert queued.task.run_after == delivery.next_attempt_at


def test_a_redirect_is_not_followed(make_hook, receiver, learner, committed):
    make_hook()
    receiver.answer(302, b"", Location="http://169.254.169.254/latest/meta-data/")
    _post(learner, committed)

    assert len(receiver.requests) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert delivery.response_status == 302
    assert delivery.error.startswith("Redirect not followed (HTTP 302 to http://169.254.169.254")


def test_the_answer_is_read_bounded_and_cleaned(make_hook, receiver, learner, committed):
    make_hook()
    receiver.answer(200, b"\x1b[31mred\x00" + b"x" * 100_000)
    _post(learner, committed)

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.response_excerpt.startswith("[31mred")
    assert "\x1b" not in delivery.response_excerpt and "\x00" not in delivery.response_excerpt
    assert len(delivery.response_excerpt) == 500


def test_a_hook_that_keeps_failing_turns_itself_off(
    make_hook, receiver, learner, committed, closed_port_url
):
    hook = make_hook(url=closed_port_url)
    for n in range(MAX_CONSECUTIVE_FAILURES - 1):
        _post(learner, committed, title=f"Challenge number {n}")
    hook.refresh_from_db()
    assert hook.is_active
    assert hook.consecutive_failures == MAX_CONSECUTIVE_FAILURES - 1

    _post(learner, committed, title="The one too many")

    hook.refresh_from_db()
    assert not hook.is_active
    assert hook.disabled_at is not None
    assert hook.disabled_reason == (
        "Turned off automatically after 10 failed attempts in a row. "
        "The last one: Connection refused."
    )
    # Its waiting retries are not sent while it is off…
    due = Delivery.objects.filter(status=Delivery.Status.PENDING).count()
    assert due == MAX_CONSECUTIVE_FAILURES
    deliveries_send_due(now=timezone.now() + timedelta(minutes=2))
    assert not Delivery.objects.filter(status=Delivery.Status.PENDING).exists()
    assert Delivery.objects.filter(status=Delivery.Status.SKIPPED).count() == due
    # …and nothing new is made for it.
    _post(learner, committed, title="While it is off")
    assert Delivery.objects.count() == MAX_CONSECUTIVE_FAILURES

    # A moderator turns it on again: it starts from zero.
    hook_enable(hook=hook)
    hook.refresh_from_db()
    assert hook.is_active and hook.consecutive_failures == 0 and not hook.disabled_reason


def test_the_sweeper_command_sends_what_is_due_and_revives_stuck_deliveries(
    make_hook, receiver, learner, committed
):
    make_hook()
    receiver.answer(500)
    _post(learner, committed)
    delivery = Delivery.objects.get()
    receiver.answer(200, b"ok")
    # A worker that died mid-attempt left it "sending".
    long_ago = timezone.now() - timedelta(hours=1)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENDING, last_attempt_at=long_ago, next_attempt_at=long_ago
    )

    call_command("send_webhooks")

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 2


def test_a_delivery_is_sent_by_one_worker_only(make_hook, receiver, learner, committed):
    make_hook()
    receiver.answer(500)
    _post(learner, committed)
    delivery = Delivery.objects.get()

    # Not due: a second task for it (or an early one) does nothing.
    assert delivery_attempt(delivery.pk) is None
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENDING)
    assert delivery_attempt(delivery.pk, now=delivery.next_attempt_at) is None
    assert len(receiver.requests) == 1


def test_a_url_allowed_once_is_checked_again_at_send_time(
    make_hook, receiver, learner, committed, settings
):
    make_hook()
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["hooks.slack.com"]
    _post(learner, committed)

    assert receiver.requests == []
    delivery = Delivery.objects.get()
    assert delivery.error.startswith("Refused: 127.0.0.1 is not an allowed host.")
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = False
    deliveries_send_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert receiver.requests == []
    assert delivery.error == (
        "Refused: 127.0.0.1 is a loopback address: webhooks may only call public addresses."
    )


def test_a_timeout_is_reported(monkeypatch, make_hook, receiver, learner, committed):
    make_hook()

    def slow(*args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(outgoing.socket, "create_connection", slow)
    _post(learner, committed)

    delivery = Delivery.objects.get()
    assert delivery.error == "Timed out after 5 s."
    assert delivery.status == Delivery.Status.PENDING
