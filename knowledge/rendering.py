"""Wiki Markdown: core.markdown's pipeline (Pygments, tables, TOC, nh3) plus [[wiki links]].

Rendering happens once per save (services) and for the editor's live preview; a page view only
ever outputs the stored, sanitised HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterable, Mapping
from typing import NamedTuple
from urllib.parse import quote, unquote

from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

from core.markdown import MarkdownTooComplex, render_markdown_with_toc

# [[Target]] or [[Target|label]]; no brackets or newlines inside.
WIKILINK_RE = r"\[\[([^\[\]|\n]{1,200})(?:\|([^\[\]\n]{1,200}))?\]\]"
_WIKILINK = re.compile(WIKILINK_RE)

MISSING_CLASS = "wikilink-missing"
EXISTING_CLASS = "wikilink"


def slug_for(target: str) -> str:
    """The page slug a title (or a slug) names: the same rule page creation uses."""
    return slugify(target.strip())[:200]


class Rendered(NamedTuple):
    """Unpacks as (html, toc_html, linked_slugs)."""

    html: str
    toc_html: str
    linked_slugs: list[str]


class _WikiLinkInline(InlineProcessor):
    def __init__(self, pattern, ext: WikiLinkExtension):
        super().__init__(pattern)
        self.ext = ext

    def handleMatch(self, m, data):
        target = m.group(1).strip()
        label = (m.group(2) or "").strip() or target
        slug = slug_for(target)
        if not slug:
            # Nothing to link to ("[[!!]]"): leave the text as written.
            return None, None, None
        el = etree.Element("a")
        el.text = label
        if slug not in self.ext.linked:
            self.ext.linked.append(slug)
        if slug in self.ext.existing:
            el.set("href", reverse("knowledge:page_detail", args=[self.ext.existing[slug]]))
            el.set("class", EXISTING_CLASS)
        else:
            el.set("href", missing_url(target))
            el.set("class", MISSING_CLASS)
            el.set("title", f"No page yet: create “{target}”")
        return el, m.start(0), m.end(0)


class WikiLinkExtension(Extension):
    """Resolves [[links]] against `existing`: the slugs known to exist, or a mapping from a
    slug (an old one of a renamed page too) to the page's current slug."""

    def __init__(self, existing: Iterable[str] | Mapping[str, str] = (), **kwargs):
        if not isinstance(existing, Mapping):
            existing = {slug: slug for slug in existing}
        self.existing = dict(existing)
        self.linked: list[str] = []
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Above links (160) so "[[a]]" is not read as a reference link.
        md.inlinePatterns.register(_WikiLinkInline(WIKILINK_RE, self), "wikilink", 175)


def missing_url(target: str) -> str:
    return f"{reverse('knowledge:page_new')}?title={quote(target.strip())}"


def candidate_slugs(text: str) -> set[str]:
    return {s for s in (slug_for(m.group(1)) for m in _WIKILINK.finditer(text or "")) if s}


class PageRef(NamedTuple):
    slug: str  # the page's current slug
    pk: int


def resolve_slugs(slugs: set[str]) -> dict[str, PageRef]:
    """Which of these slugs name a page, as {slug: the page's current slug and id}.

    Hidden pages count (their slug is taken); so do old slugs of renamed pages, which resolve to
    the page's new slug. One query.
    """
    from knowledge.models import Page

    if not slugs:
        return {}
    found: dict[str, PageRef] = {}
    rows = (
        Page.objects.filter(Q(slug__in=slugs) | Q(aliases__slug__in=slugs))
        .order_by()
        .values_list("slug", "pk", "aliases__slug")
    )
    for current, pk, alias in rows:
        for name in (current, alias):
            if name in slugs:
                found[name] = PageRef(current, pk)
    return found


def existing_slugs(slugs: set[str]) -> dict[str, str]:
    """{slug: the page's current slug} for the slugs that name a page. One query."""
    return {slug: ref.slug for slug, ref in resolve_slugs(slugs).items()}


def wiki_links(text: str) -> WikiLinkExtension:
    """The [[wiki link]] resolver for `text`, for Markdown outside the wiki (challenges,
    solutions, comments). At most one query; none when the text has no [[link]]."""
    return WikiLinkExtension(existing_slugs(candidate_slugs(text)))


def render_wiki(
    text: str, *, existing: Mapping[str, str] | None = None, strict: bool = False
) -> Rendered:
    """Markdown with wiki links to (html, toc_html, linked_slugs). At most one query.

    With `strict`, text past core.markdown's bounds raises MarkdownTooComplex."""
    if existing is None:
        existing = existing_slugs(candidate_slugs(text))
    ext = WikiLinkExtension(existing)
    html, toc = render_markdown_with_toc(text, extensions=[ext], strict=strict)
    return Rendered(html=html, toc_html=toc, linked_slugs=list(ext.linked))


def render_preview(text: str) -> str:
    """django-markdownx's live preview (settings.MARKDOWNX_MARKDOWNIFY_FUNCTION) and the
    Preview button: the same pipeline as saving, so what you see is what you get; past a
    bound, what the form would say instead."""
    try:
        return render_wiki(text, strict=True).html
    except MarkdownTooComplex as exc:
        return format_html(
            '<div class="preview-refused"><p>This text cannot be shown as it is:</p>'
            "<ul>{}</ul></div>",
            format_html_join("", "<li>{}</li>", ((p,) for p in exc.problems)),
        )


_MISSING_TAG = re.compile(r"<a\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def _missing_targets(html: str) -> dict[str, str]:
    """{slug: href} of the "create this page" links in stored HTML."""
    prefix = reverse("knowledge:page_new") + "?title="
    found = {}
    for m in _MISSING_TAG.finditer(html):
        attrs = dict(_ATTR.findall(m.group(0)))
        href = attrs.get("href", "").replace("&amp;", "&")
        if attrs.get("class") == MISSING_CLASS and href.startswith(prefix):
            slug = slug_for(unquote(href[len(prefix) :]))
            if slug:
                found[slug] = href
    return found


def relink_existing(html: str) -> str:
    """Stored HTML with its "create this page" links pointing at today's pages.

    An old revision keeps the HTML of its day; pages created since would show as missing.
    At most one query (none when the HTML has no missing link); nothing re-renders.
    """
    targets = _missing_targets(html)
    if not targets:
        return html
    for old_slug, current in existing_slugs(set(targets)).items():
        html = relink_created(html, old_slug, current_slug=current)
    return html


def relink_created(html: str, slug: str, *, current_slug: str | None = None) -> str:
    """Turn stored "create this page" links to `slug` into live links, without re-rendering.

    Used when a missing page gets created: the linking pages' stored HTML is patched, so the
    bodies (and their revisions) stay as written and no markdown runs again.
    """
    new_prefix = reverse("knowledge:page_new") + "?title="
    page_url = reverse("knowledge:page_detail", args=[current_slug or slug])

    def fix(m):
        tag = m.group(0)
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("class") != MISSING_CLASS:
            return tag
        href = attrs.get("href", "").replace("&amp;", "&")
        if not href.startswith(new_prefix):
            return tag
        if slug_for(unquote(href[len(new_prefix) :])) != slug:
            return tag
        rel = attrs.get("rel")
        return (
            f'<a href="{page_url}" class="{EXISTING_CLASS}"'
            + (f' rel="{rel}"' if rel else "")
            + ">"
        )

    return _MISSING_TAG.sub(fix, html)
