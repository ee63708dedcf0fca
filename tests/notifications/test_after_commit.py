"""Every enqueue and every email waits for the commit: a worker may run a task the moment it is
queued (and would find no row), and a post that is rolled back must tell nobody."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.tasks import default_task_backend

from accounts.models import EmailPreference
from discussions import services
from discussions.models import Solution
from knowledge import services as knowledge_services
from knowledge.models import Category, PageWatch
from notifications import registry
from notifications.models import EmailState, Kind, Notification
from notifications.services import delivered_inline
from notifications.tasks import fan_out

pytestmark = pytest.mark.django_db


class Boom(Exception):
    """Whatever makes a transaction roll back after the service call."""


def _email(user, preference) -> None:
    user.profile.email_notifications = preference
    user.profile.save()


@pytest.fixture
def challenge(learner):
    _email(learner, EmailPreference.IMMEDIATE)
    return services.challenge_create(author=learner, title="Celery worker down", body="Help")


def _enqueues(callbacks) -> list:
    """The callbacks that enqueue a task (others, such as search's, may wait for the commit)."""
    return [c for c in callbacks if getattr(getattr(c, "func", None), "__name__", "") == "enqueue"]


def test_posting_a_solution_enqueues_nothing_until_commit(
    settings, challenge, other_learner, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()

    with django_capture_on_commit_callbacks() as on_commit:
        solution = services.solution_create(challenge=challenge, author=other_learner, body="x")

    assert default_task_backend.results == []  # the transaction is still open
    assert len(_enqueues(on_commit)) == 1
    for callback in on_commit:  # it commits
        callback()
    assert [(r.task.name, list(r.args)) for r in default_task_backend.results] == [
        ("fan_out", ["solution", solution.pk, None])
    ]


def test_the_fan_out_and_the_email_each_wait_for_a_commit(
    challenge, learner, other_learner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as request_commit:
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    assert not Notification.objects.exists()
    assert mail.outbox == []

    # The request commits: the fan-out task runs and makes the notification.
    with django_capture_on_commit_callbacks() as fan_out_commit:
        for callback in request_commit:
            callback()
    notification = Notification.objects.get(recipient=learner)
    assert notification.email_state == EmailState.PENDING
    assert mail.outbox == []

    # The fan-out commits: the email task runs and claims the notification.
    with django_capture_on_commit_callbacks() as email_task_commit:
        for callback in fan_out_commit:
            callback()
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENDING
    assert mail.outbox == []

    # The claim commits: the email goes, then the notification is marked sent.
    for callback in email_task_commit:
        callback()
    assert [m.to for m in mail.outbox] == [[learner.email]]
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert mail.outbox[0].subject.endswith(notification.text)


def test_a_rolled_back_solution_notifies_nobody_and_sends_nothing(
    challenge, other_learner, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as on_commit,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        services.solution_create(challenge=challenge, author=other_learner, body="x")
        raise Boom

    assert on_commit == []
    assert not Solution.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_acceptance_notifies_nobody(
    challenge, learner, other_learner, committed, django_capture_on_commit_callbacks
):
    with committed():
        solution = services.solution_create(challenge=challenge, author=other_learner, body="x")
    Notification.objects.all().delete()
    mail.outbox.clear()
    _email(other_learner, EmailPreference.IMMEDIATE)

    with (
        django_capture_on_commit_callbacks(execute=True) as on_commit,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        services.solution_accept(solution=solution, user=learner)
        raise Boom

    assert on_commit == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_rolled_back_page_edit_tells_no_watcher(
    learner, other_learner, committed, django_capture_on_commit_callbacks
):
    page = knowledge_services.page_create(
        title="Celery", category=Category.objects.create(name="T", slug="t"), body="x",
        author=learner,
    )  # fmt: skip
    PageWatch.objects.create(user=other_learner, page=page)
    _email(other_learner, EmailPreference.IMMEDIATE)

    with (
        django_capture_on_commit_callbacks(execute=True) as on_commit,
        pytest.raises(Boom),
        transaction.atomic(),
    ):
        knowledge_services.page_edit(page=page, author=learner, body="y", base_revision=1)
        raise Boom
    assert on_commit == []
    assert not Notification.objects.exists()

    with committed():
        knowledge_services.page_edit(page=page, author=learner, body="y", base_revision=1)
    assert Notification.objects.get().recipient == other_learner
    assert [m.to for m in mail.outbox] == [[other_learner.email]]


def test_a_rolled_back_digest_sends_nothing_and_leaves_the_rows_pending(
    challenge, learner, other_learner, committed
):
    _email(learner, EmailPreference.DIGEST)
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")

    with pytest.raises(Boom), transaction.atomic():
        call_command("send_digests", stdout=None)
        raise Boom

    assert mail.outbox == []
    assert Notification.objects.get(recipient=learner).email_state == EmailState.PENDING


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_a_commit_notifies_and_a_rollback_does_not(learner, other_learner):
    """No captured callbacks here: the database really commits and really rolls back."""
    _email(learner, EmailPreference.IMMEDIATE)
    challenge = services.challenge_create(author=learner, title="Workers hang", body="Help")

    with pytest.raises(Boom), transaction.atomic():
        services.solution_create(challenge=challenge, author=other_learner, body="rolled back")
        raise Boom
    assert not Notification.objects.exists()
    assert mail.outbox == []

    services.solution_create(challenge=challenge, author=other_learner, body="committed")
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind) == (learner, Kind.SOLUTION)
    assert notification.email_state == EmailState.SENT
    assert [m.to for m in mail.outbox] == [[learner.email]]


def test_delivered_inline_fans_out_at_once_and_emails_nobody(
    challenge, learner, other_learner, django_capture_on_commit_callbacks
):
    """Demo seeding runs in one transaction and dates each notification as it goes."""
    with django_capture_on_commit_callbacks() as on_commit, transaction.atomic():
        with delivered_inline():
            services.solution_create(challenge=challenge, author=other_learner, body="x")
        notification = Notification.objects.get(recipient=learner)
        assert notification.email_state == EmailState.SKIPPED

    assert _enqueues(on_commit) == []  # (search still marks its index changed on commit)
    assert mail.outbox == []


# --- the registry ----------------------------------------------------------------------------


def test_an_unknown_event_or_id_notifies_nobody(challenge):
    assert fan_out.call("no-such-event", challenge.pk) == 0
    assert fan_out.call("solution", 999_999) == 0
    assert fan_out.call("pagerevision", 999_999) == 0
    assert not Notification.objects.exists()


def test_an_event_has_one_resolver():
    with pytest.raises(ValueError, match="solution"):
        registry.register("solution", lambda object_id, actor_id: (None, []))
