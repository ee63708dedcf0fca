"""Query budgets on data big enough to expose an N+1."""

import pytest
from django.contrib.contenttypes.models import ContentType

from discussions import services
from discussions.models import Challenge, Comment, Solution, Vote
from tests.factories import TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_challenge(learner):
    authors = [UserFactory(username=f"solver{n}") for n in range(10)]
    challenge = services.challenge_create(
        author=learner,
        title="A very popular challenge",
        body="Help!",
        topics=[TopicFactory(), TopicFactory()],
    )
    solutions = Solution.objects.bulk_create(
        Solution(
            challenge=challenge,
            author=authors[n % 10],
            body=f"Solution {n}",
            body_html=f"<p>Solution {n}</p>",
        )
        for n in range(50)
    )
    Comment.objects.bulk_create(
        Comment(
            solution=solution,
            author=authors[(n + i) % 10],
            body=f"Comment {i}",
            body_html=f"<p>Comment {i}</p>",
        )
        for n, solution in enumerate(solutions)
        for i in range(20)
    )
    Comment.objects.bulk_create(
        Comment(challenge=challenge, author=authors[i % 10], body="c", body_html="<p>c</p>")
        for i in range(20)
    )
    Vote.objects.bulk_create(Vote(user=learner, solution=s) for s in solutions[:10])
    services.challenge_refresh_counts(challenge=challenge)
    return challenge


@pytest.mark.parametrize("viewer", ["asker", "solver", "moderator", "other learner", "reader"])
def test_challenge_page_with_50_solutions_of_20_comments(
    client, big_challenge, viewer, moderator, django_assert_max_num_queries
):
    """At most 9 queries for everyone, on a cold ContentType cache (the flag tools of 1,070
    posts, the votes, the watch button and the header count included). Rows written in a
    test's open transaction are never cached, so this is the uncached path: the comments'
    narrow rows, then their bodies for rendering (one query more than a cached page,
    tests/perf/test_fragments.py)."""
    user = {
        "asker": big_challenge.author,
        "solver": big_challenge.solutions.first().author,
        "moderator": moderator,
        "other learner": UserFactory(username="onlooker"),
        "reader": None,
    }[viewer]
    if user is not None:
        client.force_login(user)
    # The header's counters live in the shared cache (cached by design); the ContentType cache
    # is per process and cold in every new worker.
    client.get(big_challenge.get_absolute_url())
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(9):
        response = client.get(big_challenge.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card solution') == 50
    assert "Show all 20 comments" in html
    if viewer == "asker":
        assert html.count("Accept this solution") == 50
    if viewer == "moderator":
        assert html.count("Accept this solution") == 50
        assert "lock-form" in html
    if viewer in {"solver", "other learner"}:
        assert "Flag" in html  # the flag tools are there, loaded once for the whole page


@pytest.mark.parametrize("viewer", ["asker", "other learner"])
def test_challenge_page_for_learners_on_an_empty_cache_too(
    client, big_challenge, viewer, django_assert_max_num_queries
):
    """Nothing cached at all (the unread count is counted): still at most 10 (one is the
    viewer's trust level, read per request from reputation's Standing; one the comments'
    bodies, loaded when a block has to be rendered)."""
    user = big_challenge.author if viewer == "asker" else UserFactory(username="onlooker")
    client.force_login(user)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(10):
        response = client.get(big_challenge.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="card solution') == 50


def test_challenge_page_unfolded_thread_stays_in_budget(
    learner_client, big_challenge, django_assert_max_num_queries
):
    solution = big_challenge.solutions.first()
    url = f"{big_challenge.get_absolute_url()}?all_comments=s{solution.pk}"
    ContentType.objects.clear_cache()
    # 8, the viewer's trust level, and the comments' bodies (uncached: rows of an open
    # transaction are never cached)
    with django_assert_max_num_queries(10):
        response = learner_client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'class="comment"') == 3 * 50 + 20 - 3 + 3  # one unfolded


def test_challenge_page_for_a_reader(client, big_challenge, django_assert_max_num_queries):
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(6):
        response = client.get(big_challenge.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card solution') == 50
    assert html.count("Solution 49") == 1 and "Accept this solution" not in html


def test_list_query_budget(learner_client, learner, django_assert_max_num_queries):
    topics = [TopicFactory() for _ in range(3)]
    authors = [UserFactory(username=f"asker{n}") for n in range(10)]
    challenges = Challenge.objects.bulk_create(
        Challenge(author=authors[n % 10], title=f"Challenge {n}", body="x", body_html="x")
        for n in range(60)
    )
    for c in challenges:
        c.topics.set(topics)
    # Warm the cached header count, the topic list and the topic's plan (2 queries, once).
    learner_client.get(f"/challenges/?topic={topics[0].slug}")
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(6):
        response = learner_client.get("/challenges/?sort=active&status=open")
    assert response.status_code == 200
    assert response.content.count(b'class="challenge-row"') == 20
    with django_assert_max_num_queries(6):
        response = learner_client.get("/challenges/?sort=active&track=backend&status=open")
    assert response.status_code == 200
    with django_assert_max_num_queries(6):
        response = learner_client.get(f"/challenges/?topic={topics[0].slug}&page=2")
    assert response.status_code == 200
    assert response.content.count(b'class="challenge-row"') == 20
