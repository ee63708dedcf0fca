import pytest

from discussions import services
from tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def test_home_shows_open_and_solved_challenges(client, learner, other_learner):
    services.challenge_create(author=learner, title="Needs help badly", body="x")
    solved = services.challenge_create(author=learner, title="Already solved one", body="x")
    solution = services.solution_create(challenge=solved, author=other_learner, body="y")
    services.solution_accept(solution=solution, user=learner)
    response = client.get("/")
    assert b"Needs help badly" in response.content
    assert b"Already solved one" in response.content


def test_home_query_budget(client, learner, django_assert_max_num_queries):
    topics = [TopicFactory() for _ in range(3)]
    for n in range(20):
        c = services.challenge_create(author=learner, title=f"Open challenge {n}", body="x")
        c.topics.set(topics)
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200
    assert b"Open challenge 19" in response.content


def test_home_lists_each_recently_changed_page_once(client, learner, other_learner):
    from django.utils import timezone

    from knowledge import services as wiki
    from knowledge.models import Category

    guides = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})[0]
    wiki.page_create(title="Docker basics", category=guides, body="v1", author=learner)
    edited = wiki.page_create(title="Redis caching", category=guides, body="v1", author=learner)
    hidden = wiki.page_create(title="Spam page", category=guides, body="buy", author=learner)
    wiki.page_edit(
        page=edited, author=other_learner, body="v2", base_revision=1, summary="TTL advice"
    )
    type(hidden).objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())

    html = client.get("/").content.decode()
    section = html[html.index("Recently changed pages") :]
    assert section.count("Redis caching") == 1
    assert section.index("Redis caching") < section.index("Docker basics")
    assert "r2 by grace" in section and "TTL advice" in section
    assert "Spam page" not in section


def test_home_query_budget_with_many_pages(client, learner, django_assert_max_num_queries):
    from knowledge import services as wiki
    from knowledge.models import Category

    guides = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})[0]
    for n in range(12):
        page = wiki.page_create(title=f"Page {n}", category=guides, body="x", author=learner)
        wiki.page_edit(page=page, author=learner, body="y", base_revision=1)
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    section = html[html.index("Recently changed pages") :]
    assert "Page 11" in section and "r2 by" in section
