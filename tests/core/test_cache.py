"""What a Redis outage does (pages, log-in, writes, sessions, /healthz), and rate-limit counters
shared by every process without Redis."""

from http import HTTPStatus

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection

from core import ratelimit
from core.cache import FailOpenRedisCache, SharedDatabaseCache
from discussions.models import Challenge
from tests.factories import PASSWORD

# Nothing listens there: every Redis call is refused, as when Redis is stopped.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    redis = {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": DEAD_REDIS}
    settings.CACHES = {
        "default": redis,
        "ratelimit": {**redis, "OPTIONS": {"FALLBACK": "database"}},
        "database": {"BACKEND": "core.cache.SharedDatabaseCache", "LOCATION": "nexus_cache"},
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.mark.django_db
def test_with_redis_down_pages_log_in_and_writes_keep_working(redis_down, client, learner):
    assert client.get("/challenges/").status_code == HTTPStatus.OK
    response = client.post("/accounts/login/", {"login": learner.username, "password": PASSWORD})
    assert response.status_code == HTTPStatus.FOUND

    # Logged in, and still logged in on the next requests: the session is in the database.
    assert client.get("/notifications/").status_code == HTTPStatus.OK
    response = client.post("/challenges/new/", {"title": "Redis is down", "body": "Still here?"})
    assert response.status_code == HTTPStatus.FOUND
    assert Challenge.objects.filter(title="Redis is down", author=learner).exists()
    assert client.get("/").status_code == HTTPStatus.OK
    assert Session.objects.count() == 1


@pytest.mark.django_db
def test_with_redis_down_rate_limits_still_hold_in_the_database(redis_down, settings, learner):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "challenge": "2/3600"}
    ratelimit.hit(learner, "challenge")
    ratelimit.hit(learner, "challenge")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit(learner, "challenge")


@pytest.mark.django_db
def test_healthz_says_degraded_but_up_when_redis_is_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK  # keep routing: the site works without it
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("degraded", "ok", "unreachable")
    assert body["redis"] == "unreachable"


def test_a_failing_redis_cache_reads_as_a_miss_and_skips_writes(redis_down):
    cache = caches["default"]
    assert isinstance(cache, FailOpenRedisCache)
    cache.set("k", 1)
    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_many(["k"]) == {}
    assert cache.add("lock", True) is True  # a lock taken with add() does not spin
    assert cache.incr("n") == 1
    cache.delete_many(["k"])
    assert cache.delete("k") is False


# --- the shared database cache ----------------------------------------------------------------


@pytest.mark.django_db
def test_allauth_counts_in_the_shared_rate_limit_cache():
    from allauth.core.internal import ratelimit as allauth_ratelimit

    # allauth has no setting for its cache: core.apps points it at the shared one.
    allauth_ratelimit.cache.set("allauth-check", [1.0], 60)
    assert caches["ratelimit"].get("allauth-check") == [1.0]


@pytest.mark.django_db
def test_the_database_cache_adds_once_and_counts():
    cache = caches["database"]
    assert isinstance(cache, SharedDatabaseCache)
    assert cache.add("counter", 1, 60) is True
    assert cache.add("counter", 5, 60) is False
    assert cache.incr("counter") == 2
    assert cache.incr("counter", 3) == 5
    assert cache.get("counter") == 5
    with pytest.raises(ValueError):
        cache.incr("missing")


@pytest.mark.django_db
def test_an_expired_entry_can_be_added_again():
    cache = caches["database"]
    cache.add("window", 9, 60)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE nexus_cache SET expires = %s",
            [connection.ops.adapt_datetimefield_value(_long_ago())],
        )
    assert cache.get("window") is None
    assert cache.add("window", 1, 60) is True
    assert cache.incr("window") == 2


def _long_ago():
    from datetime import UTC, datetime

    return datetime(2000, 1, 1, tzinfo=UTC)


# --- logging in: a flood from one place does not lock the owner out ---------------------------


@pytest.mark.django_db
def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out_elsewhere(client, learner):
    attacker, owner = "203.0.113.9", "198.51.100.7"
    for _ in range(8):
        response = client.post(
            "/accounts/login/",
            {"login": learner.username, "password": "wrong"},
            REMOTE_ADDR=attacker,
        )
        assert response.status_code == HTTPStatus.OK
    # The attacker's address is locked out of the account, even with the right password.
    response = client.post(
        "/accounts/login/", {"login": learner.username, "password": PASSWORD}, REMOTE_ADDR=attacker
    )
    assert response.status_code == HTTPStatus.OK
    assert b"Too many failed login attempts" in response.content

    response = client.post(
        "/accounts/login/", {"login": learner.username, "password": PASSWORD}, REMOTE_ADDR=owner
    )
    assert response.status_code == HTTPStatus.FOUND


def test_without_redis_rate_limits_are_in_the_database_shared_by_every_process():
    import os

    if os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is set: rate limits are in Redis (with the database as fallback)")
    assert isinstance(caches["ratelimit"], SharedDatabaseCache)


def _redis_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379")
def test_what_was_written_while_redis_failed_is_forgotten_once_it_is_back(monkeypatch):
    """A learner logs out while Redis fails: the database forgets the session, Redis cannot.
    Once Redis answers again, the stale copy goes before anything else is read."""
    import uuid

    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import ConnectionError as RedisConnectionError

    cache = FailOpenRedisCache(
        "redis://127.0.0.1:6379/11", {"KEY_PREFIX": f"nexus-stale-{uuid.uuid4().hex}"}
    )
    cache.set("session", "logged in", 60)

    def refused(*args, **kwargs):
        raise RedisConnectionError("Redis is stopped")

    with monkeypatch.context() as patch:
        patch.setattr(RedisCache, "delete", refused)
        patch.setattr(RedisCache, "get", refused)
        assert cache.delete("session") is False  # skipped, remembered
        assert cache.get("session") is None  # a miss while down

    cache._state["down_until"] = 0.0  # the retry pause is over
    assert cache.get("session") is None  # the stale copy went first
    cache.delete("session")
