"""Writes to the wiki: pages, revisions, links, watches, and restoring an old revision."""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from knowledge.badges import page_creators
from knowledge.diffing import merge_texts
from knowledge.models import (
    RESERVED_SLUGS,
    Category,
    Page,
    PageAlias,
    PageLink,
    PageRevision,
    PageWatch,
    Topic,
)
from knowledge.rendering import (
    PageRef,
    Rendered,
    candidate_slugs,
    relink_created,
    render_wiki,
    resolve_slugs,
    slug_for,
)
from notifications import services as notify
from reputation import services as reputation


class SlugError(ValueError):
    pass


def normalize_body(body: str) -> str:
    """One line-ending convention and no trailing blank lines, so merges and diffs line up."""
    return (body or "").replace("\r\n", "\n").replace("\r", "\n").rstrip()


def slug_from_title(title: str) -> str:
    """The slug a new page gets; reserved words get a suffix ("new" → "new-page")."""
    slug = slug_for(title)
    if not slug:
        raise SlugError("The title needs at least one letter or digit.")
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-page"
    return slug


def _sync_links(page: Page, linked_slugs: list[str], targets: dict[str, PageRef]) -> None:
    """Replace the page's outgoing links (`targets`: the slugs resolved when rendering): two
    queries however many links there are."""
    PageLink.objects.filter(source=page).delete()
    PageLink.objects.bulk_create(
        [
            PageLink(source=page, target_slug=s, target_id=targets[s].pk if s in targets else None)
            for s in linked_slugs
        ]
    )


def _resolve_incoming(page: Page) -> None:
    """A page that others linked to while it was missing (or by a name it took over from a
    renamed page): point their links and HTML at it."""
    waiting = PageLink.objects.filter(target_slug=page.slug).exclude(target=page)
    source_ids = list(waiting.values_list("source_id", flat=True))
    if not source_ids:
        return
    waiting.update(target=page)
    revisions = list(
        PageRevision.objects.filter(
            pk__in=Page.objects.filter(pk__in=source_ids).values("current_revision_id")
        ).only("pk", "body_html")
    )
    for revision in revisions:
        revision.body_html = relink_created(revision.body_html, page.slug)
    PageRevision.objects.bulk_update(revisions, ["body_html"], batch_size=200)


class PreparedBody(NamedTuple):
    """A body rendered ahead of the write that stores it."""

    body: str
    rendered: Rendered
    targets: dict[str, PageRef]


def prepare_body(body: str) -> PreparedBody:
    body = normalize_body(body)
    # One lookup serves both the rendered links and the link rows (old slugs of renamed pages
    # resolve too).
    targets = resolve_slugs(candidate_slugs(body))
    rendered = render_wiki(body, existing={slug: ref.slug for slug, ref in targets.items()})
    return PreparedBody(body, rendered, targets)


def _atomic_after_rendering(service):
    """Run `service` in a transaction, its `body` rendered before the transaction begins:
    rendering a long page takes a while, and on SQLite an open write transaction blocks every
    other writer. A caller with a transaction of its own renders first too and passes
    `prepared=prepare_body(body)`."""
    atomic_service = transaction.atomic(service)

    @functools.wraps(service)
    def wrapper(*, body: str, prepared: PreparedBody | None = None, **kwargs):
        body = normalize_body(body)
        if prepared is None or prepared.body != body:
            prepared = prepare_body(body)
        return atomic_service(body=body, prepared=prepared, **kwargs)

    return wrapper


def _add_revision(
    *,
    page: Page,
    author,
    body: str,
    summary: str,
    reverted_from: int | None = None,
    prepared: PreparedBody | None = None,
) -> PageRevision:
    previous = page.current_revision
    if prepared is None or prepared.body != body:  # e.g. a merge changed it
        prepared = prepare_body(body)
    rendered, targets = prepared.rendered, prepared.targets
    revision = PageRevision.objects.create(
        page=page,
        number=previous.number + 1 if previous else 1,
        author=author,
        summary=summary[:300],
        title=page.title,
        body=body,
        body_html=rendered.html,
        toc_html=rendered.toc_html,
        size=len(body),
        size_delta=len(body) - (previous.size if previous else 0),
        reverted_from=reverted_from,
    )
    page.current_revision = revision
    page.updated_at = timezone.now()
    page.save(update_fields=["current_revision", "title", "category", "updated_at"])
    _sync_links(page, rendered.linked_slugs, targets)
    notify.page_revised(revision=revision)  # the page's watchers hear of it after commit
    _reward_kept_edit(page, revision)
    if targets:  # the linked pages' authors may now hold a page linked from ten others
        reputation.badges_check_later(page_creators(ref.pk for ref in targets.values()))
    return revision


KEPT_AFTER = 3  # an edit still in the page this many revisions later earns reputation


def _reward_kept_edit(page: Page, revision: PageRevision) -> None:
    """When revision N is saved, revision N-3 has survived three later revisions unless one of
    them restored a revision older than it (a revert took it out)."""
    number = revision.number - KEPT_AFTER
    if number < 1:
        return
    later = list(page.revisions.filter(number__gt=number).values_list("author_id", "reverted_from"))
    if any(reverted_from is not None and reverted_from < number for _, reverted_from in later):
        return
    kept = page.revisions.select_related("page").filter(number=number).first()
    if kept is not None:
        reputation.wiki_edit_kept(revision=kept, later_editor_ids=[a for a, _ in later])


