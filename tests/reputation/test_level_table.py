"""The privileges of each trust level, request by request (tests/moderation/permission_rows.py
LEVEL_ROWS): "allowed" means the request wrote something, "held" that it wrote a post waiting
for review, a refusal that it wrote nothing."""

import pytest

from discussions.models import Challenge, Comment, PostRevision, ReopenVote, Solution
from knowledge.models import PageRevision
from moderation.models import ModerationLogEntry
from reputation.models import Standing
from tests.factories import UserFactory
from tests.moderation.permission_rows import HELD, LEVEL_ROWS, LEVELS, OK, level_user

pytestmark = pytest.mark.django_db


def _written():
    return {
        "challenges": list(Challenge.objects.values_list("pk", "title", "duplicate_of_id")),
        "solutions": list(Solution.objects.values_list("pk", "body")),
        "comments": list(Comment.objects.values_list("pk", "body")),
        "revisions": PostRevision.objects.count() + PageRevision.objects.count(),
        "reopen": ReopenVote.objects.count(),
        "log": ModerationLogEntry.objects.count(),
        "standings": list(Standing.objects.values_list("user_id", "level")),
    }


def test_every_row_covers_every_level():
    for name, row in LEVEL_ROWS.items():
        assert set(row.expect) == set(LEVELS), name


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("name", sorted(LEVEL_ROWS))
def test_level_table(name, level, client):
    row = LEVEL_ROWS[name]
    author = UserFactory(username="the-author")
    user = level_user(level)
    client.force_login(user)
    url, data = row.build(author)
    before = _written()
    response = client.post(url, data)
    expected = row.expect[level]
    if expected in {OK, HELD}:
        assert response.status_code < 400, response.content[:500]
        assert _written() != before, "allowed, but nothing was written"
        if name.endswith("_new"):
            post = (Solution if "solution" in name else Challenge).objects.latest("pk")
            assert post.is_held == (expected == HELD)
    else:
        assert response.status_code == expected
        assert _written() == before, "refused, but something was written"
