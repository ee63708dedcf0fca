import os

import pytest
from django.test import Client

from tests.factories import PASSWORD, ModeratorFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a database file rather than in memory.

    An in-memory database lives in one connection, which the live server then shares between
    its request threads and the test itself. Chromium sends requests side by side (a page and
    its lazy htmx sections), and two threads stepping the same cached statement on one
    connection can read each other's rows: a logged-in request then found no session and was
    sent to the log-in page. With a file, every thread has its own connection, as in
    production, and SQLite's WAL and IMMEDIATE transactions (settings.py) keep them apart.
    """
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session", autouse=True)
def _cache_key_prefix_per_worker():
    """Each xdist worker keeps its keys (sessions too, on Redis) apart from the others', so one
    worker wiping its cache between tests leaves the others' alone. (Read from the environment
    rather than xdist's `worker_id` fixture, so `pytest -p no:xdist` still runs.)"""
    worker_id = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker_id:
        return
    from django.conf import settings
    from django.test.signals import clear_cache_handlers

    for alias, cache in settings.CACHES.items():  # rate limits (allauth's too) and all
        settings.CACHES[alias] = {
            **cache,
            "KEY_PREFIX": f"{cache.get('KEY_PREFIX', '')}-{worker_id}",
        }
    clear_cache_handlers(setting="CACHES")


def _wipe_cache():
    """Every cache alias: a rate-limit counter left by one test must not refuse the next one's
    sign-up e-mail or post."""
    from django.conf import settings
    from django.core.cache import caches
    from django.core.cache.backends.db import BaseDatabaseCache
    from django.core.cache.backends.redis import RedisCache

    for alias in settings.CACHES:
        cache = caches[alias]
        if isinstance(cache, BaseDatabaseCache):
            continue  # its rows go with each test's rolled-back transaction
        if isinstance(cache, RedisCache):
            # Redis's clear() is FLUSHDB: it would wipe other runs sharing the database number.
            # Delete only this run's keys (CACHE_KEY_PREFIX is unique per CI run).
            try:
                client = cache._cache.get_client(write=True)
                keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
            except Exception:  # a test pointing the cache at a closed port: nothing to wipe
                continue
            if keys:
                client.delete(*keys)
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def _clear_cache():
    _wipe_cache()
    yield
    _wipe_cache()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def learner(db):
    return UserFactory(username="ada", track="backend")


@pytest.fixture
def other_learner(db):
    return UserFactory(username="grace", track="frontend")


@pytest.fixture
def moderator(db):
    return ModeratorFactory(username="mod")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def grace_client(other_learner):
    """A second browser session (learner_client keeps Ada's)."""
    client = Client()
    client.force_login(other_learner)
    return client


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run transactional (browser) tests last.

    They end by flushing the database, which also empties what data migrations seeded (the
    wiki's categories, the Moderators group); tests after them would find those gone. `make
    pytest` runs them in a pass of their own anyway (the others on xdist workers, where none is
    transactional); this keeps a plain `pytest` over everything right.
    """
    items.sort(key=_is_transactional)
