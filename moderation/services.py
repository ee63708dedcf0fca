"""Every moderation write. Each one re-checks permissions, is an atomic transition guarded on
the current state (a conditional UPDATE, so two moderators clicking at once act once), and logs.

Transitions return True when they changed something and False when the item was already in the
wanted state ("already hidden"), in which case nothing is written or logged.

A hide, restore or approval then does, in this order: the content's own bookkeeping (the kind's
hook in core.registry, e.g. a challenge's counters), the search index, and a notice to the
author. Those are plain calls below: no signals.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from core import registry
from knowledge.services import page_restore_revision, prepare_restore
from moderation import permissions
from moderation.log import record
from moderation.models import Flag, LogAction
from moderation.targets import author_id_of, is_post
from notifications.models import Kind as NoticeKind
from notifications.services import Recipient, notifications_create
from reputation import services as reputation
from reputation.levels import flag_weight
from reputation.models import Standing
from search.indexing import reindex

QUEUE_SIZE_KEY = "moderation:queue-size"


class Resolution:
    DISMISSED = "dismissed"
    HIDDEN = "hidden"
    RESTORED = "restored"


def queue_changed() -> None:
    """Forget the cached queue size (the header badge), now and again once committed (so a
    request that recounted before the commit does not keep a stale number)."""
    cache.delete(QUEUE_SIZE_KEY)
    transaction.on_commit(lambda: cache.delete(QUEUE_SIZE_KEY))


def held_post_saved(sender, instance, created, raw=False, **kwargs):
    """A new held post is one more item in the queue (connected in apps.py for every kind of
    content that can be held)."""
    if created and not raw and instance.is_held:
        queue_changed()


def _guarded_update(target, condition: Q, **values) -> bool:
    """Write `values` to `target`'s row only while `condition` holds, then onto `target`.

    One conditional UPDATE: of two moderators clicking at once, only the first changes the row.
    """
    updated = type(target)._default_manager.filter(condition, pk=target.pk).update(**values)
    if updated:
        for name, value in values.items():
            setattr(target, name, value)
    return bool(updated)


def _tell_author(target, *, actor, text) -> None:
    """Tell the author of a post what a moderator (or the flags) did: `text(your)` gets
    'your solution to “Title”'. Kinds without `to_author` (wiki pages) tell nobody."""
    kind = registry.kind_of(target)
    if kind is None or kind.to_author is None:
        return
    notifications_create(
        recipients=[
            Recipient(
                kind.author_id(target),
                NoticeKind.MODERATION,
                text(kind.to_author(target)),
                target.get_absolute_url(),
            )
        ],
        actor_id=actor.pk if actor else None,
    )


def _restored(your: str) -> str:
    return f"A moderator restored {your}."


def _visibility_changed(target, *, actor) -> None:
    hook = registry.kind_of(target).on_visibility_changed
    if hook is not None:
        hook(target, actor)
    reindex(target)


def _open_flags(target):
    return Flag.objects.open().filter(
        content_type=ContentType.objects.get_for_model(target), object_id=target.pk
    )


def _resolve_flags(target, *, moderator, resolution: str) -> int:
    return _open_flags(target).update(
        resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution
    )


# --- Flags ------------------------------------------------------------------------------------


def flag_of(*, flagger: User, target) -> Flag | None:
    """The flag `flagger` already put on `target` (open or resolved), if any."""
    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        flagger=flagger,
    ).first()


@transaction.atomic
def flag_create(*, flagger: User, target, reason: str, note: str = "") -> tuple[Flag, bool]:
    """Flag `target` once; returns (flag, created). The rate limit is counted by the view."""
    permissions.ensure_can_flag(flagger, target)
    content_type = ContentType.objects.get_for_model(target)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                content_type=content_type,
                object_id=target.pk,
                flagger=flagger,
                reason=reason,
                note=note.strip(),
            )
    except IntegrityError:  # once per learner per item
        return Flag.objects.get(
            content_type=content_type, object_id=target.pk, flagger=flagger
        ), False
    _auto_hide_if_flagged_enough(target)
    queue_changed()
    return flag, True


def flag_weight_of(flags) -> int:
    """How much these flags count toward the automatic hide: each flagger's trust level
    decides (reputation.levels.FLAG_WEIGHTS: a brand-new account's flag counts 0, a regular's
    2), so a few throwaway accounts cannot take a page down. Two queries, however many."""
    flagger_ids = flags.values("flagger_id")
    users = User.objects.filter(pk__in=flagger_ids)
    standings = {s.user_id: s for s in Standing.objects.filter(user_id__in=flagger_ids)}
    return sum(flag_weight(user, standings.get(user.pk)) for user in users)


def _auto_hide_if_flagged_enough(target) -> bool:
    threshold = settings.NEXUS_AUTO_HIDE_FLAGS
    if not threshold:
        return False
    # Flags on one item are counted one transaction after another (the item's row locked), so
    # the flags that reach the threshold together still see each other and hide it once.
    list(
        type(target)
        ._default_manager.select_for_update(no_key=True)
        .filter(pk=target.pk)
        .values("pk")
    )
    weight = flag_weight_of(_open_flags(target))
    if weight < threshold:
        return False
    flaggers = _open_flags(target).count()
    now = timezone.now()
    reason = (
        f"Hidden automatically after {flaggers} learners flagged it; a moderator will review it."
    )
    if not _guarded_update(
        target, Q(hidden_at__isnull=True), hidden_at=now, hidden_by=None, hidden_reason=reason
    ):
        return False
    record(actor=None, action=LogAction.AUTO_HIDE, target=target, reason=reason)
    _visibility_changed(target, actor=None)
    _tell_author(
        target,
        actor=None,
        text=lambda your: f"Learners flagged {your}, so it is hidden until a moderator looks.",
    )
    return True


@transaction.atomic
def flags_dismiss(*, moderator: User, target) -> int:
    """Close the open flags on `target` (nothing wrong with it). Returns how many were closed.

    An item the site hid because of those flags comes back: the moderator has decided.
    """
    permissions.ensure_can_moderate(moderator)
    count = _resolve_flags(target, moderator=moderator, resolution=Resolution.DISMISSED)
    if not count:
        return 0
    record(
        actor=moderator,
        action=LogAction.DISMISS_FLAGS,
        target=target,
        reason=f"{count} flag{'s' if count != 1 else ''} dismissed",
    )
    auto_hidden = Q(hidden_at__isnull=False, hidden_by__isnull=True)
    was_auto_hidden = target.hidden_at is not None and target.hidden_by_id is None
    if was_auto_hidden and _guarded_update(
        target, auto_hidden, hidden_at=None, hidden_by=None, hidden_reason=""
    ):
        record(
            actor=moderator,
            action=LogAction.RESTORE,
            target=target,
            reason="Flags dismissed after the automatic hide",
        )
        _visibility_changed(target, actor=moderator)
        _tell_author(target, actor=moderator, text=_restored)
    queue_changed()
    return count


# --- Hide and restore -------------------------------------------------------------------------


@transaction.atomic
def content_hide(*, moderator: User, target, reason: str) -> bool:
    """Hide `target` with a reason its author will see. An automatic hide may be confirmed."""
    permissions.ensure_can_moderate(moderator)
    reason = reason.strip()
    if not reason:
        raise ValueError("Hiding needs a reason: the author will see it.")
    not_hidden_by_a_moderator = Q(hidden_at__isnull=True) | Q(hidden_by__isnull=True)
    if not _guarded_update(
        target,
        not_hidden_by_a_moderator,
        hidden_at=timezone.now(),
        hidden_by=moderator,
        hidden_reason=reason,
    ):
        return False
    # The flaggers were right (+2 each); the author loses what the post earned.
    flagger_ids = list(_open_flags(target).values_list("flagger_id", flat=True))
    reputation.flags_agreed(flagger_ids=flagger_ids, target=target, moderator=moderator)
    if (author_id := author_id_of(target)) is not None:
        reputation.content_hidden(target=target, author_id=author_id, moderator=moderator)
    _resolve_flags(target, moderator=moderator, resolution=Resolution.HIDDEN)
    record(actor=moderator, action=LogAction.HIDE, target=target, reason=reason)
    _visibility_changed(target, actor=moderator)
    _tell_author(target, actor=moderator, text=lambda your: f"A moderator hid {your}: {reason}")
    queue_changed()
    return True


@transaction.atomic
def content_restore(*, moderator: User, target, reason: str = "") -> bool:
    """Bring a hidden item back exactly as it was: only the hide fields are cleared."""
    permissions.ensure_can_moderate(moderator)
    if not _guarded_update(
        target, Q(hidden_at__isnull=False), hidden_at=None, hidden_by=None, hidden_reason=""
    ):
        return False
    if (author_id := author_id_of(target)) is not None:
        reputation.content_restored(target=target, author_id=author_id, moderator=moderator)
    _resolve_flags(target, moderator=moderator, resolution=Resolution.RESTORED)
    record(actor=moderator, action=LogAction.RESTORE, target=target, reason=reason.strip())
    _visibility_changed(target, actor=moderator)
    _tell_author(target, actor=moderator, text=_restored)
    queue_changed()
    return True


# --- Held first posts -------------------------------------------------------------------------


@transaction.atomic
def post_approve(*, moderator: User, post) -> bool:
    """Publish a held post and count it towards its author's approved posts."""
    permissions.ensure_can_moderate(moderator)
    if not is_post(post):
        raise ValueError("Only challenges, solutions and comments are held for review.")
    if not _guarded_update(post, Q(is_held=True), is_held=False):
        return False
    User.objects.filter(pk=post.author_id).update(approved_posts=F("approved_posts") + 1)
    reputation.level_refresh(post.author_id)  # an approved post is an accepted contribution
    record(actor=moderator, action=LogAction.APPROVE, target=post)
    hook = registry.kind_of(post).on_approved
    if hook is not None:
        hook(post, moderator)
    reindex(post)
    _tell_author(
        post,
        actor=moderator,
        text=lambda your: f"A moderator approved {your}: everyone can see it now.",
    )
    queue_changed()
    return True


