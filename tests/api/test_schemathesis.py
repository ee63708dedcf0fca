"""Schemathesis against /api/schema/: generated requests (valid and invalid) to every operation,
through the WSGI app, as a reader and with a write token. No answer is a 5xx, and every answer
matches the schema (status code, content type, headers, body).

Bounded: a few examples per operation (SCHEMATHESIS_MAX_EXAMPLES, default 8), about a minute.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import token_client
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    SolutionFactory,
    UserFactory,
    make_page,
    make_topic,
)

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _load_schema():
    """The schema /api/schema/ serves (the same generator), loaded at collection time."""
    import json

    from django.core.wsgi import get_wsgi_application
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    spec = SchemaGenerator(api_version="v1").get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(spec)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _content(db, settings):
    # Generous limits: the fuzzer posts faster than any person, and a 429 would hide the rest.
    settings.NEXUS_RATE_LIMITS = {name: "100000/60" for name in settings.NEXUS_RATE_LIMITS}
    author = UserFactory(username="fuzz")
    topic = make_topic("Celery")
    make_page("Celery", "Celery runs tasks.", topics=[topic], author=author)
    challenge = ChallengeFactory(author=author, title="Celery workers will not start")
    challenge.topics.add(topic)
    solution = SolutionFactory(challenge=challenge)
    CommentFactory(challenge=None, solution=solution)
    CommentFactory(challenge=challenge)
    # As Django's test client does: the WSGI handler's request signals would close the test's
    # database connection (and its transaction) after each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def writer(db):
    return token_client(UserFactory(username="fuzz-writer"))


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_the_api_keeps_its_schema(case, writer):
    # identity: the WSGI test client hands gzip bytes over as they are (GZipMiddleware).
    headers = {"Authorization": f"Bearer {writer.secret}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
