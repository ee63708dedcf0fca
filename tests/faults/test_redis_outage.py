"""Redis stopped and started again under a live site (gunicorn, production settings, a private
PostgreSQL and a private Redis).

What was decided, per use (docs/operations.md, core/cache.py):
- the page cache fails OPEN: a miss, never a 500;
- sessions are in the database (cached_db): nobody is logged out, no session is lost;
- rate limits fail CLOSED onto the database cache: they keep holding during the outage;
- /healthz answers 200 "degraded" with redis "unreachable" (the site works; alert on it).
"""

from __future__ import annotations

import re

import pytest

from tests.faults import servers

PASSWORD = "a-fault-test-password-0451"


def _logged_in_as(session, site, username: str) -> bool:
    response = session.get(site.base + "/notifications/", allow_redirects=False, timeout=10)
    return response.status_code == 200 and f"/u/{username}/" in response.text


def _post_challenge(session, site, title: str):
    session.get(site.base + "/challenges/new/", timeout=10)
    return session.post(
        site.base + "/challenges/new/",
        data={"title": title, "body": "Does the hub keep working without Redis?",
              "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        allow_redirects=False, timeout=10,
    )  # fmt: skip


@pytest.fixture
def site(migrated_database, private_redis, site_port, tmp_path):
    env = servers.site_env(
        migrated_database,
        REDIS_URL=private_redis.url,
        CACHE_KEY_PREFIX="faults-redis",
        NEXUS_RATE_CHALLENGE="3/3600",
    )
    servers.django_script(
        env,
        "from accounts.models import User\n"
        "from allauth.account.models import EmailAddress\n"
        "for name in ('ada', 'grace'):\n"
        f"    u = User.objects.create_user(name, name + '@example.org', {PASSWORD!r})\n"
        "    u.approved_posts = 5; u.save()\n"
        "    EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n",
    )
    with servers.Site(env, site_port, tmp_path) as running:
        yield running


def test_redis_down_and_back(site, private_redis):
    ada = site.log_in("ada", PASSWORD)
    assert _logged_in_as(ada, site, "ada")
    assert site.session().get(site.base + "/healthz", timeout=10).json()["redis"] == "ok"

    private_redis.stop()

    # Pages answer (the cache fails open) and Ada is still logged in (sessions in the database).
    for path in ("/", "/challenges/", "/wiki/", "/search/?q=redis"):
        response = ada.get(site.base + path, timeout=10)
        assert response.status_code == 200, (path, response.status_code)
    assert _logged_in_as(ada, site, "ada")

    # Logging in works, and the new session survives the outage too.
    grace = site.log_in("grace", PASSWORD)
    assert _logged_in_as(grace, site, "grace")

    # Writes go through, and the rate limit (3 an hour here) still holds: the counters moved
    # to the database.
    statuses = [_post_challenge(ada, site, f"Without Redis {i}").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429], statuses

    # /healthz: up but degraded, Redis named as the reason.
    response = site.session().get(site.base + "/healthz", timeout=10)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["redis"]) == ("degraded", "ok", "unreachable")

    private_redis.start()

    # The health check asks Redis itself: it reports Redis back at once.
    body = servers.wait_until(
        lambda: (
            (b := site.session().get(site.base + "/healthz", timeout=10).json())["redis"] == "ok"
            and b
        ),
        15,
        "/healthz to report redis ok",
    )
    assert body["status"] == "ok"
    # Nobody was logged out, before, during or after.
    assert _logged_in_as(ada, site, "ada")
    assert _logged_in_as(grace, site, "grace")
    page = ada.get(site.base + "/challenges/", timeout=10)
    assert page.status_code == 200
    assert len(re.findall(r"Without Redis \d", page.text)) == 3
    assert site.errors() == []
