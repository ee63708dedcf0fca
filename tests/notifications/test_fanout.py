"""Posting a solution on a challenge watched by 1,000 learners costs the request exactly what it
costs on a challenge watched by nobody: the fan-out (and the email) happen in the task."""

from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.tasks import default_task_backend
from django.test.utils import CaptureQueriesContext

from accounts.models import Profile, User
from discussions import services
from discussions.models import ChallengeWatch
from notifications.models import EmailState, Kind, Notification

pytestmark = pytest.mark.django_db

WATCHERS = 1000
# Session, user, challenge; the solution, its revision, the solver's watch, the counters; the
# search index's rows; the challenge row lock (counters are recounted one writer at a time);
# the rate-limit counter (4 in the database cache without Redis: add, then a locked increment);
# the savepoints of the nested atomic blocks; the solver's trust level (does the post skip
# review?). None per watcher.
REQUEST_BUDGET = 30


@pytest.fixture(autouse=True)
def _queued_tasks(settings):
    # Tasks are only recorded, as a real queue would hold them until a worker runs them.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()


def _watched_by(challenge, count: int) -> None:
    ChallengeWatch.objects.filter(challenge=challenge).delete()  # not even its author
    if not count:
        return
    users = User.objects.bulk_create(
        User(username=f"watcher{n}", email=f"watcher{n}@example.org") for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=u) for u in users)  # bulk_create sends no signals
    ChallengeWatch.objects.bulk_create(ChallengeWatch(user=u, challenge=challenge) for u in users)


def _post_solution(client, challenge, committed) -> tuple[int, list]:
    """The request's queries, counting what runs once it commits (queuing the task)."""
    before = len(default_task_backend.results)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries, committed():
        response = client.post(f"/challenges/{challenge.pk}/solutions/", {"body": "Retry it."})
    assert response.status_code == HTTPStatus.FOUND
    assert challenge.solutions.filter(body="Retry it.").count() == 1
    return len(queries), default_task_backend.results[before:]


def test_a_thousand_watchers_cost_the_request_nothing(learner, grace_client, committed):
    warm_up = services.challenge_create(author=learner, title="Warm-up", body="x")
    quiet = services.challenge_create(author=learner, title="Nobody watches", body="x")
    busy = services.challenge_create(author=learner, title="Everybody watches", body="x")
    _watched_by(quiet, 0)
    _watched_by(busy, WATCHERS)
    # The session's first request does a little more.
    _post_solution(grace_client, warm_up, committed)

    quiet_queries, quiet_tasks = _post_solution(grace_client, quiet, committed)
    busy_queries, busy_tasks = _post_solution(grace_client, busy, committed)

    assert busy_queries == quiet_queries <= REQUEST_BUDGET
    # Each request queued one fan-out task and notified nobody itself.
    assert [r.task.name for r in quiet_tasks] == ["fan_out"]
    assert [r.task.name for r in busy_tasks] == ["fan_out"]
    assert not Notification.objects.exists()

    # The worker then runs the task: every watcher hears of it, once, and email is queued.
    (fan_out,) = busy_tasks
    with committed():
        made = fan_out.task.call(*fan_out.args, **fan_out.kwargs)
    watchers = Notification.objects.filter(kind=Kind.WATCHED_CHALLENGE)
    assert watchers.count() == WATCHERS
    assert watchers.values("recipient").distinct().count() == WATCHERS
    assert made == WATCHERS + 1  # and the challenge's author, told of a solution
    assert Notification.objects.get(kind=Kind.SOLUTION).recipient == learner
    emails = [r for r in default_task_backend.results if r.task.name == "send_notification_emails"]
    assert len(emails) == 1 and len(emails[0].args[0]) == WATCHERS + 1
    assert Notification.objects.filter(email_state=EmailState.PENDING).count() == WATCHERS + 1
