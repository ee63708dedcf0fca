"""The suite runs on whatever DATABASE_URL and REDIS_URL say (SQLite and local memory by
default; PostgreSQL and Redis in the CI's second pass): make sure that is really so."""

import os

from django.core.cache import caches
from django.db import connection


def test_the_configured_database_is_the_one_in_use(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_the_configured_cache_is_the_one_in_use_and_answers():
    cache = caches["default"]
    backend = "FailOpenRedisCache" if os.environ.get("REDIS_URL") else "LocMemCache"
    assert type(cache).__name__ == backend
    cache.set("backend-check", "ok", 30)
    assert cache.get("backend-check") == "ok"
