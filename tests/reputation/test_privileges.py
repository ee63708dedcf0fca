"""Privileges beyond the level table: rate limits per level, the author told of an edit."""

from http import HTTPStatus

import pytest

from core import ratelimit
from discussions.models import PostRevision
from notifications.models import Notification
from reputation.levels import rate_scale
from tests.factories import SolutionFactory, UserFactory
from tests.moderation.permission_rows import level_user

pytestmark = pytest.mark.django_db


def _allowed(user, action) -> int:
    count = 0
    try:
        for _ in range(100):
            ratelimit.hit(user, action, scale=rate_scale(user))
            count += 1
    except ratelimit.RateLimited:
        pass
    return count


def test_higher_levels_post_more_before_the_rate_limit(settings):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "challenge": "5/3600"}
    assert _allowed(level_user("new"), "challenge") == 5
    assert _allowed(level_user("basic"), "challenge") == 5
    assert _allowed(level_user("member"), "challenge") == 10
    assert _allowed(level_user("leader"), "challenge") == 20


def test_a_regular_edits_another_learners_solution_and_the_author_is_told(client):
    author = UserFactory(username="writer")
    solution = SolutionFactory(author=author, body="Use a worker.")
    regular = level_user("regular")
    client.force_login(regular)
    response = client.post(
        f"/challenges/solutions/{solution.pk}/edit/", {"body": "Use a worker with retries."}
    )
    assert response.status_code == HTTPStatus.FOUND
    notice = Notification.objects.get(recipient=author)
    assert notice.text.startswith(f"{regular.username} edited your solution to")
    assert notice.get_kind_display() == "Someone edited your post"
    # Kept as a revision by its editor, shown in the history.
    assert PostRevision.objects.filter(object_id=solution.pk, editor=regular).exists()
    history = client.get(f"/challenges/solutions/{solution.pk}/history/").content.decode()
    assert regular.username in history
