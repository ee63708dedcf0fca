"""Who may do what with wiki pages (PRODUCT.md's permission table), in one place.

Each rule is one `*_refusal` function (the 403 message, or None); `can_*` and `ensure_*` ask
it. Rate limits are a separate step in the views (core.ratelimit).
"""

from core.permissions import is_moderator, moderate_refusal, refuse, write_refusal
from reputation.levels import EDIT_PROTECTED, has_privilege


def ensure_can_create_page(user) -> None:
    refuse(write_refusal(user))


def edit_page_refusal(user, page) -> str | None:
    if reason := write_refusal(user):
        return reason
    # Leaders (the highest trust level) may edit protected pages too.
    if page.is_protected and not (is_moderator(user) or has_privilege(user, EDIT_PROTECTED)):
        return "This page is protected: only moderators and leaders can edit it."
    return None


def can_edit_page(user, page) -> bool:
    return edit_page_refusal(user, page) is None


def ensure_can_edit_page(user, page) -> None:
    refuse(edit_page_refusal(user, page))


def moderate_page_refusal(user) -> str | None:
    """Revert, protect and unprotect: the moderators' rule (core.permissions)."""
    return moderate_refusal(user)


def can_moderate_page(user) -> bool:
    return moderate_page_refusal(user) is None


def ensure_can_moderate_page(user) -> None:
    refuse(moderate_page_refusal(user))


def ensure_can_watch_page(user) -> None:
    refuse(write_refusal(user))
