import pytest

from discussions import services
from tests.factories import TopicFactory


@pytest.fixture
def topic(db):
    return TopicFactory(name="Celery", slug="celery")


@pytest.fixture
def challenge(learner, topic):
    """Ada's challenge, posted through the service (revision, watch, counters)."""
    return services.challenge_create(
        author=learner,
        title="Celery tasks fail silently",
        body="My **tasks** disappear without an error.",
        topics=[topic],
    )


@pytest.fixture
def solution(challenge, other_learner):
    """Grace's answer to Ada's challenge."""
    return services.solution_create(
        challenge=challenge, author=other_learner, body="Use `autoretry_for` with back-off."
    )
