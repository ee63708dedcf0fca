"""Every list answers in a bounded number of queries whatever its page size, and a page's or a
challenge's detail costs no more than its HTML page."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import PageWatch
from notifications.models import Notification
from tests.api.conftest import token_client
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    SolutionFactory,
    UserFactory,
    make_page,
    make_topic,
    revise_page,
)

ROWS = 30


@pytest.fixture(autouse=True)
def _counters_off_the_database(settings):
    """In production the rate-limit counters live in Redis (no SQL); the tests' default is the
    database cache, whose few queries per request would blur what the views themselves cost."""
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }


@pytest.fixture
def hub(db, learner):
    topics = [make_topic(f"Topic {n}") for n in range(3)]
    authors = [UserFactory() for _ in range(4)]
    pages = []
    for n in range(ROWS):
        page = make_page(f"Page {n:02}", f"Body {n} links [[Page 00]].", topics=topics,
                         author=authors[n % 4])  # fmt: skip
        revise_page(page, f"Body {n}, revised.", author=authors[(n + 1) % 4])
        pages.append(page)
        PageWatch.objects.create(page=page, user=learner)
    challenge = ChallengeFactory(title="The big one with many answers")
    challenge.topics.add(*topics)
    for n in range(ROWS):
        other = ChallengeFactory(author=authors[n % 4], title=f"Challenge number {n:02}")
        other.topics.add(*topics)
        solution = SolutionFactory(challenge=challenge, author=authors[n % 4], body=f"Fix {n}")
        CommentFactory(challenge=None, solution=solution, author=authors[(n + 1) % 4])
        CommentFactory(challenge=challenge, author=authors[(n + 2) % 4])
        Notification.objects.create(
            recipient=learner, actor=authors[n % 4], kind="solution", text=f"N{n}", url="/"
        )
    return {"challenge": challenge, "page": pages[0], "solution": solution}


LISTS = [
    ("/api/v1/pages/", 5),
    ("/api/v1/pages/page-00/revisions/", 5),
    ("/api/v1/challenges/", 5),
    ("/api/v1/challenges/{challenge}/solutions/", 5),
    ("/api/v1/challenges/{challenge}/comments/", 5),
    ("/api/v1/solutions/{solution}/comments/", 6),
    ("/api/v1/notifications/", 5),
    ("/api/v1/watches/", 6),
    ("/api/v1/topics/", 4),
    ("/api/v1/search/?q=page", 6),
]


@pytest.mark.parametrize(("url", "budget"), LISTS)
def test_a_list_costs_the_same_whatever_its_page_size(
    url, budget, hub, learner, django_assert_max_num_queries
):
    client = token_client(learner)
    url = url.format(challenge=hub["challenge"].pk, solution=hub["solution"].pk)
    client.get("/api/v1/me/")  # the token's "last used" is written once a minute: done now
    joiner = "&" if "?" in url else "?"
    counts = []
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}{joiner}page_size={size}")
        assert response.status_code == HTTPStatus.OK
        data = response.json()
        results = data["results"] if isinstance(data, dict) else data
        assert results, url
        counts.append(len(queries))
    with django_assert_max_num_queries(budget):
        client.get(f"{url}{joiner}page_size=100")
    assert counts[0] == counts[1], f"{url}: {counts}"


def test_details_cost_no_more_than_their_html_pages(hub, learner, client):
    """Logged in the same way (the session) on both sides."""
    from rest_framework.test import APIClient

    client.force_login(learner)
    api = APIClient()
    api.force_login(learner)
    challenge, page = hub["challenge"], hub["page"]
    pairs = {
        "page": (f"/wiki/{page.slug}/", f"/api/v1/pages/{page.slug}/"),
        "challenge": (challenge.get_absolute_url(), f"/api/v1/challenges/{challenge.pk}/"),
    }
    for name, (html_url, api_url) in pairs.items():
        client.get(html_url), api.get(api_url)  # warm the per-process caches on both sides
        with CaptureQueriesContext(connection) as html:
            html_response = client.get(html_url)
        with CaptureQueriesContext(connection) as api_queries:
            api_response = api.get(api_url)
        assert html_response.status_code == api_response.status_code == HTTPStatus.OK
        assert len(api_queries) <= len(html), (name, len(api_queries), len(html))
    detail = api.get(pairs["challenge"][1]).json()
    assert len(detail["solutions"]) == ROWS
    assert all(s["comments_count"] == len(s["comments"]) == 1 for s in detail["solutions"])
    assert len(detail["comments"]) == 3  # the first few, as the page shows them
    assert detail["comments_count"] == ROWS
    assert detail["comments_url"].endswith(f"/api/v1/challenges/{challenge.pk}/comments/")
