"""One pagination helper and one partial for every list."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone

from core.pagination import cursor_for, keyset_page, page_of
from discussions.models import Challenge
from tests.factories import UserFactory

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


# --- keyset pages (the long lists) ------------------------------------------------------------


@pytest.fixture
def tied_challenges(db):
    """25 challenges in ties: five share each created_at, and the votes repeat too, so only
    the last column of each ordering (pk) tells neighbours apart."""
    author = UserFactory()
    made = Challenge.objects.bulk_create(
        Challenge(author=author, title=f"Tied {n}", body="x", body_html="x") for n in range(25)
    )
    start = timezone.now() - timedelta(days=1)
    for n, challenge in enumerate(made):
        Challenge.objects.filter(pk=challenge.pk).update(
            created_at=start + timedelta(seconds=n // 5, microseconds=7),
            last_activity_at=start + timedelta(seconds=n % 3),
            vote_count=n % 4,
        )
    return Challenge.objects.all()


def _walk(rf, queryset, ordering, per_page):
    """Every page from the first by its Next cursor, then back by its Previous cursor (or to the
    first page when the cursor is None): the pks seen, in order, each way."""
    forward, pages = [], []
    page = keyset_page(rf.get("/"), queryset, ordering, per_page=per_page)
    while True:
        assert len(pages) < 50, "the list never ends: a cursor repeats its page"
        pages.append(page)
        forward += [row.pk for row in page]
        if not page.has_next:
            break
        page = keyset_page(
            rf.get("/", {"after": page.next_cursor}), queryset, ordering, per_page=per_page
        )
    backward = [row.pk for row in page][::-1]
    steps = 0
    while page.has_previous:
        steps += 1
        assert steps < 50, "the list never starts: a cursor repeats its page"
        query = {"before": page.previous_cursor} if page.previous_cursor else {}
        page = keyset_page(rf.get("/", query), queryset, ordering, per_page=per_page)
        backward += [row.pk for row in page][::-1]
    return forward, backward[::-1], pages


@pytest.mark.parametrize(
    "ordering",
    [("-created_at", "-pk"), ("-last_activity_at", "-pk"), ("-vote_count", "-created_at", "-pk"),
     ("created_at", "pk"), ("-vote_count", "created_at", "pk")],
)  # fmt: skip
def test_walking_forward_and_back_by_cursor_gives_every_row_once_in_order(
    rf, tied_challenges, ordering
):
    expected = list(tied_challenges.order_by(*ordering).values_list("pk", flat=True))
    forward, backward, pages = _walk(rf, tied_challenges, ordering, per_page=4)
    assert forward == expected and backward == expected
    assert [page.number for page in pages] == list(range(1, 8))
    assert [len(page) for page in pages] == [4] * 6 + [1]


def test_a_list_of_one_page_has_no_links(rf, tied_challenges):
    page = keyset_page(rf.get("/"), tied_challenges, ("-created_at", "-pk"), per_page=25)
    assert len(page) == 25 and not page.has_next and not page.has_previous


def _first_page_pks(rf, queryset, ordering):
    return [c.pk for c in keyset_page(rf.get("/"), queryset, ordering, per_page=4)]


@pytest.mark.parametrize("bad", ["garbage", "%00", "a" * 5000, "", "W10:1:x", "..."])
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_malformed_cursor_gives_the_first_page(rf, tied_challenges, bad, direction):
    ordering = ("-created_at", "-pk")
    page = keyset_page(rf.get("/", {direction: bad}), tied_challenges, ordering, per_page=4)
    assert [c.pk for c in page] == _first_page_pks(rf, tied_challenges, ordering)
    assert page.number == 1 and not page.has_previous


def test_a_tampered_cursor_or_one_from_another_sort_gives_the_first_page(rf, tied_challenges):
    newest = ("-created_at", "-pk")
    row = tied_challenges.order_by(*newest)[10]
    cursor = cursor_for(row, newest, 4)
    assert [c.pk for c in keyset_page(rf.get("/", {"after": cursor}), tied_challenges, newest)]
    tampered = cursor[:5] + ("A" if cursor[5] != "A" else "B") + cursor[6:]
    votes = ("-vote_count", "-created_at", "-pk")
    for query, ordering in [({"after": tampered}, newest), ({"after": cursor}, votes)]:
        page = keyset_page(rf.get("/", query), tied_challenges, ordering, per_page=4)
        assert [c.pk for c in page] == _first_page_pks(rf, tied_challenges, ordering)


def test_a_cursor_never_reaches_a_row_the_filters_leave_out(rf, tied_challenges):
    ordering = ("-created_at", "-pk")
    rows = list(tied_challenges.order_by(*ordering))
    hidden = rows[5]
    Challenge.objects.filter(pk=hidden.pk).update(hidden_at=timezone.now())
    # A cursor on the row just before the hidden one, and one on the hidden row itself.
    for edge in (rows[4], hidden):
        request = rf.get("/", {"after": cursor_for(edge, ordering, 2)})
        page = keyset_page(request, Challenge.objects.public(), ordering, per_page=4)
        assert hidden.pk not in [c.pk for c in page]
        assert [c.pk for c in page][0] == rows[6].pk


def test_a_cursor_past_every_row_gives_the_first_page(rf, tied_challenges):
    ordering = ("-created_at", "-pk")
    last = tied_challenges.order_by(*ordering).last()
    page = keyset_page(
        rf.get("/", {"after": cursor_for(last, ordering, 9)}), tied_challenges, ordering, per_page=4
    )
    assert page.number == 1 and [c.pk for c in page] == _first_page_pks(
        rf, tied_challenges, ordering
    )


@pytest.mark.parametrize("asked", ["abc", "0", "-3", "1", "²", "9" * 30])
def test_a_page_number_that_is_not_two_or_more_gives_the_first_keyset_page(
    rf, tied_challenges, asked
):
    page = keyset_page(rf.get("/", {"page": asked}), tied_challenges, ("-created_at", "-pk"))
    assert page.number == 1 and page.paginator is None


def test_an_old_numbered_link_gives_its_page_and_goes_on_by_cursor(rf, tied_challenges):
    ordering = ("-created_at", "-pk")
    expected = list(tied_challenges.order_by(*ordering).values_list("pk", flat=True))
    page = keyset_page(rf.get("/", {"page": "3"}), tied_challenges, ordering, per_page=4)
    assert [c.pk for c in page] == expected[8:12]
    assert page.number == 3 and page.num_pages == 7 and not page.capped
    after = keyset_page(
        rf.get("/", {"after": page.next_cursor}), tied_challenges, ordering, per_page=4
    )
    before = keyset_page(
        rf.get("/", {"before": page.previous_cursor}), tied_challenges, ordering, per_page=4
    )
    assert [c.pk for c in after] == expected[12:16] and after.number == 4
    assert [c.pk for c in before] == expected[4:8] and before.number == 2
    huge = keyset_page(rf.get("/", {"page": "99999"}), tied_challenges, ordering, per_page=4)
    assert huge.number == 7 and [c.pk for c in huge] == expected[24:]


def test_the_partial_links_by_cursor_and_keeps_the_filters(rf, tied_challenges):
    request = rf.get("/challenges/", {"status": "open", "sort": "votes", "page": "2"})
    request.user = AnonymousUser()
    page = keyset_page(request, tied_challenges, ("-created_at", "-pk"), per_page=4)
    html = render_to_string(
        "_pagination.html",
        {"page_obj": page, "previous_label": "Newer", "next_label": "Older"},
        request=request,
    )
    # Back to page 1 is the list itself; on to page 3 is a cursor; the filters stay, `page` goes.
    assert 'rel="prev" href="?sort=votes&amp;status=open">Newer<' in html
    cursor = page.next_cursor.replace(":", "%3A")
    assert f'rel="next" href="?after={cursor}&amp;sort=votes&amp;status=open">Older<' in html
    assert "Page 2 of 7" in html


def test_the_first_page_links_to_the_bare_list_url_when_there_are_no_filters(rf, tied_challenges):
    ordering = ("-created_at", "-pk")
    second = keyset_page(rf.get("/"), tied_challenges, ordering, per_page=4).next_cursor
    request = rf.get("/wiki/changes/", {"after": second})
    request.user = AnonymousUser()
    page = keyset_page(request, tied_challenges, ordering, per_page=4)
    html = render_to_string("_pagination.html", {"page_obj": page}, request=request)
    assert 'rel="prev" href="/wiki/changes/"' in html and "Page 2</span>" in html


def test_a_keyset_ordering_on_a_nullable_column_is_refused(rf, tied_challenges):
    with pytest.raises(ValueError, match="nullable"):
        keyset_page(rf.get("/"), tied_challenges, ("-closed_at", "-pk"))
