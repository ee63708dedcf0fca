"""The kinds of content that moderation and search act on, registered by the apps that own them.

A content app describes each of its models once, in its `AppConfig.ready()`:

    registry.register(ContentKind(model=Solution, label="Solution", describe=..., ...))

Moderation (hide, restore, approve, the review queue, the log) and search (the index) then read
this registry and never import a content model. The kind's name is its model's name (`page`,
`challenge`, `solution`, `comment`): URLs, flags and search documents carry it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.utils.text import Truncator

from core.models import Moderatable, Post

Hook = Callable[[Any, Any], None]  # (the object, the moderator or None)


@dataclass(frozen=True)
class Document:
    """What search stores for one object; search turns the text into plain words."""

    title: str
    url: str
    updated_at: datetime
    body_html: str = ""
    body: str = ""  # the markdown, read when there is no HTML
    # The objects whose hidden/withdrawn/held state the document takes, its own first (a
    # solution is only as visible as the challenge it answers).
    visible_as: tuple[Moderatable, ...] = ()
    # The object whose `topics` the document is filed under (a solution: its challenge's).
    topic_owner: models.Model | None = None


@dataclass(frozen=True)
class Indexing:
    """How search indexes a kind."""

    document: Callable[[Any], Document]
    # Every object to index, loaded with what `document` reads (rebuilds, and re-reads after
    # a moderator changed a row with an UPDATE).
    queryset: Callable[[], models.QuerySet]
    # A save that touches none of these (counters, say) leaves the document as it is.
    fields: frozenset[str]
    # Other objects whose documents are built from this one (a challenge's solutions).
    dependents: Callable[[Any], Iterable[Any]] = lambda obj: ()


@dataclass(frozen=True)
class ContentKind:
    model: type[Moderatable]
    label: str  # "Solution"
    describe: Callable[[Any], str]  # 'Solution by bea to “Celery retries”'
    edit_url: Callable[[Any], str]
    author_field: str = "author"
    # Loaded with every object moderation shows, so `describe` costs no query.
    select_related: tuple[str, ...] = ()
    # 'your solution to “Celery retries”': how its author is told about a moderator's
    # decision. None: the author is not told (wiki pages belong to everyone).
    to_author: Callable[[Any], str] | None = None
    on_visibility_changed: Hook | None = None  # after a hide or a restore
    on_approved: Hook | None = None  # after a held post was approved
    search: Indexing | None = None
    # The stored, sanitized HTML a moderator reads in the review queue (a page: its current
    # revision's; needs `select_related`), and where the item sits: (title, url) of the
    # challenge or page around it, or None when it stands alone.
    body_html: Callable[[Any], str] = lambda obj: getattr(obj, "body_html", "")
    where: Callable[[Any], tuple[str, str] | None] = lambda obj: None

    @property
    def name(self) -> str:
        return self.model._meta.model_name

    @property
    def can_be_held(self) -> bool:
        """Posts by newcomers wait for a moderator's approval."""
        return issubclass(self.model, Post)

    def author_id(self, obj) -> int | None:
        return getattr(obj, f"{self.author_field}_id")

    def author(self, obj):
        return getattr(obj, self.author_field)


TITLE_CHARS = 60


def quoted(title: str) -> str:
    """A title as labels quote it: “Celery task retries…” (cut at TITLE_CHARS)."""
    return f"“{Truncator(title).chars(TITLE_CHARS)}”"


_kinds: dict[str, ContentKind] = {}


def register(kind: ContentKind) -> None:
    if _kinds.get(kind.name, kind) is not kind:
        raise ValueError(f"The content kind {kind.name!r} is registered twice.")
    _kinds[kind.name] = kind


def get(name: str) -> ContentKind:
    """The kind called `name`; LookupError when nothing registered it."""
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No content kind {name!r}.") from None


def kind_of(obj) -> ContentKind | None:
    """The kind of a model instance (or class), None for anything unregistered (a user)."""
    model = obj if isinstance(obj, type) else type(obj)
    meta = getattr(model, "_meta", None)
    kind = _kinds.get(meta.model_name) if meta is not None else None
    return kind if kind is not None and issubclass(model, kind.model) else None


def kinds() -> list[ContentKind]:
    return list(_kinds.values())


def indexed() -> list[ContentKind]:
    return [kind for kind in _kinds.values() if kind.search is not None]
