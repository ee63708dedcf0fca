"""The one Markdown function: render once on save, sanitise with an allow-list, store the HTML.

Templates only ever mark *this* output safe, never raw user input.

Rendering is bounded: `validate_markdown` (every Markdown body field and the editor's preview
call it) refuses text whose size, nesting or number of links is past a limit, saying what to
simplify, and the pipeline's work is linear in its input (Python-Markdown's own link parsing
scans to the end of the text from every "[", which made "[[" x 20000 take minutes).
"""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3
from django.core.exceptions import ValidationError
from markdown import inlinepatterns
from markdown.extensions import Extension

from core.markdown_bounds import (  # noqa: F401  (the bounds are part of this module's API)
    MAX_HTML_CHARS,
    MAX_LINKS,
    MAX_NESTING,
    MAX_PARAGRAPH_CHARS,
    MAX_REFERENCE_CHARS,
    MAX_UNCLOSED_TAGS,
    markdown_problems,
)
from core.text import strip_control_characters

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "code": {"class"},
    "div": {"class"},
    "span": {"class"},
    "pre": {"class"},
    "td": {"align"},
    "th": {"align"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "ol": {"start"},
    "abbr": {"title"},
}  # fmt: skip
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# Comments are short: links and code, nothing that changes the page's layout.
COMMENT_TAGS = {"a", "b", "br", "code", "em", "i", "p", "pre", "span", "strong", "del"}
COMMENT_ATTRIBUTES = {
    "a": {"href", "title"},
    "code": {"class"},
    "span": {"class"},
    "pre": {"class"},
}

# Ids from user text live in their own namespace, so a heading can never take an id the page
# itself uses ("comments-c12" is an htmx swap target).
HEADING_ID_PREFIX = "h-"

# Link text may hold brackets this deep ("[![img](src)](href)" is 1); a link's address and
# title are looked for this far at least.
_LINK_TEXT_DEPTH = 3
_LINK_WINDOW = 256

BASE_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "codehilite", "toc"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"permalink": False, "toc_depth": "2-4", "slugify": None},
}


def _heading_slug(value: str, separator: str) -> str:
    from markdown.extensions.toc import slugify_unicode

    return HEADING_ID_PREFIX + slugify_unicode(value, separator)


def _extension_configs() -> dict:
    configs = {k: dict(v) for k, v in EXTENSION_CONFIGS.items()}
    configs["toc"]["slugify"] = _heading_slug
    return configs


def _nested(open_: str, close: str, depth: int) -> re.Pattern[str]:
    """Text with `open_`/`close` balanced up to `depth` levels. Each piece has one way to match,
    so a match costs time linear in what it covers."""
    plain = rf"[^\{open_}\{close}]*"
    pattern = plain
    for _ in range(depth):
        pattern = rf"{plain}(?:\{open_}{pattern}\{close}{plain})*"
    return re.compile(pattern)


_LINK_TEXT = _nested("[", "]", _LINK_TEXT_DEPTH)
_LINK_PARENS = _nested("(", ")", _LINK_TEXT_DEPTH)


class _LinearLinkMixin:
    """Python-Markdown's link processors, with linear scans.

    Its getText walks from every "[" to the end of the text when the bracket is never closed
    (quadratic for "[[[["), and getLink does the same for "(". Here link text is matched by a
    regular expression (brackets nested up to _LINK_TEXT_DEPTH), and getLink reads no further
    than the balanced parentheses after "(" (or _LINK_WINDOW characters).
    """

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        end = _LINK_TEXT.match(data, index).end()
        if data[end : end + 1] != "]":
            return "", index, False
        return data[index:end], end + 1, True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        if data[index : index + 1] != "(":
            return super().getLink(data, index)
        extent = _LINK_PARENS.match(data, index + 1).end() + 1
        window = data[index : max(extent + 1, index + _LINK_WINDOW)]
        href, title, end, handled = super().getLink(window, 0)
        return href, title, index + end, handled


def _linear(cls):
    return type(f"Linear{cls.__name__}", (_LinearLinkMixin, cls), {})


class LinearLinksExtension(Extension):
    """Swap Python-Markdown's six bracket-link processors for the linear ones (same patterns,
    same priorities)."""

    PROCESSORS = [
        ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
        ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
        ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
        (
            "image_reference",
            inlinepatterns.ImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
            140,
        ),
        (
            "short_reference",
            inlinepatterns.ShortReferenceInlineProcessor,
            inlinepatterns.REFERENCE_RE,
            130,
        ),
        (
            "short_image_ref",
            inlinepatterns.ShortImageReferenceInlineProcessor,
            inlinepatterns.IMAGE_REFERENCE_RE,
            125,
        ),
    ]

    def extendMarkdown(self, md):
        for name, cls, pattern, priority in self.PROCESSORS:
            md.inlinePatterns.register(_linear(cls)(pattern, md), name, priority)


