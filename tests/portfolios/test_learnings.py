"""/learnings/: what learners learned, across every portfolio."""

from http import HTTPStatus

import pytest
from django.utils import timezone

from discussions.models import Solution
from knowledge.models import Topic
from portfolios.models import DeclaredTerm
from tests.factories import (
    UserFactory,
    make_challenge,
    make_declared_term,
    make_note,
    make_page,
    make_solution,
    make_topic,
)

pytestmark = pytest.mark.django_db


def declare(user, name, topic=None):
    return make_declared_term(user, name, topic=topic)


def note(user, body):
    return make_note(user, body)


def solved(title, author):
    challenge = make_challenge(title, author=author)
    solution = make_solution(challenge, "Use a worker.", author=author)
    Solution.objects.filter(pk=solution.pk).update(is_accepted=True)
    challenge.status = "solved"
    challenge.save(update_fields=["status"])
    return challenge


def test_most_cited_technologies_common_challenges_and_repeated_takeaways(client):
    celery = make_topic("Celery")
    learners = [UserFactory() for _ in range(3)]
    for user in learners:
        declare(user, "Celery", celery)
        note(user, "Write tests first.")
    declare(learners[0], "Kafka")
    for user in learners[:2]:
        solved("Emails blocking requests", user)
    make_challenge("emails blocking requests ", author=learners[2])
    make_challenge("A one-off problem", author=learners[2])
    make_challenge("Hidden trouble", author=learners[2], hidden_at=timezone.now())
    make_page("Sending emails without blocking requests", "Use a task queue.")

    response = client.get("/learnings/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.index(">Celery</a>") < html.index(">Kafka</a>")
    assert '<a href="/search/topics/celery/">Celery</a>' in html
    assert "3 learners" in html
    assert "met 3 times" in html  # case and spaces aside, one challenge
    assert html.index("Emails blocking requests") < html.index("A one-off problem")
    assert "Hidden trouble" not in html
    # Each common challenge links to what answers it (search's related pages).
    assert 'Wiki: <a href="/wiki/sending-emails-without-blocking-requests/"' in html
    assert "Write tests first." in html
    assert "Turn into a wiki page" not in html  # readers only read
    assert "Add as a topic" not in html


def test_moderators_can_turn_a_common_challenge_into_a_wiki_page(moderator_client):
    challenge = solved("Celery workers would not start", UserFactory())
    html = moderator_client.get("/learnings/").content.decode()
    assert f'href="/wiki/new/?from_challenge={challenge.pk}"' in html
    # The existing flow answers it: the wiki editor, pre-filled from the accepted solution.
    response = moderator_client.get(f"/wiki/new/?from_challenge={challenge.pk}")
    assert response.status_code == HTTPStatus.OK
    assert "Use a worker." in response.content.decode()


def test_moderators_add_a_declared_technology_as_a_topic(moderator_client):
    ada, grace = UserFactory(), UserFactory()
    declare(ada, "Kafka")
    declare(grace, "kafka")
    html = moderator_client.get("/learnings/").content.decode()
    assert "Add as a topic" in html
    response = moderator_client.post("/learnings/topics/", {"key": "kafka"})
    assert response.status_code == HTTPStatus.FOUND
    topic = Topic.objects.get(slug="kafka")
    assert set(DeclaredTerm.objects.values_list("topic", flat=True)) == {topic.pk}


def test_learners_cannot_add_topics(learner_client):
    declare(UserFactory(), "Kafka")
    response = learner_client.post("/learnings/topics/", {"key": "kafka"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Topic.objects.exists()


def test_the_learnings_page_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    topics = [make_topic(f"Tech {i}") for i in range(5)]
    for i in range(40):
        user = UserFactory()
        declare(user, f"Tech {i % 20}", topics[i % 5] if i % 4 else None)
        note(user, f"Takeaway {i % 25}")
        make_challenge(f"Problem {i % 30}", author=user)
    # Search's "related" is a few queries per challenge (more on PostgreSQL), for the top few.
    with django_assert_max_num_queries(45):
        response = client.get("/learnings/")
    assert response.status_code == HTTPStatus.OK
    assert "Problem" in response.content.decode()
    # Cached afterwards: every reader sees the same public aggregate.
    with django_assert_max_num_queries(2):
        response = client.get("/learnings/")
    assert "Takeaway" in response.content.decode()
