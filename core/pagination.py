"""Two ways to page a list, one partial (`_pagination.html`) for both.

- `page_of(request, items)`: numbered pages (`?page=N`, "Page 2 of 7") for lists that stay short.
- `keyset_page(request, queryset, ordering)`: the long, hot lists (recent changes, a page's
  history, the challenge list, the inbox). "Newer"/"Older" links carry an opaque cursor
  (`?after=` / `?before=`) holding the edge row's ordering values; the next page is "the rows
  past these values", one LIMITed query down an index, as cheap on page 5,000 as on page 1, and
  no COUNT at all.

Bad input never breaks a list (PRODUCT.md): a malformed or empty `?page=` gives the first page,
a number past the end (however huge) the last one, and a malformed, tampered or stale cursor
the first page.
"""

import datetime
import operator
from functools import reduce

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.functional import cached_property

# Numbered pages of a long list (old `?page=N` links) count at most this many rows: COUNT(*)
# over millions on every view would grow with the hub, and so would an OFFSET that deep. Past
# it the list says "of N+" and ends there; the cursor links go on from any numbered page.
COUNT_CAP = 10_000

AFTER, BEFORE = "after", "before"


class CappedPaginator(Paginator):
    """Counts at most `cap` items (one COUNT over a LIMITed subquery)."""

    def __init__(self, *args, cap: int = COUNT_CAP, **kwargs):
        super().__init__(*args, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        items = self.object_list
        if hasattr(items, "count") and not isinstance(items, list):
            return items.order_by()[: self.cap + 1].count()
        return len(items)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        return super().num_pages if not self.capped else -(-self.cap // self.per_page)


def page_of(
    request, items, *, per_page: int | None = None, param: str = "page", cap: int | None = None
) -> Page:
    """The page of `items` that `?<param>=` asks for (a list with several paged sections gives
    each its own parameter). With `cap`, at most that many items are counted and paged."""
    if cap is None:
        paginator = Paginator(items, per_page or settings.PAGINATE_BY)
    else:
        paginator = CappedPaginator(items, per_page or settings.PAGINATE_BY, cap=cap)
    return paginator.get_page(request.GET.get(param))


# --- keyset (cursor) pages ---------------------------------------------------------------------


def _fields(model, ordering):
    """(name, field, descending) for each term of `ordering`: plain, non-null columns of the
    model (a NULL would fall out of every comparison), the last one unique (say `-pk`) so that
    no two rows tie on all of them."""
    fields = []
    for term in ordering:
        name = term.removeprefix("-")
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if field.null:
            raise ValueError(f"keyset ordering on a nullable column: {term}")
        fields.append((name, field, term.startswith("-")))
    return fields


def _salt(model, ordering) -> str:
    # A cursor made for one list or one sort is refused by another (its signature fails there).
    return f"core.pagination:{model._meta.label}:{','.join(ordering)}"


def _plain(value):
    # Full precision: DjangoJSONEncoder would cut microseconds to milliseconds, and a cursor
    # that rounds the edge row's time skips or repeats its neighbours.
    return value.isoformat() if isinstance(value, datetime.datetime | datetime.date) else value


def cursor_for(row, ordering, number: int) -> str:
    """The opaque cursor for "the rows past `row`", on what will be page `number`."""
    model = type(row)
    values = [_plain(getattr(row, field.attname)) for _, field, _ in _fields(model, ordering)]
    return signing.dumps([number, *values], salt=_salt(model, ordering))


def _read_cursor(raw: str, model, ordering):
    """(page number, ordering values), or None for anything not a cursor made here."""
    if not raw or len(raw) > 1000:
        return None
    try:
        number, *values = signing.loads(raw, salt=_salt(model, ordering))
        fields = _fields(model, ordering)
        if type(number) is not int or not 1 <= number < 2**31 or len(values) != len(fields):
            return None
        return number, [field.to_python(v) for (_, field, _), v in zip(fields, values, strict=True)]
    except (signing.BadSignature, ValidationError, TypeError, ValueError):
        return None


def _past(fields, values, *, forward: bool) -> Q:
    """Rows strictly past the edge row in the list's order (forward) or strictly before it:
    (a, b, c) < (x, y, z) spelt out, with the leading column's range first so that both SQLite
    and PostgreSQL start an index range scan at the cursor."""
    clauses, equal = [], {}
    for name, _field, descending in fields:
        lookup = "lt" if descending == forward else "gt"
        clauses.append(Q(**equal, **{f"{name}__{lookup}": values[len(equal)]}))
        equal[name] = values[len(equal)]
    if len(clauses) == 1:
        return clauses[0]
    name, _field, descending = fields[0]
    leading = Q(**{f"{name}__{'lte' if descending == forward else 'gte'}": values[0]})
    return leading & reduce(operator.or_, clauses)


class KeysetPage:
    """One page of a keyset list, for `_pagination.html`: `has_previous`, `has_next`, the
    cursors of the links, and `number` ("Page 3"). Rows are fetched when first asked for, so a
    cached fragment holding the list costs no query."""

    is_keyset = True

    def __init__(self, fetch, *, ordering, paginator: CappedPaginator | None = None):
        self._fetch = fetch  # () -> (rows, has_previous, has_next, number)
        self.ordering = ordering
        self.paginator = paginator  # numbered pages only (old `?page=N` links): "of N+"

    @cached_property
    def _page(self):
        return self._fetch()

    object_list = property(lambda self: self._page[0])
    has_previous = property(lambda self: self._page[1])
    has_next = property(lambda self: self._page[2])
    number = property(lambda self: self._page[3])
    num_pages = property(lambda self: self.paginator.num_pages if self.paginator else None)
    capped = property(lambda self: self.paginator.capped if self.paginator else False)

    @property
    def previous_cursor(self) -> str | None:
        """None when the page before is the first one: the link goes to the list's own URL."""
        if not self.has_previous or self.number <= 2:
            return None
        return cursor_for(self.object_list[0], self.ordering, self.number - 1)

    @property
    def next_cursor(self) -> str | None:
        if not self.has_next:
            return None
        return cursor_for(self.object_list[-1], self.ordering, self.number + 1)

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)


def keyset_page(
    request, queryset, ordering, *, per_page: int | None = None, cap: int | None = None
) -> KeysetPage:
    """The page of `queryset` in `ordering` (which must end in a unique column, say `-pk`).

    `?after=<cursor>` / `?before=<cursor>` page by keyset. `?page=N` (old links) gives the
    numbered page of the capped paginator, whose links then go on by cursor. Anything else, or a
    cursor not made here for this list and this ordering, gives the first page. The queryset
    comes filtered: a cursor only says where to start, so it never reaches a row left out."""
    per_page = per_page or settings.PAGINATE_BY
    ordering = tuple(ordering)
    fields = _fields(queryset.model, ordering)
    ordered = queryset.order_by(*ordering)

    def first_page():
        rows = list(ordered[: per_page + 1])
        return rows[:per_page], False, len(rows) > per_page, 1

    for direction in (AFTER, BEFORE):
        cursor = _read_cursor(request.GET.get(direction, ""), queryset.model, ordering)
        if cursor is not None:
            number, values = cursor
            forward = direction == AFTER

            def past_cursor(forward=forward, number=number, values=values):
                rows = ordered if forward else ordered.reverse()
                rows = list(rows.filter(_past(fields, values, forward=forward))[: per_page + 1])
                more = len(rows) > per_page
                rows = rows[:per_page] if forward else rows[:per_page][::-1]
                if not rows:  # everything past the cursor has gone (hidden, deleted)
                    return first_page()
                if forward:
                    return rows, True, more, max(number, 2)
                return rows, more, True, max(number, 2) if more else 1

            return KeysetPage(past_cursor, ordering=ordering)

    asked = request.GET.get("page", "")
    if asked.isascii() and asked.isdigit() and len(asked) < 20 and int(asked) >= 2:
        paginator = CappedPaginator(ordered, per_page, cap=cap or COUNT_CAP)

        def numbered():
            page = paginator.get_page(asked)
            return list(page.object_list), page.has_previous(), page.has_next(), page.number

        return KeysetPage(numbered, ordering=ordering, paginator=paginator)
    return KeysetPage(first_page, ordering=ordering)
