"""One pagination helper and one partial for every list."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from core.pagination import page_of

ITEMS = list(range(45))


@pytest.mark.parametrize(
    ("asked", "number"),
    [("", 1), ("abc", 1), ("%00", 1), ("2.5", 1), ("2", 2), ("0", 3), ("-4", 3),
     ("99999999999999999999999", 3), ("9" * 5000, 1)],
)  # fmt: skip
def test_any_page_number_gives_a_page(rf, settings, asked, number):
    settings.PAGINATE_BY = 20
    assert page_of(rf.get("/", {"page": asked}), ITEMS).number == number


def test_each_section_can_have_its_own_parameter(rf):
    request = rf.get("/", {"open_page": "2", "page": "3"})
    assert page_of(request, ITEMS, per_page=10, param="open_page").number == 2


def test_the_partial_keeps_the_filters_and_changes_only_the_page(rf):
    request = rf.get("/challenges/", {"status": "open", "topic": "redis", "page": "2"})
    request.user = AnonymousUser()
    page = page_of(request, ITEMS, per_page=10)
    html = render_to_string(
        "_pagination.html",
        {"page_obj": page, "label": "Pages of challenges", "previous_label": "Newer"},
        request=request,
    )
    assert 'aria-label="Pages of challenges"' in html
    assert 'href="?page=1&amp;status=open&amp;topic=redis"' in html and ">Newer<" in html
    assert 'href="?page=3&amp;status=open&amp;topic=redis"' in html and ">Next<" in html
    assert "Page 2 of 5" in html


def test_one_page_shows_no_pagination(rf):
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string("_pagination.html", {"page_obj": page_of(request, [1])}, request)
    assert "pagination" not in html
