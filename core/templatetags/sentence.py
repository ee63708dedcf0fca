"""`sentence_case`: "Reset My Password" → "Reset my password", as the site writes headings and
buttons. allauth's templates title-case theirs; its element templates (templates/allauth/)
pass their headings and buttons through this filter rather than copying every page."""

import re

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Capitalised words that stay so: names, not title case.
PROPER = {"Nexus", "Project", "GitHub", "Google", "I", "OAuth", "JWT", "API"}
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"\b([A-Z][a-z]+)\b")


@register.filter(is_safe=True)
def sentence_case(value: str) -> str:
    seen_first = False
    parts = []
    for part in _TAG_OR_TEXT.split(str(value)):
        if part.startswith("<"):
            parts.append(part)
            continue

        def lower(m):
            nonlocal seen_first
            word = m.group(1)
            if not seen_first:
                seen_first = True
                return word
            return word if word in PROPER else word.lower()

        if not seen_first and part.strip():
            # The first word keeps its capital even if it is not [A-Z][a-z]+ ("E-mail").
            first = re.search(r"\w", part)
            if first and not part[first.start()].isupper():
                seen_first = True
        parts.append(_WORD.sub(lower, part))
    result = "".join(parts)
    # Safe in, safe out: only the case of letters changed.
    return mark_safe(result) if isinstance(value, SafeString) else result  # noqa: S308
