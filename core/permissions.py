"""The rules every write goes through. Apps build their own rules on top of these.

A rule is written once, as a function that returns why not (a message for the 403 page) or
None when the user may go ahead: `can_*` asks it for a boolean (templates), `ensure_*` raises
PermissionDenied with its message (views and services). Checking has no side effect: rate
limits are a step of their own (core.ratelimit), after the check.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core.models import is_moderator

MODERATORS_GROUP = "Moderators"  # carries the moderators' Django admin permissions

__all__ = [
    "is_moderator",
    "is_suspended",
    "suspension_message",
    "refuse",
    "write_refusal",
    "can_write",
    "ensure_can_write",
    "needs_review",
]


def refuse(reason: str | None) -> None:
    """Raise PermissionDenied(reason) if there is a reason; the `ensure_*` half of a rule."""
    if reason is not None:
        raise PermissionDenied(reason)


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


def write_refusal(user) -> str | None:
    """Readers, suspended learners and inactive accounts write nothing."""
    if not user.is_authenticated:
        return "Log in to do that."
    if is_suspended(user):
        return suspension_message(user)
    if not user.is_active:
        return "This account is not active."
    return None


def can_write(user) -> bool:
    return write_refusal(user) is None


def moderate_refusal(user) -> str | None:
    """Moderator-only actions, whichever app's content they act on (a learner, even a
    suspended one, is told the action is for moderators)."""
    if not is_moderator(user):
        return "Only moderators can do that."
    return write_refusal(user)


def ensure_can_write(user) -> None:
    refuse(write_refusal(user))


def needs_review(user) -> bool:
    """A new account's first posts wait for a moderator (NEXUS_HELD_POSTS of them)."""
    if is_moderator(user):
        return False
    return user.approved_posts < settings.NEXUS_HELD_POSTS
