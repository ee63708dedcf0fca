import pytest
from rest_framework.test import APIClient

from api import services
from api.models import Scope


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def api():
    """A client with no credentials: a reader."""
    return APIClient()


def token_client(user, scope=Scope.WRITE, **kwargs):
    _token, secret = services.token_create(user=user, name="tests", scope=scope, **kwargs)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    client.secret = secret
    return client


@pytest.fixture
def ada_api(learner):
    return token_client(learner)


@pytest.fixture
def grace_api(other_learner):
    return token_client(other_learner)


@pytest.fixture
def mod_api(moderator):
    return token_client(moderator)
