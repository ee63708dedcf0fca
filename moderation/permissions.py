"""Who may flag and who may moderate. Views and services both call these.

Each rule is one `*_refusal` function (the 403 message, or None); `can_*` and `ensure_*` ask
it. The flag rate limit is a separate step in the view (core.ratelimit).
"""

from core.permissions import is_moderator, moderate_refusal, refuse, write_refusal
from moderation.targets import author_id_of


def can_moderate(user) -> bool:
    return moderate_refusal(user) is None


def ensure_can_moderate(user) -> None:
    refuse(moderate_refusal(user))


def is_own(user, target) -> bool:
    return user.is_authenticated and author_id_of(target) == user.pk


def flag_refusal(user, target) -> str | None:
    """Readers, suspended learners and authors (of what they would flag) flag nothing."""
    if reason := write_refusal(user):
        return reason
    if is_own(user, target):
        return "You cannot flag your own contribution."
    return None


def can_flag(user, target) -> bool:
    return flag_refusal(user, target) is None


def ensure_can_flag(user, target) -> None:
    refuse(flag_refusal(user, target))


def suspend_refusal(moderator, user) -> str | None:
    if reason := moderate_refusal(moderator):
        return reason
    if user.pk == moderator.pk:
        return "You cannot suspend yourself."
    if is_moderator(user):
        return "Moderators cannot be suspended; take the moderator role away first."
    return None


def ensure_can_suspend(moderator, user) -> None:
    refuse(suspend_refusal(moderator, user))
