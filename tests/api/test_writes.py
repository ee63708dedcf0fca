"""Writing over the API: the site's services, permissions, merge and rate limits."""

from http import HTTPStatus

from django.urls import reverse

from discussions.models import Challenge, Comment, Solution, Vote
from knowledge.models import Category, Page, PageWatch
from tests.api.conftest import token_client
from tests.factories import ChallengeFactory, SolutionFactory, UserFactory, make_topic


def _create_page(client, **extra):
    return client.post(
        "/api/v1/pages/",
        {
            "title": "Backpressure",
            "category": "concepts",
            "body": "Slow consumers push back.\n\nQueues fill up.\n\nProducers wait.",
            **extra,
        },
        format="json",
    )


def test_creating_a_page(ada_api, learner):
    topic = make_topic("Celery")
    response = _create_page(ada_api, topics=[topic.slug], summary="first")

    assert response.status_code == HTTPStatus.CREATED, response.content
    page = Page.objects.get(slug="backpressure")
    assert response["Location"] == "http://testserver/api/v1/pages/backpressure/"
    assert response["ETag"].startswith('"r1-')
    assert page.current_revision.author == learner
    assert page.category == Category.objects.get(slug="concepts")
    assert list(page.topics.all()) == [topic]
    assert response.json()["body_html"].startswith("<p>Slow consumers")


def test_a_page_title_that_exists_is_a_400_without_html(ada_api, db):
    _create_page(ada_api)
    response = _create_page(ada_api)

    assert response.status_code == HTTPStatus.BAD_REQUEST
    message = response.json()["errors"]["title"][0]
    assert message.startswith("A page with this title already exists")
    assert "<a" not in message


def test_an_edit_needs_to_say_what_it_is_based_on(ada_api, db):
    _create_page(ada_api)

    response = ada_api.patch("/api/v1/pages/backpressure/", {"body": "New."}, format="json")

    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    assert Page.objects.get().current_revision.number == 1