# --- Locks and protection ---------------------------------------------------------------------


def _set_switch(*, moderator: User, target, field: str, value: bool, log: tuple, reason: str):
    """Set a boolean switch (a challenge's lock, a page's protection) and log it: `log` is
    the (on, off) pair of log actions."""
    permissions.ensure_can_moderate(moderator)
    if not _guarded_update(target, Q(**{field: not value}), **{field: value}):
        return False
    record(actor=moderator, action=log[0] if value else log[1], target=target, reason=reason)
    return True


@transaction.atomic
def challenge_set_locked(*, moderator: User, challenge, locked: bool, reason: str = "") -> bool:
    """Lock (no new solutions, comments or votes) or unlock a challenge."""
    return _set_switch(
        moderator=moderator,
        target=challenge,
        field="is_locked",
        value=locked,
        log=(LogAction.LOCK, LogAction.UNLOCK),
        reason=reason.strip(),
    )


@transaction.atomic
def page_set_protected(*, moderator: User, page, protected: bool, reason: str = "") -> bool:
    """Protect a wiki page (editable by moderators only) or lift the protection."""
    return _set_switch(
        moderator=moderator,
        target=page,
        field="is_protected",
        value=protected,
        log=(LogAction.PROTECT, LogAction.UNPROTECT),
        reason=reason.strip(),
    )


