"""Who may configure webhooks: moderators only (the rows live with the others, in
tests/moderation/permission_rows.py). "Allowed" means the request wrote something."""

from http import HTTPStatus

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.factories import UserFactory
from tests.moderation.permission_rows import (
    LOGIN,
    OK,
    ROLES,
    WEBHOOK_READ_ONLY,
    WEBHOOK_ROWS,
)
from tests.moderation.test_permission_table import _client_for
from webhooks.models import Delivery, Hook


def _everything():
    return {
        "hooks": list(Hook.objects.order_by("pk").values()),
        "topics": list(Hook.topics.through.objects.order_by("pk").values()),
        "deliveries": list(Delivery.objects.order_by("pk").values()),
    }


def test_every_webhooks_url_has_a_row():
    (resolver,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "webhooks"
    ]
    names = {f"webhooks:{p.name}" for p in resolver.url_patterns}
    assert names == set(WEBHOOK_ROWS) | WEBHOOK_READ_ONLY


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WEBHOOK_ROWS))
def test_webhook_permission_table(name, role, client, db):
    row = WEBHOOK_ROWS[name]
    author = UserFactory(username="the-author")
    client = _client_for(role, client, author)
    url, data = row.build(author)
    before = _everything()
    response = client.post(url, data)
    expected = row.expect[role]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == OK:
        assert response.status_code == HTTPStatus.FOUND, response.content[:500]
        assert _everything() != before, "allowed, but nothing was written"
    else:
        assert response.status_code == expected
    if expected != OK:
        assert _everything() == before, "refused, but something was written"


@pytest.mark.parametrize("name", sorted(WEBHOOK_READ_ONLY))
@pytest.mark.parametrize(
    ("role", "status"),
    [("learner", HTTPStatus.FORBIDDEN), ("suspended", HTTPStatus.FORBIDDEN),
     ("moderator", HTTPStatus.OK)],
)  # fmt: skip
def test_only_moderators_see_the_pages(name, role, status, client, db):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    args = [hook.pk] if name == "webhooks:hook_detail" else []
    client = _client_for(role, client, UserFactory(username="someone"))
    assert client.get(reverse(name, args=args)).status_code == status


@pytest.mark.parametrize("name", sorted(WEBHOOK_READ_ONLY))
def test_readers_are_sent_to_log_in(name, client, db):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    args = [hook.pk] if name == "webhooks:hook_detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("name", sorted(WEBHOOK_ROWS))
def test_a_get_changes_nothing(name, client, db):
    url, _data = WEBHOOK_ROWS[name].build(UserFactory(username="the-author"))
    client = _client_for("moderator", client, None)
    before = _everything()

    response = client.get(url)

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.METHOD_NOT_ALLOWED}
    assert _everything() == before
