"""Every moderation write. Each one re-checks permissions, is an atomic transition guarded on
the current state (a conditional UPDATE, so two moderators clicking at once act once), and logs.

Transitions return True when they changed something and False when the item was already in the
wanted state ("already hidden"), in which case nothing is written or logged.
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
from moderation import permissions, signals
from moderation.log import record
from moderation.models import Flag, LogAction
from moderation.targets import is_post

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


def _manager(target):
    return type(target)._default_manager


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


def _auto_hide_if_flagged_enough(target) -> bool:
    threshold = settings.NEXUS_AUTO_HIDE_FLAGS
    if not threshold:
        return False
    flaggers = _open_flags(target).values("flagger").distinct().count()
    if flaggers < threshold:
        return False
    now = timezone.now()
    reason = (
        f"Hidden automatically after {flaggers} learners flagged it; a moderator will review it."
    )
    updated = (
        _manager(target)
        .filter(pk=target.pk, hidden_at__isnull=True)
        .update(hidden_at=now, hidden_by=None, hidden_reason=reason)
    )
    if not updated:
        return False
    target.hidden_at, target.hidden_by, target.hidden_reason = now, None, reason
    record(actor=None, action=LogAction.AUTO_HIDE, target=target, reason=reason)
    signals.content_hidden.send(sender=type(target), target=target, actor=None)
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
    if target.hidden_at is not None and target.hidden_by_id is None:
        restored = (
            _manager(target)
            .filter(pk=target.pk, hidden_at__isnull=False, hidden_by__isnull=True)
            .update(hidden_at=None, hidden_by=None, hidden_reason="")
        )
        if restored:
            target.hidden_at, target.hidden_by, target.hidden_reason = None, None, ""
            record(
                actor=moderator,
                action=LogAction.RESTORE,
                target=target,
                reason="Flags dismissed after the automatic hide",
            )
            signals.content_restored.send(sender=type(target), target=target, actor=moderator)
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
    now = timezone.now()
    updated = (
        _manager(target)
        .filter(pk=target.pk)
        .filter(Q(hidden_at__isnull=True) | Q(hidden_by__isnull=True))
        .update(hidden_at=now, hidden_by=moderator, hidden_reason=reason)
    )
    if not updated:
        return False
    target.hidden_at, target.hidden_by, target.hidden_reason = now, moderator, reason
    _resolve_flags(target, moderator=moderator, resolution=Resolution.HIDDEN)
    record(actor=moderator, action=LogAction.HIDE, target=target, reason=reason)
    signals.content_hidden.send(sender=type(target), target=target, actor=moderator)
    queue_changed()
    return True


@transaction.atomic
def content_restore(*, moderator: User, target, reason: str = "") -> bool:
    """Bring a hidden item back exactly as it was: only the hide fields are cleared."""
    permissions.ensure_can_moderate(moderator)
    updated = (
        _manager(target)
        .filter(pk=target.pk, hidden_at__isnull=False)
        .update(hidden_at=None, hidden_by=None, hidden_reason="")
    )
    if not updated:
        return False
    target.hidden_at, target.hidden_by, target.hidden_reason = None, None, ""
    _resolve_flags(target, moderator=moderator, resolution=Resolution.RESTORED)
    record(actor=moderator, action=LogAction.RESTORE, target=target, reason=reason.strip())
    signals.content_restored.send(sender=type(target), target=target, actor=moderator)
    queue_changed()
    return True


# --- Held first posts -------------------------------------------------------------------------


@transaction.atomic
def post_approve(*, moderator: User, post) -> bool:
    """Publish a held post and count it towards its author's approved posts."""
    permissions.ensure_can_moderate(moderator)
    if not is_post(post):
        raise ValueError("Only challenges, solutions and comments are held for review.")
    updated = _manager(post).filter(pk=post.pk, is_held=True).update(is_held=False)
    if not updated:
        return False
    post.is_held = False
    User.objects.filter(pk=post.author_id).update(approved_posts=F("approved_posts") + 1)
    record(actor=moderator, action=LogAction.APPROVE, target=post)
    signals.post_approved.send(sender=type(post), target=post, actor=moderator)
    queue_changed()
    return True


# --- Locks and protection ---------------------------------------------------------------------


@transaction.atomic
def challenge_set_locked(*, moderator: User, challenge, locked: bool, reason: str = "") -> bool:
    """Lock (no new solutions, comments or votes) or unlock a challenge."""
    permissions.ensure_can_moderate(moderator)
    updated = (
        type(challenge)
        ._default_manager.filter(pk=challenge.pk, is_locked=not locked)
        .update(is_locked=locked)
    )
    if not updated:
        return False
    challenge.is_locked = locked
    action = LogAction.LOCK if locked else LogAction.UNLOCK
    record(actor=moderator, action=action, target=challenge, reason=reason.strip())
    return True


@transaction.atomic
def page_set_protected(*, moderator: User, page, protected: bool, reason: str = "") -> bool:
    """Protect a wiki page (editable by moderators only) or lift the protection."""
    permissions.ensure_can_moderate(moderator)
    updated = (
        type(page)
        ._default_manager.filter(pk=page.pk, is_protected=not protected)
        .update(is_protected=protected)
    )
    if not updated:
        return False
    page.is_protected = protected
    action = LogAction.PROTECT if protected else LogAction.UNPROTECT
    record(actor=moderator, action=action, target=page, reason=reason.strip())
    return True


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
