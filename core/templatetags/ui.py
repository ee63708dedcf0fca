"""The look's small pieces: `{% avatar person %}` and `{% icon "wiki" %}`.

    {% load ui %}
    <a href="{{ person.get_absolute_url }}">{% avatar person 24 %}{{ person.display_name }}</a>
    <a href="{% url 'knowledge:page_list' %}">{% icon "wiki" %}Wiki</a>

Both are decorative (aria-hidden): the text beside them is the label.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.avatars import avatar_svg

register = template.Library()

# The symbols in templates/_icons.svg, which base.html puts once at the top of every page.
ICONS = frozenset(
    {
        "wiki",
        "challenge",
        "check",
        "comment",
        "bell",
        "search",
        "edit",
        "flag",
        "menu",
        "shield",
        "history",
        "plus",
        "logout",
        "eye",
    }
)


@register.simple_tag
def avatar(person, size=32):
    if person is None:
        return ""
    # Initials from the username, not the display name: the same picture everywhere, and the
    # header's avatar costs no profile query.
    username = getattr(person, "username", "") or str(person)
    return mark_safe(avatar_svg(username, username, int(size)))  # noqa: S308 (escaped in avatar_svg)


@register.simple_tag
def icon(name, css=""):
    if name not in ICONS:
        raise template.TemplateSyntaxError(f"No icon {name!r} in templates/_icons.svg")
    return format_html(
        '<svg class="icon{}" aria-hidden="true" focusable="false"><use href="#i-{}"></use></svg>',
        f" {css}" if css else "",
        name,
    )
