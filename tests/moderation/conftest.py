import pytest

from tests.factories import ChallengeFactory, SolutionFactory, UserFactory


@pytest.fixture
def author(db):
    return UserFactory(username="author")


@pytest.fixture
def challenge(author):
    return ChallengeFactory(author=author, title="Emails make pages hang")


@pytest.fixture
def solution(author, other_learner):
    challenge = ChallengeFactory(author=other_learner, title="Celery workers will not start")
    return SolutionFactory(challenge=challenge, author=author)