# --- Wiki reverts -----------------------------------------------------------------------------


def page_revert(*, moderator: User, page, number: int, reason: str = ""):
    """Bring revision `number` of a wiki page back as its newest revision, and log it.

    The old text is rendered before the transaction begins (as an edit's is): on SQLite an
    open write transaction holds up every other writer. Raises the revision model's
    DoesNotExist for a number the page never had."""
    permissions.ensure_can_moderate(moderator)
    reason = reason.strip()
    prepared = prepare_restore(page=page, number=number)
    with transaction.atomic():
        return _page_revert(
            moderator=moderator, page=page, number=number, reason=reason, prepared=prepared
        )


def _page_revert(*, moderator: User, page, number: int, reason: str, prepared):
    revision = page_restore_revision(
        page=page, number=number, author=moderator, reason=reason, prepared=prepared
    )
    record(
        actor=moderator,
        action=LogAction.REVERT,
        target=revision.page,  # with the title and URL the revert gave it
        reason=reason or revision.summary,
    )
    return revision


# --- Suspensions ------------------------------------------------------------------------------


@transaction.atomic
def user_suspend(*, moderator: User, user: User, until: datetime, reason: str) -> bool:
    """Suspend (or change the suspension of) a learner until `until`, with a reason they see."""
    permissions.ensure_can_suspend(moderator, user)
    reason = reason.strip()
    if not reason:
        raise ValueError("A suspension needs a reason: the learner will see it.")
    if until <= timezone.now():
        raise ValueError("A suspension must end in the future.")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.suspended_until == until and locked.suspension_reason == reason:
        return False
    User.objects.filter(pk=user.pk).update(suspended_until=until, suspension_reason=reason)
    user.suspended_until, user.suspension_reason = until, reason
    record(
        actor=moderator,
        action=LogAction.SUSPEND,
        target=user,
        reason=f"{reason} (until {timezone.localtime(until):%Y-%m-%d %H:%M})",
    )
    return True


@transaction.atomic
def user_unsuspend(*, moderator: User, user: User, reason: str = "") -> bool:
    """End a running suspension early. (One that ran out simply ended: nothing to do.)"""
    permissions.ensure_can_moderate(moderator)
    updated = User.objects.filter(pk=user.pk, suspended_until__gt=timezone.now()).update(
        suspended_until=None, suspension_reason=""
    )
    if not updated:
        return False
    user.suspended_until, user.suspension_reason = None, ""
    record(actor=moderator, action=LogAction.UNSUSPEND, target=user, reason=reason.strip())
    return True
