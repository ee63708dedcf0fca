"""What views and other apps call: ranked search, suggestions, similar content."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core import registry
from core.models import is_moderator
from search import indexing
from search.backends import (
    MARK_END,
    MARK_START,
    RANK_CAP,
    Backend,
    Filters,
    RawHit,
    get_backend,
)
from search.models import SearchDocument
from search.query import ParsedQuery, parse_query

Kind = SearchDocument.Kind
Visibility = SearchDocument.Visibility

MARKED_RE = re.compile(f"{MARK_START}([^{MARK_START}{MARK_END}]*){MARK_END}")
STRAY_MARK_RE = re.compile(f"[{MARK_START}{MARK_END}]")


def highlight(text: str) -> SafeString:
    """Escape everything, then turn our own markers into <mark>. Never trusts the text."""
    escaped = escape(text or "")  # markers are control characters: escape() leaves them be
    marked = MARKED_RE.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(STRAY_MARK_RE.sub("", marked))  # noqa: S308 - escaped above


def strip_marks(text: str) -> str:
    return STRAY_MARK_RE.sub("", text or "")


@dataclass
class SearchHit:
    kind: str
    object_id: int
    url: str
    updated_at: datetime
    visibility: str
    title: str
    title_html: SafeString
    snippet_html: SafeString
    score: float

    @property
    def kind_label(self) -> str:
        return registry.get(self.kind).label

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def visibility_label(self) -> str:
        return Visibility(self.visibility).label

    @classmethod
    def from_raw(cls, raw: RawHit) -> SearchHit:
        return cls(
            kind=raw.kind,
            object_id=raw.object_id,
            url=raw.url,
            updated_at=raw.updated_at,
            visibility=raw.visibility,
            title=strip_marks(raw.title),
            title_html=highlight(raw.title),
            snippet_html=highlight(raw.snippet),
            score=raw.score,
        )


def visibilities_for(user) -> tuple[str, ...] | None:
    """Moderators see everything (marked in the results); everyone else public content only."""
    return None if is_moderator(user) else (Visibility.PUBLIC,)


@dataclass
class SearchResults:
    """A lazy, sliceable result list: Paginator asks for count() and one slice."""

    query: ParsedQuery
    filters: Filters
    match_any: bool = False
    backend: Backend | None = None  # the benchmark passes ScanBackend() as its baseline
    _count: int | None = field(default=None, repr=False)
    _ranked: list = field(default_factory=list, repr=False)

    def _full_count(self) -> int:
        if self._count is None:
            backend = self._backend()
            if not self.query:
                self._count = 0
            elif hasattr(backend, "rank"):
                # PostgreSQL ranks and counts in one statement; slices reuse the ranking.
                self._ranked, self._count = backend.rank(
                    self.query, self.filters, match_any=self.match_any
                )
            else:
                self._count = backend.count(self.query, self.filters, match_any=self.match_any)
        return self._count

    def count(self) -> int:
        """How many results can be shown: at most RANK_CAP (see `capped`)."""
        return min(self._full_count(), RANK_CAP)

    @property
    def capped(self) -> bool:
        """More matched than are ranked and shown: the page says "more than 1,000"."""
        return self._full_count() > RANK_CAP

    def _backend(self) -> Backend:
        if self.backend is None:
            self.backend = get_backend()
        return self.backend

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            hits = self[item : item + 1]
            if not hits:
                raise IndexError(item)
            return hits[0]
        start = item.start or 0
        stop = min(item.stop if item.stop is not None else RANK_CAP, RANK_CAP)
        if not self.query or stop <= start:
            return []
        backend = self._backend()
        if hasattr(backend, "rank"):
            self._full_count()
            raws = backend.hits(self._ranked[start:stop], self.query, match_any=self.match_any)
        else:
            raws = backend.search(
                self.query, self.filters, offset=start, limit=stop - start, match_any=self.match_any
            )
        return [SearchHit.from_raw(r) for r in raws]


def search_documents(
    *,
    q: str,
    user=None,
    kind: str | None = None,
    topic_id: int | None = None,
    auto_prefix: bool = False,
) -> SearchResults:
    """Ranked results for what someone typed; feed them to a Paginator."""
    kinds = (kind,) if kind in {k.name for k in registry.indexed()} else None
    filters = Filters(visibilities=visibilities_for(user), kinds=kinds, topic_id=topic_id)
    return SearchResults(parse_query(q, auto_prefix=auto_prefix), filters)


def search_suggestions(*, q: str, user=None, limit: int = 5) -> list[SearchHit]:
    """The top few results while someone is still typing (the last word is a prefix)."""
    return search_documents(q=q, user=user, auto_prefix=True)[:limit]


@dataclass
class Similar:
    challenges: list[SearchHit]
    pages: list[SearchHit]

    def __bool__(self) -> bool:
        return bool(self.challenges or self.pages)


def similar_to_text(
    text: str, *, limit: int = 5, exclude: tuple[tuple[str, int], ...] = ()
) -> Similar:
    """Public challenges and wiki pages whose titles share words with `text` (best first):
    any of its significant (rarer) words may match, more shared words rank higher. Only
    titles are compared: that is what a learner typing a title means, and it stays fast
    whatever the size of the hub."""
    query = parse_query(text)
    if not query:
        return Similar([], [])
    backend = get_backend()
    query, match_any = backend.significant_terms(query)

    def top(kind):
        filters = Filters(kinds=(kind,), exclude=exclude)
        raws = backend.similar(query, filters, limit=limit, match_any=match_any)
        return [SearchHit.from_raw(r) for r in raws]

    return Similar(challenges=top(Kind.CHALLENGE), pages=top(Kind.PAGE))


RELATED_CACHE_SECONDS = 60 * 10


def similar_to_challenge(challenge, limit: int = 5) -> Similar:
    """Similar challenges and related wiki pages for a challenge page (two queries, none while
    cached). Only public documents are compared, so one cached answer serves every viewer; it
    is keyed by the index's generation, so any change to the index is seen at once."""
    key = f"search:related:{challenge.pk}:{limit}:{indexing.generation()}"
    related = cache.get(key)
    if related is None:
        related = similar_to_text(
            challenge.title, limit=limit, exclude=((Kind.CHALLENGE, challenge.pk),)
        )
        cache.set(key, related, RELATED_CACHE_SECONDS)
    return related
