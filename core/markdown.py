"""The one Markdown function: render once on save, sanitise with an allow-list, store the HTML.

Templates only ever mark *this* output safe, never raw user input.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions import Extension

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

BASE_EXTENSIONS = ["fenced_code", "tables", "sane_lists", "codehilite", "toc"]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False},
    "toc": {"permalink": False, "toc_depth": "2-4", "slugify": None},
}


def _extension_configs() -> dict:
    from markdown.extensions.toc import slugify_unicode

    configs = {k: dict(v) for k, v in EXTENSION_CONFIGS.items()}
    configs["toc"]["slugify"] = slugify_unicode
    return configs


# A code block too wide for a phone scrolls sideways; tabindex lets a keyboard scroll it too.
# Set on every <pre>, whatever the input says; no other element keeps a tabindex.
SET_ATTRIBUTES = {"pre": {"tabindex": "0"}}


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
    )


def render_markdown(
    text: str, *, extensions: list[Extension] | None = None, comment: bool = False
) -> str:
    """Markdown to sanitised HTML. `extensions` adds e.g. the wiki-link resolver."""
    md = markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, *(extensions or [])],
        extension_configs=_extension_configs(),
        output_format="html",
    )
    return sanitize(md.convert(text or ""), comment=comment)


def render_markdown_with_toc(
    text: str, *, extensions: list[Extension] | None = None
) -> tuple[str, str]:
    """Return (body_html, toc_html), both sanitised."""
    md = markdown.Markdown(
        extensions=[*BASE_EXTENSIONS, *(extensions or [])],
        extension_configs=_extension_configs(),
        output_format="html",
    )
    body = sanitize(md.convert(text or ""))
    toc = sanitize(getattr(md, "toc", "")) if getattr(md, "toc_tokens", None) else ""
    return body, toc
