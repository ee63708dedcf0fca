"""The review queue: flagged items (grouped per item) and held posts, oldest first.

One UNION query pages through both kinds of row; the page's targets are then fetched with one
query per kind of content. Flag counts, counts per reason and the first notes come back in the
same UNION row, so a page of the queue costs count + page + at most four target queries,
however many flags are open. The kind of each row (its content type's model name) is read in
the same query, so nothing here asks the ContentType cache: the budget holds on a cold cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)

from core import registry
from moderation.models import Flag, FlagReason
from moderation.services import QUEUE_SIZE_KEY
from moderation.targets import (
    author_of,
    describe,
    edit_url,
    kind_of,
    model_for,
    queryset_for,
)

NOTES_SHOWN = 3
LONG_BODY_CHARS = 1200  # longer posts fold behind <details> so the queue stays scannable
QUEUE_SIZE_TTL = 60
REASONS = FlagReason.values
REASON_COLUMNS = tuple(f"r_{i}" for i in range(len(REASONS)))
NOTE_COLUMNS = tuple(f"note_{i}" for i in range(NOTES_SHOWN))
# Column order of every UNION branch.
COLUMNS = ("kind", "oid", "first_at", "flag_count", *REASON_COLUMNS, *NOTE_COLUMNS)


@dataclass
class ReviewItem:
    kind: str
    object_id: int
    target: object | None
    first_at: datetime | None
    flag_count: int = 0
    reasons: list[tuple[str, int]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.object_id}"

    @property
    def label(self) -> str:
        return describe(self.target) if self.target is not None else "An item that no longer exists"

    @property
    def url(self) -> str:
        return self.target.get_absolute_url() if self.target is not None else ""

    @property
    def edit_url(self) -> str:
        return edit_url(self.target) if self.target is not None else ""

    @property
    def body_html(self) -> str:
        """The post itself, as stored (rendered and sanitized on save)."""
        content = registry.kind_of(self.target) if self.target is not None else None
        return content.body_html(self.target) if content is not None else ""

    @property
    def is_long(self) -> bool:
        return len(self.body_html) > LONG_BODY_CHARS

    @property
    def where(self) -> tuple[str, str] | None:
        content = registry.kind_of(self.target) if self.target is not None else None
        return content.where(self.target) if content is not None else None

    @property
    def author(self):
        return author_of(self.target) if self.target is not None else None

    @property
    def is_auto_hidden(self) -> bool:
        target = self.target
        return target is not None and target.hidden_at is not None and target.hidden_by_id is None


def _reason_counts() -> dict:
    return {
        col: Count("pk", filter=Q(reason=value))
        for col, value in zip(REASON_COLUMNS, REASONS, strict=True)
    }


def _moderated_kinds() -> Q:
    """Flags on the registered kinds of content, matched by name (no ContentType lookup)."""
    condition = Q()
    for kind in registry.kinds():
        meta = kind.model._meta
        condition |= Q(content_type__app_label=meta.app_label, content_type__model=meta.model_name)
    return condition


def _flag_groups():
    notes = (
        Flag.objects.open()
        .filter(_moderated_kinds(), content_type__model=OuterRef("kind"), object_id=OuterRef("oid"))
        .exclude(note="")
        .order_by("created_at", "pk")
        .values("note")
    )
    return (
        Flag.objects.open()
        .filter(_moderated_kinds())
        .values(kind=F("content_type__model"), oid=F("object_id"))
        .annotate(first_at=Min("created_at"), flag_count=Count("pk"), **_reason_counts())
        .annotate(**{col: Subquery(notes[i : i + 1]) for i, col in enumerate(NOTE_COLUMNS)})
        .order_by()  # compound statements take no ORDER BY in their branches
        .values_list(*COLUMNS)
    )


def _held(kind: str):
    model = model_for(kind)
    flagged = Flag.objects.open().filter(
        content_type__app_label=model._meta.app_label,
        content_type__model=model._meta.model_name,
        object_id=OuterRef("pk"),
    )
    zero = Value(0, output_field=IntegerField())
    blank = Value("", output_field=CharField())
    return (
        model._default_manager.filter(is_held=True)
        .exclude(Exists(flagged))  # a flagged held post already has its own row
        .annotate(
            kind=Value(kind, output_field=CharField()),
            oid=F("pk"),
            first_at=ExpressionWrapper(F("created_at"), output_field=DateTimeField()),
            flag_count=zero,
            **dict.fromkeys(REASON_COLUMNS, zero),
            **dict.fromkeys(NOTE_COLUMNS, blank),
        )
        .order_by()
        .values_list(*COLUMNS)
    )


def review_rows():
    """Flag groups and held posts as tuples in COLUMNS order, oldest first."""
    return (
        _flag_groups()
        .union(*(_held(kind.name) for kind in registry.kinds() if kind.can_be_held), all=True)
        .order_by("first_at", "kind", "oid")
    )


def _item(kind, object_id, target, first_at, flag_count, counts, notes) -> ReviewItem:
    labels = FlagReason.labels
    return ReviewItem(
        kind=kind,
        object_id=object_id,
        target=target,
        first_at=first_at,
        flag_count=flag_count or 0,
        reasons=[(labels[i], n) for i, n in enumerate(counts) if n],
        notes=[note for note in notes if note],
    )


def build_items(rows) -> list[ReviewItem]:
    """Turn a page of rows into ReviewItems, fetching targets with one query per kind."""
    known = {kind.name for kind in registry.kinds()}
    wanted: dict[str, set[int]] = {}
    for row in rows:
        if row[0] in known:
            wanted.setdefault(row[0], set()).add(row[1])
    targets = {kind: queryset_for(kind).in_bulk(ids) for kind, ids in wanted.items()}
    n = len(REASONS)
    return [
        _item(
            row[0] if row[0] in known else "unknown",
            row[1],
            targets.get(row[0], {}).get(row[1]),
            row[2],
            row[3],
            row[4 : 4 + n],
            row[4 + n :],
        )
        for row in rows
    ]


def item_for(target) -> ReviewItem:
    """One row of the queue rebuilt after an action (for the htmx swap)."""
    content_type = ContentType.objects.get_for_model(target)
    flags = Flag.objects.open().filter(content_type=content_type, object_id=target.pk)
    stats = flags.aggregate(first_at=Min("created_at"), flag_count=Count("pk"), **_reason_counts())
    notes = flags.exclude(note="").order_by("created_at", "pk").values_list("note", flat=True)
    return _item(
        kind_of(target),
        target.pk,
        target,
        stats["first_at"] or getattr(target, "created_at", None),
        stats["flag_count"],
        [stats[col] for col in REASON_COLUMNS],
        list(notes[:NOTES_SHOWN]),
    )


def queue_size() -> int:
    """Items waiting for a moderator (the header badge), cached briefly."""
    return cache.get_or_set(QUEUE_SIZE_KEY, lambda: review_rows().count(), QUEUE_SIZE_TTL)


def remember_queue_size(size: int) -> None:
    cache.set(QUEUE_SIZE_KEY, size, QUEUE_SIZE_TTL)
