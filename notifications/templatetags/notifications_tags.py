from django import template

from notifications.services import unread_count as _unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_count(context) -> int:
    """The header badge: cached per user, so most pages pay no query for it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return 0
    return _unread_count(user)
