"""Who may do what with wiki pages (PRODUCT.md's permission table), in one place."""

from django.core.exceptions import PermissionDenied

from core.permissions import can_write, ensure_can_write, is_moderator

PAGE_EDIT_ACTION = "page_edit"  # the rate-limit bucket for creating and editing pages


def can_view_page(user, page) -> bool:
    return not page.is_hidden or is_moderator(user)


def can_create_page(user) -> bool:
    return can_write(user)


def can_edit_page(user, page) -> bool:
    if not can_write(user):
        return False
    return not page.is_protected or is_moderator(user)


def can_moderate_page(user) -> bool:
    """Revert, protect and unprotect."""
    return is_moderator(user) and can_write(user)


def can_watch_page(user) -> bool:
    return can_write(user)


def ensure_can_create_page(user) -> None:
    ensure_can_write(user, PAGE_EDIT_ACTION)


def ensure_can_edit_page(user, page, *, count: bool = True) -> None:
    """`count=False` for showing the form: only a save counts towards the rate limit."""
    ensure_can_write(user, PAGE_EDIT_ACTION if count else None)
    if page.is_protected and not is_moderator(user):
        raise PermissionDenied("This page is protected: only moderators can edit it.")


def ensure_can_moderate_page(user) -> None:
    ensure_can_write(user)
    if not is_moderator(user):
        raise PermissionDenied("Only moderators can do that.")


def ensure_can_watch_page(user) -> None:
    ensure_can_write(user)
