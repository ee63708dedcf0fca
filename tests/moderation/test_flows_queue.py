"""The review queue shows the post itself, keeps its counts fresh after htmx actions, and says
"approved" in the success style (issue 12, defect 3)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services as knowledge_services
from knowledge.models import Category
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    FlagFactory,
    SolutionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_held_post_shows_its_content_and_where_it_sits(moderator_client):
    challenge = ChallengeFactory(title="Redis evicts my sessions")
    held = CommentFactory(
        challenge=challenge,
        is_held=True,
        author=UserFactory(approved_posts=0),
        body_html="<p>Set <code>maxmemory-policy</code> to noeviction.</p>",
    )
    html = moderator_client.get("/moderation/").content.decode()
    assert f"review-comment-{held.pk}" in html
    assert "<code>maxmemory-policy</code>" in html
    assert f'On <a href="{challenge.get_absolute_url()}">Redis evicts my sessions</a>' in html


def test_a_flagged_page_shows_its_current_text(moderator_client, learner):
    page = knowledge_services.page_create(
        title="Caching", category=Category.objects.first(), body="Cache **slow** parts.",
        author=learner,
    )  # fmt: skip
    FlagFactory(target=page)
    html = moderator_client.get("/moderation/").content.decode()
    assert "<strong>slow</strong>" in html


def test_a_long_post_is_folded(moderator_client):
    long_html = "<p>" + "word " * 600 + "</p>"
    solution = SolutionFactory(body_html=long_html)
    FlagFactory(target=solution)
    html = moderator_client.get("/moderation/").content.decode()
    assert '<details class="review-body">' in html


def test_an_htmx_approval_updates_the_counts_out_of_band(moderator_client):
    first = CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    assert b"2 items waiting" in moderator_client.get("/moderation/").content
    response = moderator_client.post(
        reverse("moderation:approve", args=["comment", first.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert 'id="queue-waiting" hx-swap-oob="true">1 item waiting.' in html
    assert 'id="queue-badge" hx-swap-oob="true"' in html
    assert 'aria-label="1 waiting">1</span>' in html
    # success style, not the warning one
    assert '<p class="message message-success" role="status">Approved and published.' in html


def test_the_header_badge_has_an_id_to_swap(moderator_client):
    CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    html = moderator_client.get("/").content.decode()
    assert '<span id="queue-badge">' in html


def test_the_queue_with_content_stays_bounded(moderator_client, django_assert_max_num_queries):
    for _ in range(15):
        FlagFactory(target=SolutionFactory())
        CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    with django_assert_max_num_queries(10):
        response = moderator_client.get("/moderation/")
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('class="prose review-body"') == 20  # a full page
