from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from discussions import services
from discussions.models import Challenge
from hub.profiles import activity_chart, contributions_for
from knowledge.models import Category, Page, PageRevision
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(learner, other_learner):
    for n in range(12):
        challenge = services.challenge_create(author=learner, title=f"Challenge no {n}", body="x")
        solution = services.solution_create(challenge=challenge, author=other_learner, body="y")
        if n < 3:
            services.solution_accept(solution=solution, user=learner)
    category, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    page = Page.objects.create(title="Redis", slug="redis", category=category, created_by=learner)
    for n in range(1, 4):
        PageRevision.objects.create(
            page=page, number=n, author=other_learner, title="Redis", body="b", body_html="b"
        )
    return learner


def test_profile_lists_challenges_capped_with_a_link(client, busy_learner):
    response = client.get(f"/u/{busy_learner.username}/")
    assert response.status_code == 200
    assert b'Challenges <span class="muted">(12)' in response.content
    assert f"?author={busy_learner.username}".encode() in response.content


def test_solutions_with_accepted_count_and_wiki_edits(other_learner, busy_learner):
    data = contributions_for(other_learner, other_learner)
    assert data["contrib_solution_total"] == 12
    assert data["contrib_accepted_total"] == 3
    assert len(data["contrib_solutions"]) == 10
    assert data["contrib_edit_total"] == 3


def test_others_do_not_see_withdrawn_challenges(other_learner, learner):
    challenge = services.challenge_create(author=learner, title="Withdrawn one", body="x")
    services.post_withdraw(post=challenge, user=learner)
    assert contributions_for(learner, other_learner)["contrib_challenge_total"] == 0
    assert contributions_for(learner, learner)["contrib_challenge_total"] == 1


def test_activity_chart_counts_weeks(learner):
    services.challenge_create(author=learner, title="This week's one", body="x")
    old = services.challenge_create(author=learner, title="An old challenge", body="x")
    Challenge.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(weeks=60))
    chart = activity_chart(learner)
    assert len(chart.weeks) == 52
    assert chart.total == 1
    assert chart.weeks[-1].count == 1


def test_profile_svg_is_accessible(client, busy_learner):
    response = client.get(f"/u/{busy_learner.username}/")
    assert b'<svg xmlns="http://www.w3.org/2000/svg" role="img"' in response.content
    assert b'<title id="activity-title">' in response.content
    assert b"<desc" in response.content


@pytest.mark.parametrize("viewer", ["reader", "learner", "themselves"])
def test_profile_query_budget(
    client, busy_learner, other_learner, viewer, django_assert_max_num_queries
):
    """Lists capped, totals counted, the chart from 4 grouped counts: no query per item."""
    for n in range(5):
        UserFactory(username=f"extra{n}")
    if viewer != "reader":
        client.force_login(busy_learner if viewer == "themselves" else other_learner)
    ContentType.objects.clear_cache()
    # 14, and the reputation section: badges, the viewer's trust level, and (for the learner
    # themselves) a page of their reputation history.
    with django_assert_max_num_queries(16):
        response = client.get(f"/u/{busy_learner.username}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Challenge no 11" in html and "Challenge no 1<" not in html  # newest 10 of 12
    assert "All 12 challenges" in html
    assert "<svg" in html
