from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import services
from discussions.models import ChallengeWatch
from knowledge import services as knowledge_services
from knowledge.models import Category, PageWatch
from notifications.models import Kind, Notification
from notifications.services import unread_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(learner):
    return services.challenge_create(author=learner, title="Celery worker down", body="Help")


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def set_email(user, preference):
    user.profile.email_notifications = preference
    user.profile.save()


# --- who is notified -------------------------------------------------------------------------


def test_solution_notifies_the_challenge_author(challenge, learner, other_learner, committed):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="Try this")
    assert kinds(learner) == [Kind.SOLUTION]
    assert kinds(other_learner) == []  # never about your own post


def test_comment_on_a_solution_notifies_its_author(challenge, learner, other_learner, committed):
    with committed():
        solution = services.solution_create(challenge=challenge, author=other_learner, body="Try")
    with committed():
        services.comment_create(target=solution, author=learner, body="Thanks")
    assert kinds(other_learner) == [Kind.SOLUTION_COMMENT]


def test_comment_on_a_challenge_notifies_its_author(challenge, learner, other_learner, committed):
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="Which broker?")
    assert kinds(learner) == [Kind.CHALLENGE_COMMENT]


def test_accepted_solution_notifies_its_author(challenge, learner, other_learner, committed):
    with committed():
        solution = services.solution_create(challenge=challenge, author=other_learner, body="Try")
    with committed():
        services.solution_accept(solution=solution, user=learner)
    assert Kind.ACCEPTED in kinds(other_learner)


def test_watchers_hear_of_new_solutions_once_each(challenge, learner, other_learner, committed):
    watcher = UserFactory(username="watcher")
    services.challenge_watch(challenge=challenge, user=watcher)
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="@watcher look")
    # a mention and a watch make one notification, the more specific one
    assert kinds(watcher) == [Kind.MENTION]
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="more")
    assert kinds(watcher) == [Kind.MENTION, Kind.WATCHED_CHALLENGE]


def test_mention_of_a_real_user_notifies_them(challenge, other_learner, committed):
    UserFactory(username="linus")
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="cc @linus, @ghost")
    assert Notification.objects.filter(recipient__username="linus", kind=Kind.MENTION).exists()
    assert Notification.objects.filter(kind=Kind.MENTION).count() == 1


def test_mentions_inside_code_are_ignored(challenge, other_learner, committed):
    UserFactory(username="linus")
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="`@linus`")
    assert not Notification.objects.filter(recipient__username="linus").exists()


def test_held_posts_notify_nobody_until_approved(challenge, learner, committed):
    newcomer = UserFactory(username="newcomer", approved_posts=0)
    with committed():
        solution = services.solution_create(challenge=challenge, author=newcomer, body="hi")
    assert solution.is_held and kinds(learner) == []
    solution.is_held = False
    solution.save()
    with committed():
        services.post_approved(post=solution)
    assert kinds(learner) == [Kind.SOLUTION]


def test_page_change_notifies_its_watchers(learner, other_learner, committed):
    page = knowledge_services.page_create(
        title="Celery", category=Category.objects.create(name="T", slug="t"), body="x",
        author=learner,
    )  # fmt: skip
    PageWatch.objects.create(user=other_learner, page=page)
    with committed():
        knowledge_services.page_edit(
            page=page, author=learner, body="x\ny", base_revision=1, summary="broker"
        )
    notification = Notification.objects.get(recipient=other_learner)
    assert notification.kind == Kind.WATCHED_PAGE
    name = learner.display_name
    assert notification.text == f"{name} changed the page “Celery” (revision 2): broker"
    assert notification.url == "/wiki/celery/"


# --- fan-out happens in one task -------------------------------------------------------------


def _post_solution_queries(client, challenge, committed) -> int:
    # The request's queries, and what runs once its transaction commits (queuing the task).
    with CaptureQueriesContext(connection) as ctx, committed():
        response = client.post(f"/challenges/{challenge.pk}/solutions/", {"body": "An answer"})
    assert response.status_code == HTTPStatus.FOUND
    return len(ctx.captured_queries)


def test_posting_enqueues_one_task_and_costs_the_same_for_1000_watchers(
    settings, challenge, grace_client, committed
):
    from django.tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    # warm up: content types, the solver's watch
    _post_solution_queries(grace_client, challenge, committed)
    quiet = _post_solution_queries(grace_client, challenge, committed)
    watchers = [UserFactory.build(username=f"w{n}", email=f"w{n}@x.org") for n in range(1000)]
    from accounts.models import User

    User.objects.bulk_create(watchers)
    ChallengeWatch.objects.bulk_create(
        ChallengeWatch(user=u, challenge=challenge)
        for u in User.objects.filter(username__startswith="w")
    )
    before = len(default_task_backend.results)
    busy = _post_solution_queries(grace_client, challenge, committed)
    assert busy == quiet
    enqueued = default_task_backend.results[before:]
    assert [r.task.name for r in enqueued] == ["fan_out"]
    assert not Notification.objects.exists()  # the request itself notified nobody


