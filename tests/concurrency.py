"""Run the same work in many threads at once, each with its own database connection.

For tests marked `needs_postgres`: SQLite serialises every write, so races only show on
PostgreSQL. The tests use `django_db(transaction=True)`, so what the threads write is committed
and visible to each other, as it is between gunicorn workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db import connections

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="needs PostgreSQL (DATABASE_URL=postgres://…): SQLite serialises every write, "
        "so these races cannot happen there",
    ),
    pytest.mark.django_db(transaction=True),
]


# PostgreSQL's default max_connections is 100, shared with the test's own connection and with
# anything else running: at most this many threads hold a connection at a time.
MAX_CONNECTIONS = 40


def at_once(work: Callable[[int], object], count: int, *, timeout: float = 120) -> list:
    """Call `work(i)` for i in range(count), all threads released together (at most
    MAX_CONNECTIONS of them inside `work` at a time, each on its own connection); return each
    call's result, or the exception it raised, in order."""
    start = threading.Event()
    slots = threading.BoundedSemaphore(min(count, MAX_CONNECTIONS))
    results: list = [None] * count

    def run(i: int) -> None:
        start.wait(timeout)
        with slots:
            try:
                results[i] = work(i)
            except Exception as exc:  # the test asserts on it
                results[i] = exc
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    start.set()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a thread is still running (deadlock?)"
    return results
