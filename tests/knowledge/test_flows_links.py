"""Old revisions link to today's pages; a "create" link to a page that exists leads to it
(issue 12, defect 6)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from knowledge import services

pytestmark = pytest.mark.django_db


def test_an_old_revision_links_to_pages_created_since(make_page, learner, client):
    page = make_page(title="Caching", body="See [[Redis]] and [[Memcached]].")
    services.page_edit(
        page=page, author=learner, body="Gone.", base_revision=1, summary="trim",
        title=page.title, category=page.category, topics=[],
    )  # fmt: skip
    make_page(title="Redis", body="A store.")
    response = client.get(reverse("knowledge:revision_detail", args=[page.slug, 1]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<a href="/wiki/redis/" class="wikilink" rel="nofollow noopener ugc">Redis</a>' in html
    assert 'class="wikilink-missing"' in html  # Memcached still has no page


def test_new_with_the_title_of_an_existing_page_leads_to_it(make_page, learner_client):
    make_page(title="Query optimization")
    response = learner_client.get(reverse("knowledge:page_new") + "?title=Query%20Optimization")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/wiki/query-optimization/"


def test_new_with_a_fresh_title_offers_the_form(learner_client, db):
    response = learner_client.get(reverse("knowledge:page_new") + "?title=Brand%20new")
    assert response.status_code == HTTPStatus.OK
    assert 'value="Brand new"' in response.content.decode()
