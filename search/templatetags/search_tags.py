from django import template
from django.utils.http import urlencode

from search.services import similar_to_challenge

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number, param="page"):
    """The current URL's query string with one page parameter replaced."""
    query = context["request"].GET.copy()
    query[param] = number
    return "?" + urlencode(sorted(query.lists()), doseq=True)


@register.inclusion_tag("search/_similar.html")
def similar_for_challenge(challenge, limit=5):
    """`{% similar_for_challenge challenge %}` on the challenge page: similar challenges and
    related wiki pages."""
    return {"similar": similar_to_challenge(challenge, limit=limit), "challenge_page": True}
