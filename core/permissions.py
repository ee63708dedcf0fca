"""The rules every write goes through. Apps build their own `can_*` on top of these.

Codenames are constants so the migration that makes the Moderators group and the code that
checks agree.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import ratelimit
from core.models import is_moderator

MODERATORS_GROUP = "Moderators"
MODERATE_PERMISSION = "accounts.moderate"

__all__ = ["is_moderator", "is_suspended", "ensure_can_write", "suspension_message"]


def is_suspended(user) -> bool:
    until = getattr(user, "suspended_until", None)
    return bool(user.is_authenticated and until and until > timezone.now())


def suspension_message(user) -> str:
    until = timezone.localtime(user.suspended_until)
    reason = user.suspension_reason or "no reason given"
    return (
        f"Your account is suspended until {until:%Y-%m-%d %H:%M} UTC ({reason}). "
        "You can read everything, but you cannot post, edit, vote or flag until then."
    )


def can_write(user) -> bool:
    return bool(user.is_authenticated and user.is_active and not is_suspended(user))


def ensure_can_write(user, action: str | None = None) -> None:
    """Raise PermissionDenied for readers and suspended learners; count `action` for rate limits.

    Views call this (through their app's `ensure_*`) before any write.
    """
    if not user.is_authenticated:
        raise PermissionDenied("Log in to do that.")
    if is_suspended(user):
        raise PermissionDenied(suspension_message(user))
    if not user.is_active:
        raise PermissionDenied("This account is not active.")
    if action:
        ratelimit.hit(user, action)


def needs_review(user) -> bool:
    """A new account's first posts wait for a moderator (NEXUS_HELD_POSTS of them)."""
    from django.conf import settings

    if is_moderator(user):
        return False
    return user.approved_posts < settings.NEXUS_HELD_POSTS
