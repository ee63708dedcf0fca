"""Wiki copy and flow: the index pages with Previous/Next, a rename says where you came from
(issue 12, defect 7)."""

from http import HTTPStatus

import pytest

from knowledge import services

pytestmark = pytest.mark.django_db


def test_the_alphabetical_index_pages_with_previous_and_next(make_page, client, settings):
    settings.PAGINATE_BY = 2
    for title in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"):
        make_page(title=title)
    html = client.get("/wiki/?page=2").content.decode()
    assert ">Previous<" in html and ">Next<" in html
    assert "Older" not in html and "Newer" not in html


def test_a_renamed_page_reached_by_its_old_slug_says_so(make_page, learner, client):
    page = make_page(title="Caching basics")
    services.page_edit(
        page=page, author=learner, body=page.current_revision.body, base_revision=1,
        summary="rename", title="Caching strategies", category=page.category, topics=[],
    )  # fmt: skip
    response = client.get("/wiki/caching-basics/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/wiki/caching-strategies/")
    assert response.status_code == HTTPStatus.OK
    assert "(Redirected from “caching-basics”: the page was renamed.)" in response.content.decode()
    # The URL stays the page's own.
    assert response.redirect_chain[-1][0] == "/wiki/caching-strategies/"
