"""Build SearchDocument rows from every indexed kind of content (core.registry), and keep
them current."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction

from core import registry
from core.registry import Document
from search.models import SearchDocument

Kind = SearchDocument.Kind
Visibility = SearchDocument.Visibility

INLINE_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|s|span|strong|sub|sup)(?:\s[^>]*)?>", re.I
)
TAG_RE = re.compile(r"<[^>]*>")
# Our own highlight markers (see search/backends.py) and other controls never enter the index.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SPACE_RE = re.compile(r"\s+")
MARKDOWN_RE = re.compile(r"```[^\n]*|`|\*\*?|__?|^#{1,6}\s|^>\s?|!?\[([^\]]*)\]\([^)]*\)", re.M)


def plain_text(body_html: str = "", body: str = "") -> str:
    """The words a reader sees: sanitized HTML without tags, or markdown without markup."""
    if body_html:
        # Inline tags sit inside words ("retry_<code>for</code>"); block tags separate them.
        text = html.unescape(TAG_RE.sub(" ", INLINE_TAG_RE.sub("", body_html)))
    else:
        text = MARKDOWN_RE.sub(lambda m: m.group(1) or " ", body or "")
    return SPACE_RE.sub(" ", CONTROL_RE.sub(" ", text)).strip()


def _clean_title(title: str) -> str:
    return SPACE_RE.sub(" ", CONTROL_RE.sub(" ", title or "")).strip()[:300]


def visibility(document: Document) -> str:
    """The first of hidden, withdrawn or held found on the objects the document is visible
    as (see core.registry.Document.visible_as), else public."""
    for obj in document.visible_as:
        if obj.hidden_at is not None:
            return Visibility.HIDDEN
        if getattr(obj, "withdrawn_at", None) is not None:
            return Visibility.WITHDRAWN
        if getattr(obj, "is_held", False):
            return Visibility.HELD
    return Visibility.PUBLIC


def document_fields(document: Document) -> dict:
    return {
        "title": _clean_title(document.title),
        "body": plain_text(document.body_html, document.body),
        "url": document.url,
        "updated_at": document.updated_at,
        "visibility": visibility(document),
    }


# --- One document per object ------------------------------------------------------------------


def _topic_ids(document: Document) -> list[int]:
    owner = document.topic_owner
    return [t.pk for t in owner.topics.all()] if owner is not None else []


def _store(kind: str, obj) -> SearchDocument:
    document = registry.get(kind).search.document(obj)
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults=document_fields(document)
    )
    doc.topics.set(_topic_ids(document))
    return doc


# --- what the index holds has changed --------------------------------------------------------

GENERATION_KEY = "search:generation"


def generation() -> int:
    """A number that changes whenever the index does: results cached under it (a challenge's
    Related list) are never served after a change. Starts from the clock, so a counter the cache
    dropped does not come back as a number already used."""
    cache.add(GENERATION_KEY, int(time.time() * 1000), timeout=None)
    return cache.get(GENERATION_KEY) or 0


def index_changed() -> None:
    """Move to a new generation now, and again once the transaction commits (a request that
    read the index before the commit must not keep what it cached as current)."""

    def bump():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # not set (or dropped): any new number will do
            generation()

    bump()
    transaction.on_commit(bump)


@transaction.atomic
def index(obj) -> SearchDocument | None:
    """(Re)build the document of `obj` as it is in memory, and of the objects whose documents
    are built from it (a challenge's solutions). None for content that is not indexed."""
    kind = registry.kind_of(obj)
    if kind is None or kind.search is None:
        return None
    doc = _store(kind.name, obj)
    for dependent in kind.search.dependents(obj):
        _store(registry.kind_of(dependent).name, dependent)
    index_changed()
    return doc


def reindex(obj) -> SearchDocument | None:
    """Index `obj` as it is stored: for writes made with queryset.update(), which send no
    post_save (a moderator's hide, restore or approval)."""
    kind = registry.kind_of(obj)
    if kind is None or kind.search is None:
        return None
    stored = kind.search.queryset().filter(pk=obj.pk).first()
    if stored is None:
        unindex(kind.name, [obj.pk])
        return None
    return index(stored)


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()
    index_changed()


# --- Rebuild ----------------------------------------------------------------------------------


def _bulk(docs: list[tuple[SearchDocument, list[int]]]) -> int:
    created = SearchDocument.objects.bulk_create([d for d, _ in docs])
    through = SearchDocument.topics.through
    links = [
        through(searchdocument_id=doc.pk, topic_id=topic_id)
        for doc, (_, topic_ids) in zip(created, docs, strict=True)
        for topic_id in topic_ids
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(created)


def _topic_map(documents: list[Document]) -> dict[tuple[type, int], list[int]]:
    """Topic ids of every document's topic owner: one query per kind of owner."""
    owners: dict[type, set[int]] = {}
    for document in documents:
        if document.topic_owner is not None:
            owners.setdefault(type(document.topic_owner), set()).add(document.topic_owner.pk)
    result: dict[tuple[type, int], list[int]] = {}
    for model, ids in owners.items():
        through = model.topics.through
        fk = f"{model._meta.model_name}_id"
        for owner_id, topic_id in through.objects.filter(**{f"{fk}__in": ids}).values_list(
            fk, "topic_id"
        ):
            result.setdefault((model, owner_id), []).append(topic_id)
    return result


def _owner_key(document: Document):
    owner = document.topic_owner
    return (type(owner), owner.pk) if owner is not None else None


def rebuild_index(*, batch_size: int = 2000, stdout=None) -> int:
    """Empty the index and build it again from every indexed kind of content."""
    total = 0
    with transaction.atomic():
        SearchDocument.topics.through.objects.all().delete()
        SearchDocument.objects.all().delete()
        for kind in registry.indexed():
            count = 0
            for chunk in _chunks(kind.search.queryset().order_by("pk"), batch_size):
                documents = [kind.search.document(obj) for obj in chunk]
                topics = _topic_map(documents)
                count += _bulk(
                    [
                        (
                            SearchDocument(kind=kind.name, object_id=obj.pk, **document_fields(d)),
                            topics.get(_owner_key(d), []),
                        )
                        for obj, d in zip(chunk, documents, strict=True)
                    ]
                )
            if stdout is not None:
                stdout.write(f"Indexed {count} {kind.label.lower()}s.")
            total += count
    optimize_index()
    index_changed()
    return total


def _chunks(queryset, size):
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk)[:size])
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk


def optimize_index() -> None:
    """Merge the engine's index segments after a bulk load (cheap to skip, faster to query)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_searchdocument")