def test_fan_out_task_reaches_1000_watchers(challenge, other_learner, learner, committed):
    from accounts.models import User

    User.objects.bulk_create(
        UserFactory.build(username=f"w{n}", email=f"w{n}@x.org") for n in range(1000)
    )
    ChallengeWatch.objects.bulk_create(
        ChallengeWatch(user=u, challenge=challenge)
        for u in User.objects.filter(username__startswith="w")
    )
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="An answer")
    # watchers made without a profile (bulk_create skips signals) are skipped, not crashed on
    assert Notification.objects.filter(recipient=learner).count() == 1


# --- inbox and header ------------------------------------------------------------------------


def test_inbox_needs_login(client):
    response = client.get("/notifications/")
    assert response.status_code == HTTPStatus.FOUND


def test_inbox_lists_and_marks_read(learner_client, challenge, learner, other_learner, committed):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    page = learner_client.get("/notifications/")
    assert b"posted a solution to your challenge" in page.content
    learner_client.post(f"/notifications/{notification.pk}/read/")
    notification.refresh_from_db()
    assert notification.is_read


def test_mark_read_with_htmx_returns_the_row_and_the_badge(
    learner_client, challenge, learner, other_learner, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    response = learner_client.post(
        f"/notifications/{notification.pk}/read/", headers={"HX-Request": "true"}
    )
    assert b'hx-swap-oob="true"' in response.content
    assert b"<html" not in response.content


def test_opening_a_notification_marks_it_read_and_follows_it(
    learner_client, challenge, learner, other_learner, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    inbox = learner_client.get("/notifications/").content.decode()
    # A real link (it opens in a new tab) to the view that marks it read on arrival.
    assert f'href="/notifications/{notification.pk}/open/"' in inbox
    assert f'href="{notification.url}"' not in inbox
    assert unread_count(learner) == 1

    response = learner_client.get(f"/notifications/{notification.pk}/open/")

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.is_read
    assert unread_count(learner) == 0
    page = learner_client.get("/notifications/").content.decode()
    assert f'href="{notification.url}"' in page  # once read, a plain link
    assert 'class="badge"' not in page


def test_opening_with_htmx_redirects_the_client(
    learner_client, challenge, learner, other_learner, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    response = learner_client.post(
        f"/notifications/{notification.pk}/open/", headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == notification.url


def test_another_site_cannot_mark_it_read(challenge, learner, other_learner, committed):
    from django.test import Client

    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    url = f"/notifications/{notification.pk}/open/"
    # A link followed from another site still leads on, but marks nothing read.
    response = strict.get(url, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == HTTPStatus.FOUND
    assert strict.post(url).status_code == HTTPStatus.FORBIDDEN  # no CSRF token
    notification.refresh_from_db()
    assert not notification.is_read


def test_opening_someone_elses_notification_is_404(
    grace_client, challenge, other_learner, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get()
    assert grace_client.post(f"/notifications/{notification.pk}/open/").status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_a_suspended_learner_opens_a_notification_without_marking_it(
    learner_client, challenge, learner, other_learner, committed
):
    from django.utils import timezone

    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    learner.suspended_until = timezone.now() + timezone.timedelta(days=1)
    learner.save()
    response = learner_client.post(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert not notification.is_read


def test_a_notification_pointing_off_site_is_not_followed(learner_client, learner):
    notification = Notification.objects.create(
        recipient=learner, kind=Kind.MENTION, text="t", url="https://evil.example/"
    )
    response = learner_client.post(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_cannot_mark_someone_elses_notification(
    grace_client, challenge, learner, other_learner, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    notification = Notification.objects.get(recipient=learner)
    assert grace_client.post(f"/notifications/{notification.pk}/read/").status_code == 404


def test_mark_all_read(learner_client, challenge, learner, other_learner, committed):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="y")
    assert unread_count(learner) == 2
    learner_client.post("/notifications/read-all/")
    assert unread_count(learner) == 0
    assert not Notification.objects.filter(recipient=learner, read_at=None).exists()


def test_header_count_is_cached_and_invalidated(
    learner_client, challenge, learner, other_learner, django_assert_num_queries, committed
):
    with committed():
        services.solution_create(challenge=challenge, author=other_learner, body="x")
    assert unread_count(learner) == 1
    with django_assert_num_queries(0):
        assert unread_count(learner) == 1
    with committed():
        services.comment_create(target=challenge, author=other_learner, body="y")
    assert unread_count(learner) == 2
    page = learner_client.get("/")
    assert b'class="badge">2' in page.content


def test_inbox_query_budget(learner_client, learner, django_assert_max_num_queries):
    actors = [UserFactory(username=f"actor{n}") for n in range(5)]
    Notification.objects.bulk_create(
        Notification(recipient=learner, actor=actors[n % 5], kind=Kind.MENTION, text="t", url="/")
        for n in range(120)
    )
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(6):
        response = learner_client.get("/notifications/?page=2")
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="notification unread"') == 20
    assert learner_client.get("/notifications/?page=99999").status_code == HTTPStatus.OK
