"""Challenges: reading, posting, editing, withdrawing; locking, watching and the list."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from discussions import conversion, services
from discussions.models import Challenge, PostRevision
from moderation.models import ModerationLogEntry

pytestmark = pytest.mark.django_db


# --- challenges ------------------------------------------------------------------------------


def test_reader_can_read_a_challenge(client, challenge):
    response = client.get(challenge.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert b"<strong>tasks</strong>" in response.content
    assert b"Backend" in response.content  # the poster's track beside the name


def test_wrong_slug_redirects_to_the_canonical_url(client, challenge):
    response = client.get(f"/challenges/{challenge.pk}/wrong-slug/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == challenge.get_absolute_url()


def test_bare_id_redirects_to_the_canonical_url(client, challenge):
    response = client.get(f"/challenges/{challenge.pk}/")
    assert response["Location"] == challenge.get_absolute_url()


def test_unknown_challenge_is_404(client, db):
    assert client.get("/challenges/999999/x/").status_code == HTTPStatus.NOT_FOUND


def test_anonymous_new_challenge_goes_to_login(client, db):
    response = client.get("/challenges/new/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_learner_posts_a_challenge(learner_client, learner, topic):
    response = learner_client.post(
        "/challenges/new/",
        {"title": "Docker build is slow", "body": "It takes *ages*.", "topics": [topic.pk]},
    )
    challenge = Challenge.objects.get(title="Docker build is slow")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == challenge.get_absolute_url()
    assert challenge.body_html == "<p>It takes <em>ages</em>.</p>"
    assert list(challenge.topics.all()) == [topic]
    assert challenge.watches.filter(user=learner).exists()  # authors watch their challenge
    assert not challenge.is_held


def test_empty_body_comes_back_with_the_text_and_an_error(learner_client):
    response = learner_client.post("/challenges/new/", {"title": "Keep this title", "body": "  "})
    assert response.status_code == HTTPStatus.OK
    assert b"Keep this title" in response.content
    assert b"empty challenge" in response.content
    assert not Challenge.objects.exists()


def test_oversized_body_comes_back_with_the_text_and_an_error(learner_client, settings):
    settings.NEXUS_MAX_BODY_CHARS = 50
    body = "word " * 20
    response = learner_client.post("/challenges/new/", {"title": "A long story", "body": body})
    assert response.status_code == HTTPStatus.OK
    assert body.strip().encode() in response.content
    assert b"at most 50" in response.content


def test_script_in_a_challenge_is_sanitised(learner_client):
    learner_client.post(
        "/challenges/new/",
        {"title": "XSS attempt here", "body": "<script>alert(1)</script>[x](javascript:alert(1))"},
    )
    html = Challenge.objects.get().body_html
    assert "<script" not in html and "javascript:" not in html


def test_new_learner_posts_are_held_and_shown_awaiting_review(client, learner):
    learner.approved_posts = 0
    learner.save()
    client.force_login(learner)
    client.post("/challenges/new/", {"title": "My very first post", "body": "Hello"})
    challenge = Challenge.objects.get()
    assert challenge.is_held
    assert b"Awaiting review" in client.get(challenge.get_absolute_url()).content
    client.logout()
    assert client.get(challenge.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_suspended_learner_cannot_post(learner_client, learner):
    from datetime import timedelta

    from django.utils import timezone

    learner.suspended_until = timezone.now() + timedelta(days=1)
    learner.save()
    response = learner_client.post("/challenges/new/", {"title": "Sneaky post", "body": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_author_edits_and_every_version_is_kept(learner_client, challenge, topic):
    response = learner_client.post(
        f"/challenges/{challenge.pk}/edit/",
        {"title": "Celery tasks fail silently", "body": "Second version", "topics": [topic.pk]},
    )
    assert response.status_code == HTTPStatus.FOUND
    history = learner_client.get(f"/challenges/{challenge.pk}/history/")
    assert b"Second version" in history.content
    assert b"My **tasks** disappear" in history.content
    assert PostRevision.objects.filter(object_id=challenge.pk).count() == 2


def test_others_cannot_edit(grace_client, challenge):
    response = grace_client.post(
        f"/challenges/{challenge.pk}/edit/", {"title": "Taken over!!", "body": "mine"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_moderator_can_edit_any_challenge(moderator_client, challenge):
    response = moderator_client.post(
        f"/challenges/{challenge.pk}/edit/", {"title": "A clearer title", "body": "Tidied"}
    )
    assert response.status_code == HTTPStatus.FOUND


def test_withdraw_and_restore(learner_client, client, challenge):
    learner_client.post(f"/challenges/{challenge.pk}/withdraw/")
    challenge.refresh_from_db()
    assert challenge.is_withdrawn
    assert b"Withdrawn by its author" in learner_client.get(challenge.get_absolute_url()).content
    learner_client.post(f"/challenges/{challenge.pk}/restore/")
    challenge.refresh_from_db()
    assert not challenge.is_withdrawn


def test_withdrawn_challenge_is_404_for_others(grace_client, challenge):
    services.post_withdraw(post=challenge, user=challenge.author)
    assert grace_client.get(challenge.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_hidden_challenge_is_404_for_readers(client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(hidden_at="2026-01-01T00:00Z")
    assert client.get(challenge.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_hidden_challenge_shows_its_author_the_reason(learner_client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(
        hidden_at="2026-01-01T00:00Z", hidden_reason="Spam links"
    )
    response = learner_client.get(challenge.get_absolute_url())
    assert b"Spam links" in response.content


def test_hidden_challenge_refuses_new_solutions(grace_client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(hidden_at="2026-01-01T00:00Z")
    response = grace_client.post(f"/challenges/{challenge.pk}/solutions/", {"body": "hi"})
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- lock, watch, list -----------------------------------------------------------------------


def test_moderator_locks_and_unlocks_from_the_challenge_page(moderator_client, challenge):
    page_url = challenge.get_absolute_url()
    assert reverse("moderation:challenge_lock", args=[challenge.pk]) in (
        moderator_client.get(page_url).content.decode()
    )
    response = moderator_client.post(
        reverse("moderation:challenge_lock", args=[challenge.pk]),
        {"reason": "Heated", "next": page_url},
    )
    assert response["Location"] == page_url
    challenge.refresh_from_db()
    assert challenge.is_locked
    assert reverse("moderation:challenge_unlock", args=[challenge.pk]) in (
        moderator_client.get(page_url).content.decode()
    )
    moderator_client.post(reverse("moderation:challenge_unlock", args=[challenge.pk]))
    challenge.refresh_from_db()
    assert not challenge.is_locked
    actions = list(ModerationLogEntry.objects.values_list("action", "reason"))
    assert ("lock", "Heated") in actions and ("unlock", "") in actions


def test_learner_cannot_lock(grace_client, challenge):
    response = grace_client.post(reverse("moderation:challenge_lock", args=[challenge.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "moderation/lock" not in grace_client.get(challenge.get_absolute_url()).content.decode()


def test_watch_toggle_with_htmx(grace_client, challenge, other_learner):
    url = f"/challenges/{challenge.pk}/watch/"
    response = grace_client.post(url, {"watch": "1"}, headers={"HX-Request": "true"})
    assert b"Stop watching" in response.content
    assert challenge.watches.filter(user=other_learner).exists()
    grace_client.post(url, {"watch": "0"})
    assert not challenge.watches.filter(user=other_learner).exists()


def test_list_filters(client, learner, other_learner, topic):
    open_one = services.challenge_create(author=learner, title="Open backend one", body="x")
    solved = services.challenge_create(
        author=other_learner, title="Solved frontend one", body="x", topics=[topic]
    )
    s = services.solution_create(challenge=solved, author=learner, body="y")
    services.solution_accept(solution=s, user=other_learner)

    def titles(query):
        return client.get(f"/challenges/?{query}").content

    assert b"Open backend one" in titles("status=unanswered")
    assert b"Solved frontend one" not in titles("status=unanswered")
    assert b"Open backend one" not in titles("status=solved")
    assert b"Open backend one" not in titles("topic=celery")
    assert b"Solved frontend one" in titles("track=frontend")
    assert b"Open backend one" not in titles("track=frontend")
    assert open_one.pk


def test_list_rows_show_counts_and_who_asked(client, solution):
    response = client.get("/challenges/")
    assert b"1 solution" in response.content
    assert b"ada" in response.content and b"Backend" in response.content


@pytest.mark.parametrize("page", ["999999", "abc", "-1", "1e10"])
def test_list_bad_page_numbers_give_a_page(client, challenge, page):
    assert client.get(f"/challenges/?page={page}").status_code == HTTPStatus.OK


def test_list_garbage_filters_are_ignored(client, challenge):
    response = client.get("/challenges/?status=bogus&topic=nope&track=x&sort=zzz")
    assert response.status_code == HTTPStatus.OK
    assert b"Celery tasks fail silently" in response.content


def test_feeds(client, challenge):
    feed = client.get(reverse("discussions:challenge_feed"))
    assert feed.status_code == HTTPStatus.OK
    assert b"<feed" in feed.content and b"Celery tasks fail silently" in feed.content
    topic_feed = client.get(reverse("discussions:topic_challenge_feed", args=["celery"]))
    assert b"Celery tasks fail silently" in topic_feed.content
    assert client.get("/challenges/feed/no-such-topic/").status_code == HTTPStatus.NOT_FOUND


def test_turn_into_wiki_page_link_for_the_author_of_a_solved_challenge(
    learner_client, solution, learner
):
    services.solution_accept(solution=solution, user=learner)
    response = learner_client.get(solution.challenge.get_absolute_url())
    assert f'href="/wiki/new/?from_challenge={solution.challenge_id}"'.encode() in response.content


def _convert(challenge, user, *, hidden=False):
    from django.utils import timezone

    from knowledge import services as wiki
    from knowledge.models import Category

    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    page = wiki.page_create(
        title="Silent Celery tasks", category=guides, body="Retry.", author=user
    )
    if hidden:
        type(page).objects.filter(pk=page.pk).update(hidden_at=timezone.now())
    conversion.link_page(challenge_id=challenge.pk, page=page, user=user)
    return page


def test_converted_challenge_links_to_its_page_instead_of_offering_it_again(
    learner_client, client, solution, learner
):
    services.solution_accept(solution=solution, user=learner)
    page = _convert(solution.challenge, learner)
    for viewer in (learner_client, client):
        html = viewer.get(solution.challenge.get_absolute_url()).content.decode()
        assert "Turned into wiki page" in html
        assert f'href="{page.get_absolute_url()}">Silent Celery tasks</a>' in html
        assert "from_challenge=" not in html
        assert "Turn into wiki page" not in html


def test_a_hidden_converted_page_is_not_linked_for_readers(client, solution, learner):
    services.solution_accept(solution=solution, user=learner)
    _convert(solution.challenge, learner, hidden=True)
    html = client.get(solution.challenge.get_absolute_url()).content.decode()
    assert "Turned into wiki page" not in html
