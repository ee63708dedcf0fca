"""PostgreSQL restarted under load, the site (gunicorn, production settings) left running.

While the database is down a request gets a short 503 page with Retry-After, never a 500 or a
traceback; once it is back, every request works again without restarting the app
(CONN_HEALTH_CHECKS drops the dead persistent connections).
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
import requests

from tests.faults import servers

PATHS = ["/", "/challenges/", "/wiki/", "/healthz", "/search/?q=postgres"]


@pytest.fixture
def site(migrated_database, site_port, tmp_path):
    env = servers.site_env(migrated_database, DB_CONN_MAX_AGE="600")
    with servers.Site(env, site_port, tmp_path) as running:
        yield running


class Load:
    """A few clients asking for pages in a loop; every answer's status and body kept."""

    def __init__(self, base: str, clients: int = 4):
        self.base = base
        self.stop = threading.Event()
        # (sent at, answered at, path, status, body)
        self.answers: list[tuple[float, float, str, int, str]] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def _run(self, i: int) -> None:
        session = requests.Session()
        n = i
        while not self.stop.is_set():
            path = PATHS[n % len(PATHS)]
            n += 1
            sent = time.monotonic()
            try:
                response = session.get(self.base + path, timeout=15)
                answer = (sent, time.monotonic(), path, response.status_code, response.text)
            except requests.RequestException as exc:
                answer = (sent, time.monotonic(), path, -1, repr(exc))
            with self.lock:
                self.answers.append(answer)
            time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(30)


def test_postgres_restart_under_load(site, private_postgres):
    with Load(site.base) as load:
        time.sleep(1.5)
        private_postgres.stop()
        stopped = time.monotonic()
        time.sleep(2)
        restarting = time.monotonic()
        private_postgres.start()
        time.sleep(2)

    statuses = Counter(status for _, _, _, status, _ in load.answers)
    # Sent after the cluster had stopped and answered before it was started again.
    during = [a for a in load.answers if a[0] > stopped and a[1] < restarting]
    # Every answer was a page or a clean refusal: no 500, no dropped connection.
    assert set(statuses) <= {200, 503}, statuses
    assert during and all(status == 503 for _, _, _, status, _ in during), Counter(
        (p, s) for _, _, p, s, _ in during
    )
    for _, _, path, status, body in load.answers:
        if status == 503 and path != "/healthz":
            assert "The database is not answering" in body, body[:500]
            assert "Traceback" not in body and "psycopg" not in body

    # Back without restarting gunicorn: the same process answers every page.
    session = requests.Session()
    for path in PATHS:
        response = session.get(site.base + path, timeout=10)
        assert response.status_code == 200, (path, response.status_code)
    refused = session.get(site.base + "/healthz", timeout=10)
    assert refused.json()["database"] == "ok"
    assert site.process.poll() is None
    # Logged: the outage (503s, the health check), never a 500.
    assert not [e for e in site.errors() if "Internal Server Error" in e["message"]]
    assert any("Service Unavailable" in e["message"] for e in site.errors())
