"""Query budgets of what moderators see, on a cold ContentType cache and a cold queue size."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from discussions import services as discussions
from discussions.models import Comment, Solution
from moderation import services
from moderation.services import QUEUE_SIZE_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_challenge(learner, moderator):
    """30 solutions of 6 comments; held, hidden and flagged posts among them."""
    authors = UserFactory.create_batch(6)
    challenge = discussions.challenge_create(author=learner, title="Busy", body="Help")
    solutions = Solution.objects.bulk_create(
        Solution(challenge=challenge, author=authors[n % 6], body="s", body_html="<p>s</p>")
        for n in range(30)
    )
    Comment.objects.bulk_create(
        Comment(
            solution=solution,
            author=authors[i],
            body="c",
            body_html="<p>c</p>",
            is_held=(i == 0 and n % 5 == 0),
        )
        for n, solution in enumerate(solutions)
        for i in range(6)
    )
    for solution in solutions[:5]:
        services.flag_create(flagger=learner, target=solution, reason="spam")
    services.content_hide(moderator=moderator, target=solutions[5], reason="Spam link")
    held = discussions.solution_create(
        challenge=challenge, author=UserFactory(approved_posts=0), body="First post"
    )
    assert held.is_held
    discussions.challenge_refresh_counts(challenge=challenge)
    return challenge


def test_a_moderator_reads_a_busy_challenge_in_the_readers_budget(
    moderator_client, busy_challenge, django_assert_max_num_queries
):
    ContentType.objects.clear_cache()
    cache.delete(QUEUE_SIZE_KEY)  # the header badge counts the queue on this request
    # 8, and the comments' bodies (uncached: rows of an open transaction are never cached)
    with django_assert_max_num_queries(9):
        response = moderator_client.get(busy_challenge.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card solution') == 31  # hidden and held ones included
    assert "Awaiting review" in html and "Spam link" in html
    assert cache.get(QUEUE_SIZE_KEY) == 5 + 1 + 6  # flagged, held solution, held comments
