"""The Atom feed writer every feed uses."""

from __future__ import annotations

import html

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core.text import strip_control_characters

SUMMARY_CHARS = 500


def plain_text(body_html: str, *, length: int = SUMMARY_CHARS) -> str:
    """A stored body's opening as plain text, for a summary."""
    # Enough of the HTML for `length` characters of text, not all of a long page.
    text = " ".join(html.unescape(strip_tags((body_html or "")[: length * 100])).split())
    return Truncator(text).chars(length)


def _clean(value):
    if isinstance(value, str):
        return strip_control_characters(value)
    if isinstance(value, list | tuple):
        return type(value)(_clean(v) for v in value)
    return value


class _TextSummaries:
    """Passes everything to the XML handler, but marks summaries as plain text."""

    def __init__(self, handler):
        self._handler = handler

    def __getattr__(self, name):
        return getattr(self._handler, name)

    def addQuickElement(self, name, contents=None, attrs=None):  # noqa: N802 (Django's name)
        if name == "summary":
            attrs = {"type": "text"}
        self._handler.addQuickElement(name, contents, attrs)


class TextAtom1Feed(Atom1Feed):
    """Atom with plain-text summaries (feeds give text, not HTML, to readers) and no control
    characters, which XML cannot carry: rows stored before input was cleaned still make a
    valid feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*_clean(args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*_clean(args), **{k: _clean(v) for k, v in kwargs.items()})

    def add_item_elements(self, handler, item):
        super().add_item_elements(_TextSummaries(handler), item)
