"""Who may flag and who may moderate. Views and services both call these."""

from django.core.exceptions import PermissionDenied

from core.permissions import can_write, ensure_can_write, is_moderator
from moderation.targets import author_id_of

FLAG_ACTION = "flag"  # the rate-limit bucket in settings.NEXUS_RATE_LIMITS


def can_moderate(user) -> bool:
    return is_moderator(user)


def ensure_can_moderate(user) -> None:
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do that.")
    ensure_can_write(user)


def is_own(user, target) -> bool:
    return user.is_authenticated and author_id_of(target) == user.pk


def can_flag(user, target) -> bool:
    return can_write(user) and not is_own(user, target)


def ensure_can_flag(user, target, *, count: bool = True) -> None:
    """Refuse readers, suspended learners and authors; count the flag rate limit if `count`."""
    ensure_can_write(user)
    if is_own(user, target):
        raise PermissionDenied("You cannot flag your own contribution.")
    if count:
        ensure_can_write(user, FLAG_ACTION)


def ensure_can_suspend(moderator, user) -> None:
    ensure_can_moderate(moderator)
    if user.pk == moderator.pk:
        raise PermissionDenied("You cannot suspend yourself.")
    if is_moderator(user):
        raise PermissionDenied(
            "Moderators cannot be suspended; take them out of the Moderators group first."
        )
