"""One way to page a list: `page_of(request, items)` and the `_pagination.html` partial.

Bad input never breaks a list (PRODUCT.md): a malformed or empty `?page=` gives the first page,
a number past the end (however huge) the last one.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

# Long lists (recent changes, the challenge list, a page's history, the inbox) count at most
# this many rows: COUNT(*) over millions on every view would grow with the hub, and so would
# an OFFSET that deep. Past it the list says "of N+" and ends there.
COUNT_CAP = 10_000


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
