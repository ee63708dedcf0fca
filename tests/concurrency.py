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


def at_once(work: Callable[[int], object], count: int, *, timeout: float = 120) -> list:
    """Call `work(i)` for i in range(count), all threads released together; return each call's
    result, or the exception it raised, in order."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=timeout)
            results[i] = work(i)
        except Exception as exc:  # the test asserts on it
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(t.is_alive() for t in threads), "a thread is still running (deadlock?)"
    return results