def test_an_edit_with_if_match_saves(ada_api, db):
    etag = _create_page(ada_api)["ETag"]

    response = ada_api.patch(
        "/api/v1/pages/backpressure/",
        {"body": "Slow consumers push back hard.", "summary": "stronger"},
        format="json",
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == HTTPStatus.OK, response.content
    assert response["X-Edit-Status"] == "saved"
    assert response.json()["revision"] == 2
    assert response["ETag"].startswith('"r2-')


def test_a_stale_edit_that_does_not_overlap_is_merged(ada_api, grace_api, db):
    etag = _create_page(ada_api)["ETag"]
    body = "Slow consumers push back.\n\nQueues fill up.\n\nProducers wait."
    first = grace_api.patch(
        "/api/v1/pages/backpressure/",
        {"body": body.replace("Slow consumers", "Slow, busy consumers")},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert first.status_code == HTTPStatus.OK

    second = ada_api.patch(
        "/api/v1/pages/backpressure/",
        {"body": body.replace("Producers wait.", "Producers wait or drop.")},
        format="json",
        HTTP_IF_MATCH=etag,  # stale: revision 1
    )

    assert second.status_code == HTTPStatus.OK
    assert second["X-Edit-Status"] == "merged"
    assert second.json()["body"] == (
        "Slow, busy consumers push back.\n\nQueues fill up.\n\nProducers wait or drop."
    )


def test_a_stale_overlapping_edit_is_a_409_with_both_versions(ada_api, grace_api, db):
    _create_page(ada_api)
    grace_api.patch(
        "/api/v1/pages/backpressure/",
        {"body": "Consumers push back.", "base_revision": 1},
        format="json",
    )

    response = ada_api.patch(
        "/api/v1/pages/backpressure/",
        {"body": "Fast consumers never push back.", "base_revision": 1},
        format="json",
    )

    assert response.status_code == HTTPStatus.CONFLICT
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["current_revision"] == 2
    assert problem["current_body"] == "Consumers push back."
    assert problem["your_body"] == "Fast consumers never push back."
    assert "<<<<<<<" in problem["merged_with_conflicts"]
    assert "+Fast consumers never push back." in problem["diff"]
    assert problem["etag"].startswith('"r2-')
    assert Page.objects.get().current_revision.number == 2  # nothing saved


def test_an_if_match_that_is_not_ours_is_a_412(ada_api, db):
    _create_page(ada_api)
    response = ada_api.patch(
        "/api/v1/pages/backpressure/", {"body": "x"}, format="json", HTTP_IF_MATCH='"whatever"'
    )
    assert response.status_code == 412


def test_a_protected_page_is_moderators_only(ada_api, mod_api, db):
    etag = _create_page(ada_api)["ETag"]
    Page.objects.update(is_protected=True)

    refused = ada_api.patch(
        "/api/v1/pages/backpressure/", {"body": "Mine."}, format="json", HTTP_IF_MATCH=etag
    )
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "protected" in refused.json()["detail"]
    allowed = mod_api.patch(
        "/api/v1/pages/backpressure/", {"body": "Mod."}, format="json", HTTP_IF_MATCH=etag
    )
    assert allowed.status_code == HTTPStatus.OK


def test_posting_a_challenge_a_solution_and_a_comment(ada_api, grace_api, learner):
    topic = make_topic("Celery")
    created = ada_api.post(
        "/api/v1/challenges/",
        {"title": "Celery beat runs tasks twice", "body": "Two schedulers?", "topics": ["celery"]},
        format="json",
    )
    assert created.status_code == HTTPStatus.CREATED, created.content
    challenge = Challenge.objects.get()
    assert created.json()["topics"] == [topic.slug]
    assert created["Location"].endswith(f"/api/v1/challenges/{challenge.pk}/")

    solution = grace_api.post(
        f"/api/v1/challenges/{challenge.pk}/solutions/", {"body": "Run one beat."}, format="json"
    )
    assert solution.status_code == HTTPStatus.CREATED
    solution_id = solution.json()["id"]
    comment = ada_api.post(
        f"/api/v1/solutions/{solution_id}/comments/", {"body": "Thanks @grace"}, format="json"
    )
    assert comment.status_code == HTTPStatus.CREATED
    assert Comment.objects.get().solution_id == solution_id
    assert "/u/grace/" in comment.json()["body_html"]  # the site's rendering: mentions link
    challenge.refresh_from_db()
    assert (challenge.solution_count, challenge.comment_count) == (1, 1)


def test_a_new_accounts_first_post_is_held(db):
    newcomer = UserFactory(approved_posts=0)
    response = token_client(newcomer).post(
        "/api/v1/challenges/",
        {"title": "My very first challenge", "body": "Hello."},
        format="json",
    )
    assert response.json()["is_held"] is True
    assert APIClientGet(f"/api/v1/challenges/{response.json()['id']}/") == 404


def APIClientGet(url):  # noqa: N802 - reads as what it does
    from rest_framework.test import APIClient

    return APIClient().get(url).status_code


def test_a_locked_challenge_takes_no_solution(ada_api, db):
    challenge = ChallengeFactory(is_locked=True)
    response = ada_api.post(
        f"/api/v1/challenges/{challenge.pk}/solutions/", {"body": "Try this."}, format="json"
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "locked" in response.json()["detail"]
    assert not Solution.objects.exists()


def test_editing_a_post_needs_if_match_and_merges_stale_edits(ada_api, learner, mod_api):
    from discussions import services

    challenge = ChallengeFactory(author=learner)
    solution = services.solution_create(
        challenge=challenge, author=learner, body="One.\n\nTwo.\n\nThree."
    )
    url = f"/api/v1/solutions/{solution.pk}/"
    etag = ada_api.get(url)["ETag"]
    assert etag.startswith('"v1-')

    assert ada_api.patch(url, {"body": "Changed."}, format="json").status_code == 428

    first = mod_api.patch(
        url, {"body": "One!\n\nTwo.\n\nThree."}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == HTTPStatus.OK, first.content
    second = ada_api.patch(
        url, {"body": "One.\n\nTwo.\n\nThree!"}, format="json", HTTP_IF_MATCH=etag
    )
    assert second.status_code == HTTPStatus.OK, second.content
    assert second.json()["body"] == "One!\n\nTwo.\n\nThree!"

    clash = ada_api.patch(url, {"body": "Mine."}, format="json", HTTP_IF_MATCH=etag)
    assert clash.status_code == HTTPStatus.CONFLICT
    assert clash.json()["current_body"] == "One!\n\nTwo.\n\nThree!"


def test_only_the_author_edits(ada_api, grace_api, learner):
    challenge = ChallengeFactory(author=learner)
    url = f"/api/v1/challenges/{challenge.pk}/"
    etag = ada_api.get(url)["ETag"]

    refused = grace_api.patch(
        url, {"title": "Grace's title now"}, format="json", HTTP_IF_MATCH=etag
    )
    assert refused.status_code == HTTPStatus.FORBIDDEN

    saved = ada_api.patch(url, {"title": "A clearer title here"}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == HTTPStatus.OK
    assert saved.json()["title"] == "A clearer title here"
    assert saved.json()["body"] == challenge.body


def test_withdraw_and_restore(ada_api, learner, api):
    challenge = ChallengeFactory(author=learner)

    withdrawn = ada_api.post(f"/api/v1/challenges/{challenge.pk}/withdraw/")
    assert withdrawn.json()["is_withdrawn"] is True
    assert api.get(f"/api/v1/challenges/{challenge.pk}/").status_code == 404

    restored = ada_api.post(f"/api/v1/challenges/{challenge.pk}/restore/")
    assert restored.json()["is_withdrawn"] is False


def test_votes_once_and_never_on_your_own(ada_api, grace_api, other_learner):
    solution = SolutionFactory(author=other_learner)
    url = f"/api/v1/solutions/{solution.pk}/vote/"

    assert ada_api.post(url).json() == {"solution": solution.pk, "score": 1, "has_voted": True}
    assert ada_api.post(url).json()["score"] == 1
    assert grace_api.post(url).status_code == HTTPStatus.FORBIDDEN
    assert ada_api.delete(url).json() == {"solution": solution.pk, "score": 0, "has_voted": False}
    assert not Vote.objects.exists()


def test_the_challenges_author_accepts(ada_api, grace_api, learner):
    solution = SolutionFactory(challenge=ChallengeFactory(author=learner))
    url = f"/api/v1/solutions/{solution.pk}/accept/"

    assert grace_api.post(url).status_code == HTTPStatus.FORBIDDEN
    accepted = ada_api.post(url)
    assert accepted.status_code == HTTPStatus.OK
    assert accepted.json()["is_accepted"] is True
    assert Challenge.objects.get().status == "solved"


def test_watching_a_page_and_a_challenge(ada_api, learner):
    _create_page(ada_api)
    challenge = ChallengeFactory()

    assert ada_api.post("/api/v1/pages/backpressure/watch/").json() == {"is_watching": True}
    assert ada_api.post(f"/api/v1/challenges/{challenge.pk}/watch/").status_code == 200
    kinds = {w["kind"] for w in ada_api.get("/api/v1/watches/").json()}
    assert kinds == {"page", "challenge"}
    assert ada_api.delete("/api/v1/pages/backpressure/watch/").json() == {"is_watching": False}
    assert not PageWatch.objects.filter(user=learner).exists()


def test_marking_notifications_read(ada_api, grace_api, learner):
    from notifications.models import Notification

    note = Notification.objects.create(recipient=learner, kind="solution", text="New", url="/")
    other = Notification.objects.create(recipient=learner, kind="solution", text="Old", url="/")

    assert grace_api.post(f"/api/v1/notifications/{note.pk}/read/").status_code == 404
    assert ada_api.post(f"/api/v1/notifications/{note.pk}/read/").json()["is_read"] is True
    assert ada_api.post("/api/v1/notifications/read-all/").json() == {"marked_read": 1}
    other.refresh_from_db()
    assert other.read_at is not None


def test_posting_shares_the_sites_own_limit(ada_api, learner_client, settings):
    """A script posts no faster than a person: the API and the form count the same limit."""
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "comment": "2/600"}
    challenge = ChallengeFactory()
    site = learner_client.post(
        reverse("discussions:challenge_comment", args=[challenge.pk]), {"body": "From the site"}
    )
    assert site.status_code == HTTPStatus.FOUND
    url = f"/api/v1/challenges/{challenge.pk}/comments/"
    assert ada_api.post(url, {"body": "From the API"}, format="json").status_code == 201

    refused = ada_api.post(url, {"body": "One too many"}, format="json")

    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 600
    assert Comment.objects.count() == 2


def test_requests_are_throttled_per_token_and_user(learner, settings):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "api": "3/60"}
    first, second = token_client(learner), token_client(learner)
    for _ in range(2):
        assert first.get("/api/v1/categories/").status_code == 200
    assert second.get("/api/v1/categories/").status_code == 200
    # The user's counter is full (3), though the second token has used one of its own.
    refused = second.get("/api/v1/categories/")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited"


def test_anonymous_callers_are_throttled_by_address(api, settings, db):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "api_anon": "2/60"}
    assert api.get("/api/v1/categories/").status_code == 200
    assert api.get("/api/v1/categories/").status_code == 200
    assert api.get("/api/v1/categories/").status_code == HTTPStatus.TOO_MANY_REQUESTS
    other = api.get("/api/v1/categories/", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
