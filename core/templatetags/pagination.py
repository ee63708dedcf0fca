from django import template
from django.utils.http import urlencode

from core.pagination import AFTER, BEFORE

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current URL's query string (the list's filters) with one page parameter replaced."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.simple_tag(takes_context=True)
def cursor_url(context, direction, cursor):
    """The current URL (the list's filters kept) at the cursor, `direction` "after" or "before";
    without a cursor, the list's first page."""
    request = context["request"]
    query = request.GET.copy()
    for name in ("page", AFTER, BEFORE):
        query.pop(name, None)
    if cursor:
        query[direction] = cursor
    return "?" + urlencode(sorted(query.lists()), doseq=True) if query else request.path
