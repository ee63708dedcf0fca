import pytest
from django.test import Client


@pytest.fixture
def grace_client(other_learner):
    client = Client()
    client.force_login(other_learner)
    return client
