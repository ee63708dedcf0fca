import pytest

from tests.factories import ChallengeFactory, SolutionFactory, UserFactory


@pytest.fixture
def asker(db):
    return UserFactory(username="asker")


@pytest.fixture
def helper(db):
    return UserFactory(username="helper")


@pytest.fixture
def challenge(asker):
    return ChallengeFactory(author=asker, title="Celery workers will not start")


@pytest.fixture
def solution(challenge, helper):
    return SolutionFactory(challenge=challenge, author=helper)
