import pytest

from discussions import services
from tests.discussions.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_home_shows_open_and_solved_challenges(client, learner, other_learner):
    services.challenge_create(author=learner, title="Needs help badly", body="x")
    solved = services.challenge_create(author=learner, title="Already solved one", body="x")
    solution = services.solution_create(challenge=solved, author=other_learner, body="y")
    services.solution_accept(solution=solution, user=learner)
    response = client.get("/")
    assert b"Needs help badly" in response.content
    assert b"Already solved one" in response.content


def test_home_query_budget(client, learner, django_assert_max_num_queries):
    topics = [TopicFactory() for _ in range(3)]
    for n in range(20):
        c = services.challenge_create(author=learner, title=f"Open challenge {n}", body="x")
        c.topics.set(topics)
    with django_assert_max_num_queries(5):
        client.get("/")
