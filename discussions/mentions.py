"""@username mentions: linked to the profile when the user exists, plain text otherwise.

Mentions inside code (fenced blocks or inline backticks) are left alone.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.urls import reverse

# Not preceded by a word character, "@" or "/" (so emails and URLs stay as they are).
MENTION_RE = re.compile(r"(?<![\w@/`\[])@([A-Za-z0-9_](?:[\w.+-]*[A-Za-z0-9_])?)")
# Fenced blocks, then inline code spans: the parts of the text mentions never touch.
CODE_RE = re.compile(r"(```.*?```|~~~.*?~~~|`[^`\n]*`)", re.DOTALL)


def _prose_parts(text: str):
    """Yield (is_code, chunk) pieces of `text`."""
    pos = 0
    for match in CODE_RE.finditer(text):
        if match.start() > pos:
            yield False, text[pos : match.start()]
        yield True, match.group(0)
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


def mentioned_usernames(text: str) -> set[str]:
    names = set()
    for is_code, chunk in _prose_parts(text or ""):
        if not is_code:
            names.update(m.group(1) for m in MENTION_RE.finditer(chunk))
    return names


def mentioned_users(text: str):
    """The real users `text` mentions (one query, none when there is no @ at all)."""
    names = mentioned_usernames(text)
    if not names:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(username__in=names, is_active=True)


def link_mentions(text: str) -> str:
    """Turn mentions of real users into Markdown links to their profiles."""
    names = mentioned_usernames(text)
    if not names:
        return text or ""
    known = set(
        get_user_model().objects.filter(username__in=names).values_list("username", flat=True)
    )
    if not known:
        return text

    def replace(match):
        name = match.group(1)
        if name not in known:
            return match.group(0)
        return f"[@{name}]({reverse('hub:profile_detail', args=[name])})"

    return "".join(
        chunk if is_code else MENTION_RE.sub(replace, chunk)
        for is_code, chunk in _prose_parts(text)
    )
