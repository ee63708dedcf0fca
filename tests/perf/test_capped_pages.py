"""Numbered pages of a long list (old `?page=N` links) count at most COUNT_CAP rows: the cost of
a list view does not grow with the hub, and a page number past the cap gives the last page
within it, never a 500. Its first page and the pages after it count nothing (keyset pages)."""

import pytest
from django.test import RequestFactory

from core import pagination
from discussions.models import Challenge
from tests.factories import make_challenge


@pytest.fixture
def five_challenges(db):
    for n in range(5):
        make_challenge(f"Challenge number {n} in a long list")
    return Challenge.objects.order_by("-pk")


def test_a_list_longer_than_the_cap_says_so_and_stops_there(five_challenges):
    request = RequestFactory().get("/", {"page": "999"})
    page = pagination.page_of(request, five_challenges, per_page=2, cap=3)
    assert page.paginator.capped
    assert page.paginator.num_pages == 2
    assert page.number == 2 and len(page.object_list) == 2


def test_a_list_within_the_cap_counts_exactly(five_challenges):
    page = pagination.page_of(RequestFactory().get("/"), five_challenges, per_page=2, cap=10)
    assert not page.paginator.capped
    assert page.paginator.count == 5 and page.paginator.num_pages == 3


def test_an_old_numbered_link_to_the_challenge_list_shows_a_capped_count(
    client, five_challenges, monkeypatch, settings
):
    settings.PAGINATE_BY = 2
    monkeypatch.setattr("core.pagination.COUNT_CAP", 3)
    response = client.get("/challenges/?page=2")
    assert response.status_code == 200
    assert "Page 2 of 2+" in response.content.decode()


def test_the_first_page_of_the_challenge_list_counts_nothing(client, five_challenges, settings):
    settings.PAGINATE_BY = 2
    html = client.get("/challenges/").content.decode()
    assert "Page 1</span>" in html and "Page 1 of" not in html
    assert 'rel="next" href="?after=' in html
