"""Fixtures for the fault tests: one private PostgreSQL cluster per test session (per xdist
worker), a migrated database per test module, and a private Redis."""

from __future__ import annotations

import pytest

from tests.faults import servers

MISSING = servers.missing_binaries()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/faults/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.faults)
            needs_servers = {"private_postgres", "private_redis"}
            if MISSING and needs_servers & set(getattr(item, "fixturenames", ())):
                item.add_marker(
                    pytest.mark.skip(
                        reason=f"fault tests need {' and '.join(MISSING)} installed "
                        "(they start private servers from those binaries)"
                    )
                )


@pytest.fixture(scope="session")
def private_postgres():
    pg = servers.Postgres(servers.port(5440))
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.remove()


@pytest.fixture(scope="module")
def migrated_database(private_postgres, request):
    """A fresh database for the module, migrated with the site's own settings."""
    name = f"faults_{request.module.__name__.rsplit('.', 1)[-1]}"
    url = private_postgres.create_database(name)
    servers.manage(servers.site_env(url), "migrate", "--noinput", "-v0")
    return url


@pytest.fixture
def private_redis():
    redis = servers.Redis(servers.port(6390))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def site_port():
    return servers.port(8130)
