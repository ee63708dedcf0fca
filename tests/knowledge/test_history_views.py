"""A page's history, old revisions, diffs, recent changes and the Atom feeds."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services
from knowledge.models import Category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- History and diffs ------------------------------------------------------------------------


def test_history_lists_revisions_with_compare_form(client, page_with_history):
    response = client.get(reverse("knowledge:page_history", args=[page_with_history.slug]))

    html = response.content.decode()
    assert 'name="from"' in html and 'name="to"' in html
    assert f'action="{reverse("knowledge:page_diff", args=[page_with_history.slug])}"' in html
    assert "caps" in html
    assert "grace" in html


def test_history_query_budget(client, make_page, django_assert_max_num_queries):
    page = make_page()
    authors = [UserFactory() for _ in range(5)]
    for n in range(45):
        services.page_edit(page=page, author=authors[n % 5], body=f"v{n}", base_revision=n + 1)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("knowledge:page_history", args=[page.slug]) + "?page=2")

    assert response.status_code == HTTPStatus.OK
    # 46 revisions, newest first: page 2 holds r26 down to r7.
    html = response.content.decode()
    assert html.count(f'href="/wiki/{page.slug}/revisions/') == 20
    assert '/revisions/26/"' in html and '/revisions/7/"' in html


def test_old_revision_is_shown(client, page_with_history):
    response = client.get(reverse("knowledge:revision_detail", args=[page_with_history.slug, 1]))

    assert "alpha beta gamma" in response.content.decode()
    assert "old revision" in response.content.decode()


def test_missing_revision_is_404(client, page_with_history):
    url = reverse("knowledge:revision_detail", args=[page_with_history.slug, 99])

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_diff_highlights_words(client, page_with_history):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug])

    response = client.get(url + "?from=1&to=2")

    html = response.content.decode()
    assert '<del class="diff-del">beta</del>' in html
    assert '<ins class="diff-ins">BETA</ins>' in html


def test_diff_escapes_the_text(client, make_page, learner):
    page = make_page(body="plain")
    services.page_edit(page=page, author=learner, body="<script>alert(1)</script>", base_revision=1)

    response = client.get(reverse("knowledge:page_diff", args=[page.slug]) + "?from=1&to=2")

    assert "<script>alert(1)" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()


@pytest.mark.parametrize("query", ["?from=1&to=9", "?from=abc&to=2", "?from=0&to=1", "?from=&to="])
def test_bad_diff_range_is_404(client, page_with_history, query):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug]) + query

    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_diff_fragment_for_htmx(client, page_with_history):
    url = reverse("knowledge:page_diff", args=[page_with_history.slug]) + "?from=1&to=3"

    response = client.get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "diff-ins" in html


# --- Recent changes and feeds -----------------------------------------------------------------


def test_recent_changes_filters_by_author_and_category(
    client, page_with_history, make_page, other_learner
):
    Category.objects.get(slug="guides")

    response = client.get(reverse("knowledge:recent_changes") + "?author=grace")
    assert response.content.decode().count("<li><a href") == 1

    response = client.get(reverse("knowledge:recent_changes") + "?category=guides")
    assert "No changes match" in response.content.decode()


def test_recent_changes_query_budget(client, make_page, learner, django_assert_max_num_queries):
    for n in range(30):
        page = make_page(title=f"Page {n}", author=UserFactory())
        services.page_edit(page=page, author=learner, body="changed", base_revision=1)

    with django_assert_max_num_queries(5):
        response = client.get(reverse("knowledge:recent_changes") + "?page=2")

    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count('href="/wiki/page-') >= 20  # 60 revisions, 20 a page


def test_atom_feeds(client, page_with_history):
    feed = client.get(reverse("knowledge:recent_changes_feed"))
    history = client.get(reverse("knowledge:page_history_feed", args=[page_with_history.slug]))

    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.count(b"<entry>") == 3
    assert history.content.count(b"<entry>") == 3
    assert b"caps" in history.content