# A code block too wide for a phone scrolls sideways; tabindex lets a keyboard scroll it too.
# Set on every <pre>, whatever the input says; no other element keeps a tabindex.
SET_ATTRIBUTES = {"pre": {"tabindex": "0"}}


def _prefix_ids(element: str, attribute: str, value: str) -> str:
    if attribute == "id" and not value.startswith(HEADING_ID_PREFIX):
        return HEADING_ID_PREFIX + value
    return value


# A link whose href the allow-list dropped (`javascript:`, `data:`…) would still look like a
# link that goes nowhere: keep its text, drop the <a>. nh3's output is regular, so a pattern
# on it is safe (no nested <a>; attributes double-quoted).
_LINK_WITHOUT_HREF = re.compile(r"<a\b(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)


def sanitize(html: str, *, comment: bool = False) -> str:
    return _LINK_WITHOUT_HREF.sub(r"\1", _clean(html, comment=comment))


def _clean(html: str, *, comment: bool) -> str:
    return nh3.clean(
        html,
        tags=COMMENT_TAGS if comment else ALLOWED_TAGS,
        attributes=COMMENT_ATTRIBUTES if comment else ALLOWED_ATTRIBUTES,
        set_tag_attribute_values=SET_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener ugc",
        strip_comments=True,
        attribute_filter=_prefix_ids,
    )


class MarkdownTooComplex(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


def validate_markdown(text: str) -> None:
    """Raise ValidationError, saying what to simplify, if `text` is past a bound: size, nesting,
    links, or (rendered once, for real) its output size. Every Markdown body field calls it from
    its form's clean method; the editor's preview calls the same checks."""
    problems = markdown_problems(text)
    if not problems:
        try:
            _render(text, extensions=None, comment=False, strict=True)
        except MarkdownTooComplex as exc:
            problems.extend(exc.problems)
    if problems:
        raise ValidationError(
            [ValidationError(p, code="markdown_bounds") for p in problems],
        )


# --- rendering -------------------------------------------------------------------------------


def _markdown(extensions: list[Extension] | None) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, LinearLinksExtension(), *(extensions or [])],
        extension_configs=_extension_configs(),
        output_format="html",
    )


def _fallback(text: str) -> str:
    """Text that could not be rendered, shown as written (escaped), so nothing is lost."""
    return f"<pre>{html_lib.escape(text)}</pre>"


def _render(
    text: str, *, extensions: list[Extension] | None, comment: bool, strict: bool
) -> tuple[str, str]:
    """(body_html, toc_html). Text past a bound is not given to Python-Markdown: `strict` raises
    MarkdownTooComplex, otherwise the text comes back as written, escaped (what reaches here
    without a form, e.g. an import, still renders, and nothing is lost)."""
    text = strip_control_characters(text or "")
    if problems := markdown_problems(text):
        if strict:
            raise MarkdownTooComplex(problems)
        return sanitize(_fallback(text), comment=comment), ""
    md = _markdown(extensions)
    try:
        converted = md.convert(text)
    except RecursionError:
        # Last resort: markdown_problems refuses deep nesting before this can happen.
        if strict:
            raise MarkdownTooComplex(
                [
                    "The text is nested too deeply to show (lists, quotes or links inside each "
                    "other). Flatten it."
                ]
            ) from None
        return sanitize(_fallback(text), comment=comment), ""
    if strict and len(converted) > MAX_HTML_CHARS:
        raise MarkdownTooComplex(
            [
                "Shown as a page, the text would be too large (very long code blocks or "
                "tables). Shorten it or split it in parts."
            ]
        )
    body = sanitize(converted, comment=comment)
    toc = sanitize(getattr(md, "toc", "")) if getattr(md, "toc_tokens", None) else ""
    return body, toc


def render_markdown(
    text: str, *, extensions: list[Extension] | None = None, comment: bool = False
) -> str:
    """Markdown to sanitised HTML. `extensions` adds e.g. the wiki-link resolver."""
    return _render(text, extensions=extensions, comment=comment, strict=False)[0]


def render_markdown_with_toc(
    text: str, *, extensions: list[Extension] | None = None, strict: bool = False
) -> tuple[str, str]:
    """Return (body_html, toc_html), both sanitised. With `strict`, text past a bound raises
    MarkdownTooComplex (the preview shows why) instead of coming back as plain text."""
    return _render(text, extensions=extensions, comment=False, strict=strict)
