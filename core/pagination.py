"""One way to page a list: `page_of(request, items)` and the `_pagination.html` partial.

Bad input never breaks a list (PRODUCT.md): a malformed or empty `?page=` gives the first page,
a number past the end (however huge) the last one.
"""

from django.conf import settings
from django.core.paginator import Page, Paginator


def page_of(request, items, *, per_page: int | None = None, param: str = "page") -> Page:
    """The page of `items` that `?<param>=` asks for (a list with several paged sections gives
    each its own parameter)."""
    paginator = Paginator(items, per_page or settings.PAGINATE_BY)
    return paginator.get_page(request.GET.get(param))
