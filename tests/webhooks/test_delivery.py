"""Events reach a local receiver, signed, after commit, and only for public content."""

import hashlib
import hmac
import json

import pytest
from django.db import transaction

from core import events
from discussions import services as discussions
from knowledge import services as knowledge
from knowledge.models import Category
from moderation import services as moderation
from tests.factories import ChallengeFactory, UserFactory, make_topic
from webhooks import signing
from webhooks.models import Delivery, Hook
from webhooks.services import deliveries_create, delivery_attempt

pytestmark = pytest.mark.django_db


def _post_challenge(author, title="Celery workers will not start", topics=()):
    return discussions.challenge_create(
        author=author, title=title, body="They exit at once.", topics=topics
    )


def test_a_posted_challenge_reaches_the_receiver_once_signed(
    make_hook, receiver, learner, committed
):
    hook = make_hook()
    celery = make_topic("Celery")

    with committed():
        challenge = _post_challenge(learner, topics=[celery])

    (request,) = receiver.requests
    assert request.headers["X-Nexus-Event"] == "challenge.created"
    assert request.headers["Content-Type"] == "application/json"
    delivery = Delivery.objects.get()
    assert request.headers["X-Nexus-Delivery"] == str(delivery.uuid)
    # The receiver's check: HMAC-SHA256 over "<t>.<body>" with the hook's secret.
    fields = dict(part.split("=", 1) for part in request.headers["X-Nexus-Signature"].split(","))
    expected = hmac.new(
        hook.secret.encode(), fields["t"].encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(fields["v1"], expected)
    assert signing.verify(hook.secret, request.headers["X-Nexus-Signature"], request.body)
    assert not signing.verify("whsec_wrong", request.headers["X-Nexus-Signature"], request.body)
    assert not signing.verify(
        hook.secret, request.headers["X-Nexus-Signature"], request.body + b" "
    )
    event = request.json
    assert event["event"] == "challenge.created"
    assert event["id"] == str(delivery.uuid)
    data = event["data"]["challenge"]
    assert data["id"] == challenge.pk
    assert data["title"] == "Celery workers will not start"
    assert data["url"] == f"http://127.0.0.1:8000{challenge.get_absolute_url()}"
    assert data["topics"] == ["celery"]
    assert data["author"]["username"] == learner.username
    # And it is logged.
    assert delivery.status == Delivery.Status.DELIVERED
    assert delivery.attempts == 1
    assert delivery.response_status == 200
    assert delivery.response_excerpt == "ok"
    assert delivery.duration_ms is not None


def test_an_old_signature_is_refused_by_the_documented_check(make_hook, receiver, learner):
    body = b'{"event":"challenge.created"}'
    header = signing.signature_header("whsec_x", 1_700_000_000, body)
    assert signing.verify("whsec_x", header, body, now=1_700_000_000 + 299)
    assert not signing.verify("whsec_x", header, body, now=1_700_000_000 + 301)
    assert not signing.verify("whsec_x", "t=abc,v1=00", body)
    assert not signing.verify("whsec_x", "garbage", body)


def test_a_rolled_back_post_sends_nothing(make_hook, receiver, learner, committed):
    make_hook()

    class Boom(Exception):
        pass

    with committed(), pytest.raises(Boom), transaction.atomic():
        _post_challenge(learner)
        raise Boom

    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_nothing_is_sent_before_the_commit(make_hook, receiver, learner, committed):
    make_hook()
    with committed() as callbacks:
        _post_challenge(learner)
        assert receiver.requests == []  # still inside the transaction
    assert callbacks
    assert len(receiver.requests) == 1


def test_a_held_post_is_announced_when_approved_never_before(
    make_hook, receiver, moderator, committed
):
    make_hook()
    newcomer = UserFactory(approved_posts=0)
    with committed():
        challenge = _post_challenge(newcomer)
    assert challenge.is_held
    assert receiver.requests == []
    assert not Delivery.objects.exists()

    with committed():
        moderation.post_approve(post=challenge, moderator=moderator)

    (request,) = receiver.requests
    assert request.json["data"]["challenge"]["id"] == challenge.pk


def test_hidden_content_is_never_sent(make_hook, receiver, learner, moderator, committed, settings):
    """Hidden after it was announced but before the worker sent it: not sent, and logged so."""
    make_hook()
    # Tasks wait in the queue here, as they would for a busy worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    with committed():
        challenge = _post_challenge(learner)
    with committed():
        (delivery,) = deliveries_create(event=events.CHALLENGE_CREATED, object_id=challenge.pk)
    moderation.content_hide(target=challenge, moderator=moderator, reason="Spam")

    delivery = delivery_attempt(delivery.pk)

    assert receiver.requests == []
    assert delivery.status == Delivery.Status.SKIPPED
    assert "no longer public" in delivery.error
    # And a hidden post announced again (a bug elsewhere) still makes no delivery.
    assert deliveries_create(event=events.CHALLENGE_CREATED, object_id=challenge.pk) == []


def test_a_comment_under_a_hidden_challenge_is_never_announced(
    make_hook, receiver, learner, other_learner, moderator, committed
):
    make_hook(events_=[events.COMMENT_CREATED])
    challenge = ChallengeFactory(author=learner)
    moderation.content_hide(target=challenge, moderator=moderator, reason="Spam")
    challenge.refresh_from_db()

    with committed():
        # A moderator may still comment on it; the comment itself is public.
        discussions.comment_create(target=challenge, author=moderator, body="Hidden: spam.")

    assert receiver.requests == []
    assert not Delivery.objects.exists()


def test_the_topic_filter(make_hook, receiver, learner, committed):
    celery, redis = make_topic("Celery"), make_topic("Redis")
    make_hook(topics=[celery])

    with committed():
        _post_challenge(learner, title="Redis evicts my keys", topics=[redis])
        _post_challenge(learner, title="No topic at all")
    assert receiver.requests == []

    with committed():
        _post_challenge(learner, title="Celery beat runs twice", topics=[redis, celery])
    (request,) = receiver.requests
    assert request.json["data"]["challenge"]["title"] == "Celery beat runs twice"


def test_only_the_events_a_hook_asked_for(make_hook, receiver, learner, other_learner, committed):
    make_hook(events_=[events.SOLUTION_ACCEPTED])
    with committed():
        challenge = _post_challenge(learner)
        solution = discussions.solution_create(
            challenge=challenge, author=other_learner, body="Set the broker URL."
        )
        discussions.comment_create(target=solution, author=learner, body="That was it!")
    assert receiver.requests == []

    with committed():
        discussions.solution_accept(solution=solution, user=learner)

    (request,) = receiver.requests
    assert request.headers["X-Nexus-Event"] == "solution.accepted"
    data = request.json["data"]
    assert data["solution"]["id"] == solution.pk
    assert data["solution"]["author"]["username"] == other_learner.username
    assert data["challenge"]["id"] == challenge.pk


def test_a_comment_and_a_page_change(make_hook, receiver, learner, other_learner, committed):
    make_hook(events_=[events.COMMENT_CREATED, events.PAGE_CHANGED])
    challenge = ChallengeFactory(author=learner, title="Flaky Redis tests")

    with committed():
        comment = discussions.comment_create(
            target=challenge, author=other_learner, body="Which *version*?"
        )
        page = knowledge.page_create(
            title="Redis",
            category=Category.objects.first(),
            body="An in-memory store.",
            author=learner,
            summary="Start the page",
        )

    comment_event, page_event = (r.json for r in receiver.requests)
    assert comment_event["event"] == "comment.created"
    assert comment_event["data"]["comment"]["id"] == comment.pk
    assert comment_event["data"]["comment"]["excerpt"] == "Which version?"
    assert comment_event["data"]["challenge"]["title"] == "Flaky Redis tests"
    assert page_event["event"] == "page.changed"
    assert page_event["data"]["page"]["slug"] == page.slug
    assert page_event["data"]["revision"]["number"] == 1
    assert page_event["data"]["revision"]["is_new_page"] is True
    assert page_event["data"]["revision"]["summary"] == "Start the page"


def test_slack_gets_a_line_of_mrkdwn(make_hook, receiver, learner, committed):
    make_hook(format=Hook.Format.SLACK)
    celery = make_topic("Celery")

    with committed():
        challenge = _post_challenge(learner, title="Workers <die> & restart", topics=[celery])

    (request,) = receiver.requests
    url = f"http://127.0.0.1:8000{challenge.get_absolute_url()}"
    assert request.json == {
        "text": f"New challenge in #celery: <{url}|Workers &lt;die&gt; &amp; restart>"
    }
    assert request.headers["X-Nexus-Signature"].startswith("t=")


def test_discord_gets_content_that_pings_nobody(make_hook, receiver, learner, committed):
    make_hook(format=Hook.Format.DISCORD)
    celery = make_topic("Celery")

    with committed():
        challenge = _post_challenge(learner, title="@everyone my *tasks* vanish", topics=[celery])

    (request,) = receiver.requests
    url = f"http://127.0.0.1:8000{challenge.get_absolute_url()}"
    assert request.json == {
        "content": f"New challenge in #celery: **\\@everyone my \\*tasks\\* vanish** {url}",
        "allowed_mentions": {"parse": []},
    }


def test_every_matching_hook_gets_its_own_delivery(make_hook, receiver, learner, committed):
    make_hook(name="JSON")
    make_hook(name="Slack", format=Hook.Format.SLACK)
    make_hook(name="Off", is_active=False)

    with committed():
        _post_challenge(learner)

    assert len(receiver.requests) == 2
    assert {d.hook.name for d in Delivery.objects.select_related("hook")} == {"JSON", "Slack"}
    assert len({r.headers["X-Nexus-Delivery"] for r in receiver.requests}) == 2


def test_no_hook_costs_a_post_nothing_but_one_query(learner, committed, django_assert_num_queries):
    from webhooks.services import on_event

    with django_assert_num_queries(1):
        on_event(events.CHALLENGE_CREATED, object_id=1)


def test_the_json_body_is_what_was_signed(make_hook, receiver, learner, committed):
    hook = make_hook()
    with committed():
        _post_challenge(learner, title="Ünïcode in the title")
    (request,) = receiver.requests
    assert json.loads(request.body.decode("utf-8"))["data"]["challenge"]["title"] == (
        "Ünïcode in the title"
    )
    assert signing.verify(hook.secret, request.headers["X-Nexus-Signature"], request.body)


def test_the_documented_python_check_verifies_a_real_delivery(
    make_hook, receiver, learner, committed
):
    from pathlib import Path

    from django.conf import settings

    doc = (Path(settings.BASE_DIR) / "docs" / "webhooks.md").read_text()
    snippet = doc.split("```python\n", 1)[1].split("```", 1)[0]
    namespace = {}
    exec(snippet, namespace)  # noqa: S102 (our own documentation)
    hook = make_hook()
    with committed():
        _post_challenge(learner)

    (request,) = receiver.requests
    header = request.headers["X-Nexus-Signature"]
    assert namespace["verify"](hook.secret, header, request.body)
    assert not namespace["verify"](hook.secret, header, request.body.replace(b"Celery", b"Kafka"))
    assert not namespace["verify"]("whsec_other", header, request.body)
