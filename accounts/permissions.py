from django.core.exceptions import PermissionDenied

from core.permissions import ensure_can_write, is_moderator


def can_edit_profile(user, profile) -> bool:
    return user.is_authenticated and (user.pk == profile.user_id or is_moderator(user))


def ensure_can_edit_profile(user, profile) -> None:
    if user.pk != profile.user_id and not is_moderator(user):
        raise PermissionDenied("You can only edit your own profile.")
    ensure_can_write(user)
