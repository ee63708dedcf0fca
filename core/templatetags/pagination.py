from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current URL's query string (the list's filters) with one page parameter replaced."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + urlencode(sorted(query.lists()), doseq=True)