@_atomic_after_rendering
def page_create(
    *,
    title: str,
    category: Category,
    body: str,
    author,
    summary: str = "",
    topics: Iterable[Topic] = (),
    slug: str | None = None,
    prepared: PreparedBody | None = None,
) -> Page:
    title = title.strip()
    slug = slug or slug_from_title(title)
    # A new page may take the old name of a renamed one: links by that name now mean it.
    PageAlias.objects.filter(slug=slug).delete()
    page = Page.objects.create(title=title, slug=slug, category=category, created_by=author)
    if topics:
        page.topics.set(topics)
    _add_revision(
        page=page, author=author, body=normalize_body(body), summary=summary, prepared=prepared
    )
    _resolve_incoming(page)
    return page


def _locked(page: Page) -> Page:
    """The page row, locked until the transaction ends, with its current revision read AFTER
    the lock is held: numbering and the merge then see the latest saved revision.

    Not one query with select_related: on PostgreSQL, a SELECT … FOR UPDATE that waited for
    another editor's lock re-reads the locked page row but keeps the joined revision row from
    its old snapshot, so the new current_revision_id came back with current_revision=None
    (the merge was skipped and the edit numbered 1: IntegrityError).
    """
    page = Page.objects.select_for_update().get(pk=page.pk)
    if page.current_revision_id is not None:
        page.current_revision = PageRevision.objects.get(pk=page.current_revision_id)
    return page


class EditStatus(enum.StrEnum):
    SAVED = "saved"
    MERGED = "merged"
    CONFLICT = "conflict"
    UNCHANGED = "unchanged"


@dataclass
class EditOutcome:
    status: EditStatus
    page: Page
    revision: PageRevision | None = None
    merged_text: str = ""  # the merge attempt, with conflict markers when it failed


@_atomic_after_rendering
def page_edit(
    *,
    page: Page,
    author,
    body: str,
    base_revision: int,
    summary: str = "",
    title: str | None = None,
    category: Category | None = None,
    topics: Iterable[Topic] | None = None,
    prepared: PreparedBody | None = None,
) -> EditOutcome:
    """Save an edit that started from revision `base_revision`; never lose anyone's text.

    If someone saved after `base_revision`, both sides' changes are merged line by line; where
    they overlap nothing is saved and the caller shows the conflict.
    """
    page = _locked(page)
    current = page.current_revision
    body = normalize_body(body)
    status = EditStatus.SAVED
    if current is not None and base_revision != current.number:
        base = page.revisions.filter(number=base_revision).first()
        base_text = base.body if base else ""
        merged = merge_texts(base=base_text, mine=body, theirs=current.body)
        if not merged.is_clean:
            return EditOutcome(EditStatus.CONFLICT, page, current, merged.text)
        body, status = merged.text, EditStatus.MERGED
    renamed = title is not None and title.strip() != page.title
    if renamed:
        page.title = title.strip()
    if category is not None:
        page.category = category
    if topics is not None:
        page.topics.set(topics)
    moved = renamed and _follow_title(page)
    if current is not None and body == current.body and page.title == current.title:
        page.save(update_fields=["title", "category"])
        return EditOutcome(EditStatus.UNCHANGED, page, current)
    revision = _add_revision(
        page=page, author=author, body=body, summary=summary, prepared=prepared
    )
    if moved:
        _resolve_incoming(page)
    return EditOutcome(status, page, revision)


def _follow_title(page: Page) -> bool:
    """A renamed page moves to its new title's slug when that slug is free; the old slug stays
    as an alias, so old URLs redirect and [[Old title]] links still find the page.

    Returns whether the slug moved. The page row is saved by the caller.
    """
    try:
        wanted = slug_from_title(page.title)
    except SlugError:
        return False
    if wanted == page.slug:
        return False
    taken = (
        Page.objects.filter(slug=wanted).exclude(pk=page.pk).exists()
        or PageAlias.objects.filter(slug=wanted).exclude(page=page).exists()
    )
    if taken:
        return False
    PageAlias.objects.filter(slug=wanted, page=page).delete()  # moving back to an old name
    PageAlias.objects.create(slug=page.slug, page=page)
    page.slug = wanted
    page.save(update_fields=["slug"])
    return True


def prepare_restore(*, page: Page, number: int) -> PreparedBody:
    """Revision `number`'s text rendered ahead of `page_restore_revision`'s transaction
    (revisions never change, so reading it first is safe). A missing number raises
    PageRevision.DoesNotExist."""
    return prepare_body(page.revisions.values_list("body", flat=True).get(number=number))


@transaction.atomic
def page_restore_revision(
    *,
    page: Page,
    number: int,
    author,
    reason: str = "",
    prepared: PreparedBody | None = None,
) -> PageRevision:
    """Append revision `number` again as a new revision (history stays append-only), its title
    too unless another page has taken it since. A missing number raises
    PageRevision.DoesNotExist. Moderators do this through moderation.services.page_revert,
    which checks and logs, and renders first (`prepared=prepare_restore(...)`)."""
    page = _locked(page)
    old = page.revisions.get(number=number)
    renamed = bool(old.title) and old.title != page.title
    if renamed and Page.objects.filter(title__iexact=old.title).exclude(pk=page.pk).exists():
        renamed = False
    if renamed:
        page.title = old.title
    moved = renamed and _follow_title(page)
    summary = f"Restored revision {number}" + (f": {reason}" if reason else "")
    revision = _add_revision(
        page=page,
        author=author,
        body=old.body,
        summary=summary,
        reverted_from=number,
        prepared=prepared,
    )
    if moved:
        _resolve_incoming(page)
    return revision


def page_watch(*, page: Page, user) -> PageWatch:
    watch, _ = PageWatch.objects.get_or_create(page=page, user=user)
    return watch


def page_unwatch(*, page: Page, user) -> None:
    PageWatch.objects.filter(page=page, user=user).delete()
