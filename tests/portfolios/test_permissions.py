"""PRODUCT.md's permission table for the portfolio's writes: who may import into, edit, or add
topics from portfolios. "Allowed" means the request wrote something; a refusal writes nothing.
(The same vocabulary as tests/moderation/permission_rows.py.)"""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge.models import Topic
from portfolios.models import DeclaredTerm, Note, Portfolio
from tests.factories import ModeratorFactory, UserFactory, make_declared_term
from tests.moderation.permission_rows import LOGIN, MODERATORS_ONLY, OK, ROLES

pytestmark = pytest.mark.django_db

FORBIDDEN = HTTPStatus.FORBIDDEN
OWNER_ONLY = {"reader": LOGIN, "learner": FORBIDDEN, "author": OK, "suspended": FORBIDDEN,
              "moderator": FORBIDDEN}  # fmt: skip
README = "## Challenges\n| Challenge | Solution |\n|---|---|\n| Slow API | Caching |\n"

ROWS = {
    "portfolios:portfolio_import_confirm": (
        lambda author: (
            reverse("portfolios:portfolio_import_confirm", args=[author.username]),
            {"readme": README, "items": ["challenge:0"]},
        ),
        OWNER_ONLY,
    ),
    "portfolios:portfolio_edit": (
        lambda author: (
            reverse("portfolios:portfolio_edit", args=[author.username]),
            {
                "overview": "Mine",
                "technologies": "- Docker",
                "concepts": "",
                "takeaways": "- x",
                "collaboration": "",
            },  # fmt: skip
        ),
        OWNER_ONLY,
    ),
    "portfolios:term_promote": (
        lambda author: (
            reverse("portfolios:term_promote"),
            {"key": make_declared_term(author, "Kafka").key},
        ),
        MODERATORS_ONLY,
    ),
}


def _state():
    from discussions.models import Challenge

    return (
        list(Challenge.objects.values_list("pk", "title")),
        list(Portfolio.objects.values_list("pk", "overview")),
        list(DeclaredTerm.objects.values_list("pk", "name", "topic")),
        list(Note.objects.values_list("pk", "body")),
        list(Topic.objects.values_list("pk", "name")),
    )


def _client_for(role, client, author):
    if role == "reader":
        return client
    user = {
        "learner": UserFactory,
        "author": lambda: author,
        "suspended": lambda: UserFactory(
            suspended_until=timezone.now() + timezone.timedelta(days=1)
        ),
        "moderator": ModeratorFactory,
    }[role]()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ROWS))
def test_permission_table(name, role, client):
    build, expect = ROWS[name]
    author = UserFactory(username="the-author")
    client = _client_for(role, client, author)
    url, data = build(author)
    before = _state()
    response = client.post(url, data)
    expected = expect[role]
    if expected == LOGIN:
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("account_login"))
    elif expected == OK:
        assert response.status_code < 400
        assert _state() != before, "allowed, but nothing was written"
    else:
        assert response.status_code == expected
    if expected != OK:
        assert _state() == before, "refused, but something was written"


@pytest.mark.parametrize("name", ["portfolio_detail", "portfolio_export"])
def test_reads_are_for_everyone(name, client):
    author = UserFactory(username="the-author")
    assert client.get(reverse(f"portfolios:{name}", args=[author.username])).status_code == 200
    assert client.get(reverse("portfolios:learnings")).status_code == 200
