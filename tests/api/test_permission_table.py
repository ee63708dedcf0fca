"""PRODUCT.md's permission table over the API: the same rules as the HTML site (the rows are in
tests/moderation/permission_rows.py, API_ROWS, beside the site's), with a write-scope token for
each role and the API's answers (401 for a reader, problem details for a refusal).

"Allowed" means the request wrote something; a refusal writes nothing (the same snapshot of
every table as tests/moderation/test_permission_table.py)."""

from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from tests.api.conftest import token_client
from tests.factories import ModeratorFactory, UserFactory
from tests.moderation.permission_rows import API_ROWS, OK, ROLES
from tests.moderation.test_permission_table import _everything

WRITE_METHODS = {"post", "put", "patch", "delete"}


def _api_views() -> dict[str, set[str]]:
    """Every api:name, with the write methods its view takes."""
    found = {}

    def walk(patterns, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, [*namespaces, pattern.namespace] if pattern.namespace
                     else namespaces)  # fmt: skip
            elif isinstance(pattern, URLPattern) and namespaces[:1] == ["api"] and pattern.name:
                view = getattr(pattern.callback, "view_class", None)
                methods = {m for m in WRITE_METHODS if view and hasattr(view, m)}
                if methods:
                    found[f"api:{pattern.name}"] = methods

    walk(get_resolver().url_patterns, [])
    return found


def test_every_api_write_is_in_the_table():
    rows: dict[str, set] = {}
    for name, row in API_ROWS.items():
        method = row.build.__name__  # only for the message
        rows.setdefault(name.split(" (")[0], set()).add(method)
    missing = set(_api_views()) - set(rows)
    assert not missing, f"Add API_ROWS for: {sorted(missing)}"
    stale = set(rows) - set(_api_views())
    assert not stale, f"These rows name no API write: {sorted(stale)}"


def _client_for(role, author):
    if role == "reader":
        return APIClient()
    user = {
        "learner": lambda: UserFactory(),
        "author": lambda: author,
        "suspended": lambda: UserFactory(
            suspended_until=timezone.now() + timezone.timedelta(days=1),
            suspension_reason="Testing",
        ),
        "moderator": lambda: ModeratorFactory(),
    }[role]()
    return token_client(user)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(API_ROWS))
def test_api_permission_table(name, role, db, settings):
    row = API_ROWS[name]
    author = UserFactory(username="the-author")
    client = _client_for(role, author)
    method, url, body = row.build(author)
    before = _everything(settings)

    response = getattr(client, method)(url, body, format="json")

    expected = row.expect[role]
    if expected == OK:
        assert response.status_code < 400, response.content[:500]
        assert _everything(settings) != before, "allowed, but nothing was written"
    else:
        assert response.status_code == expected, response.content[:300]
        assert response["Content-Type"] == "application/problem+json"
        assert _everything(settings) == before, "refused, but something was written"
    if expected == HTTPStatus.UNAUTHORIZED:
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_every_api_row_covers_every_role():
    for name, row in API_ROWS.items():
        assert set(row.expect) == set(ROLES), name
