"""Load shedding (core/shedding.py): a request that waited too long for a thread, or would,
gets a fast 503 with Retry-After; /healthz never does; without a stamp nothing is refused.

The wait is set by hand here; bench/shed_bench.py measures the whole under gunicorn."""

import threading
import time
from http import HTTPStatus
from types import SimpleNamespace

import pytest

from core import shedding


@pytest.fixture
def waited():
    def set_wait(seconds: float | None, refuse: bool = False) -> None:
        shedding._local.queued_at = None if seconds is None else time.monotonic() - seconds
        shedding._local.refuse = refuse

    yield set_wait
    shedding._local.queued_at = None
    shedding._local.refuse = False


@pytest.mark.django_db
def test_a_request_that_waited_too_long_is_refused_fast(client, waited, settings):
    settings.NEXUS_SHED_QUEUE_MS = 500
    waited(0.8)

    response = client.get("/challenges/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert b"busy for a moment" in response.content


@pytest.mark.django_db
def test_a_request_that_waited_less_is_served(client, waited, settings):
    settings.NEXUS_SHED_QUEUE_MS = 500
    waited(0.1)

    assert client.get("/challenges/").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_a_request_turned_away_at_the_queue_is_refused(client, waited):
    waited(0.0, refuse=True)

    assert client.get("/").status_code == HTTPStatus.SERVICE_UNAVAILABLE


@pytest.mark.django_db
def test_healthz_is_never_refused(client, waited):
    waited(30.0, refuse=True)

    assert client.get("/healthz").status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_without_a_stamp_or_with_shedding_off_nothing_is_refused(client, waited, settings):
    waited(None)
    assert client.get("/").status_code == HTTPStatus.OK

    settings.NEXUS_SHED_QUEUE_MS = 0
    waited(30.0)
    assert client.get("/").status_code == HTTPStatus.OK


class FakeGthreadWorker:
    """What watch_gthread_queue uses of gunicorn's ThreadWorker."""

    def __init__(self):
        self.cfg = SimpleNamespace(threads=2)
        self.queued = []
        self.finished = []
        self.method_queue = SimpleNamespace(defer=lambda fn, *a: fn(*a))

    def enqueue_req(self, conn):
        self.queued.append(conn)

    def handle(self, conn):
        return (shedding.queued_seconds(), shedding._local.refuse)

    def finish_request(self, conn, future):
        self.finished.append((conn, future.result()))


def test_the_gthread_queue_is_watched_and_a_long_queue_turns_requests_away(settings):
    settings.NEXUS_SHED_QUEUE_MS = 500
    worker = FakeGthreadWorker()
    shedding.watch_gthread_queue(worker)
    shedding._queue.update(waiting=0, service=0.2)

    first = SimpleNamespace()
    worker.enqueue_req(first)
    assert worker.queued == [first] and shedding._queue["waiting"] == 1
    waited, refused = worker.handle(first)
    assert waited is not None and waited >= 0 and refused is False
    assert shedding._queue["waiting"] == 0

    # Ten requests ahead at 0.2 s each over two threads: a second to wait. Turned away.
    shedding._queue["waiting"] = 10
    turned_away = SimpleNamespace()
    worker.enqueue_req(turned_away)
    deadline = time.monotonic() + 5
    while not worker.finished and time.monotonic() < deadline:
        time.sleep(0.01)
    assert worker.queued == [first]
    assert worker.finished[0][0] is turned_away
    assert worker.finished[0][1][1] is True  # handled with the refusal flag
    assert threading.current_thread().name not in {"nexus-shed_0"}
    shedding._queue.update(waiting=0, service=0.05)
