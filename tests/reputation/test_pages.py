"""The profile's reputation, the home and topic leaderboards: content and query budgets."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from discussions import services as discussions
from discussions.models import Solution
from reputation.models import BadgeAward, Reason, ReputationEvent
from tests.factories import ChallengeFactory, SolutionFactory, UserFactory, make_topic

pytestmark = pytest.mark.django_db


def _earn(user, amount, *, days_ago=0, solution=None):
    event = ReputationEvent.objects.create(
        user=user,
        amount=amount,
        reason=Reason.SOLUTION_VOTED,
        description=f"Earned {amount}",
        content_type=ContentType.objects.get_for_model(Solution) if solution else None,
        object_id=solution.pk if solution else None,
    )
    ReputationEvent.objects.filter(pk=event.pk).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_the_profile_shows_total_level_badges_and_a_paginated_history(
    client, solution, helper, django_assert_max_num_queries
):
    for _ in range(25):
        discussions.solution_vote(solution=SolutionFactory(author=helper), user=UserFactory())
    BadgeAward.objects.create(user=helper, badge="first-accepted")
    client.force_login(helper)
    client.get(helper.get_absolute_url())  # the header's counters, cached
    with django_assert_max_num_queries(17):
        response = client.get(helper.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<strong class="reputation-total">250</strong>' in html
    # 250 reputation, 30 days, 5 approved posts: member (regular needs 10 accepted)
    assert '<strong class="trust-level">Member</strong>' in html
    assert "First accepted solution" in html
    assert html.count("was voted up</a>") == 10 and "Reputation history pages" in html
    second = client.get(helper.get_absolute_url() + "?reputation_page=3").content.decode()
    assert second.count("was voted up</a>") == 5


def test_others_see_the_total_but_not_the_history(client, helper):
    discussions.solution_vote(solution=SolutionFactory(author=helper), user=UserFactory())
    html = client.get(helper.get_absolute_url()).content.decode()
    assert '<strong class="reputation-total">10</strong>' in html
    assert "was voted up" not in html


def test_home_shows_this_weeks_and_this_months_helpers_per_track(
    client, django_assert_max_num_queries
):
    ana = UserFactory(username="ana", track="frontend")
    bo = UserFactory(username="bo", track="backend")
    old = UserFactory(username="oldtimer", track="backend")
    _earn(ana, 20)
    _earn(bo, 30, days_ago=10)  # this month, not this week
    _earn(old, 999, days_ago=60)  # no all-time board
    for n in range(20):
        ChallengeFactory(title=f"Open challenge {n}")
    with django_assert_max_num_queries(6):
        response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    helpers = html[html.index("Top helpers") :]
    week = helpers[helpers.index("This week") : helpers.index("This month")]
    assert "ana" in week and "bo</a>" not in week
    assert 'bo</a> <span class="muted">+30' in helpers
    assert "oldtimer" not in helpers
    # Cached: a second view costs no leaderboard query, and an event shows at once.
    with django_assert_max_num_queries(5):
        client.get("/")
    discussions.solution_vote(solution=SolutionFactory(author=old), user=UserFactory())
    from reputation.services import boards_changed

    boards_changed()  # (on commit, in the service)
    assert "oldtimer" in client.get("/").content.decode()


def test_the_topic_page_shows_its_helpers(client, django_assert_max_num_queries):
    topic, other = make_topic("Redis"), make_topic("Docker")
    on_topic = ChallengeFactory()
    on_topic.topics.add(topic)
    off_topic = ChallengeFactory()
    off_topic.topics.add(other)
    cy = UserFactory(username="cy")
    dee = UserFactory(username="dee")
    _earn(cy, 15, solution=SolutionFactory(challenge=on_topic, author=cy))
    _earn(dee, 40, solution=SolutionFactory(challenge=off_topic, author=dee))
    with django_assert_max_num_queries(9):
        response = client.get(f"/search/topics/{topic.slug}/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    helpers = html[html.index("Top helpers on Redis") :]
    assert "cy</a>" in helpers and "dee" not in helpers
