from core.permissions import is_moderator, refuse, write_refusal


def edit_profile_refusal(user, profile) -> str | None:
    if user.pk != profile.user_id and not is_moderator(user):
        return "You can only edit your own profile."
    return write_refusal(user)


def can_edit_profile(user, profile) -> bool:
    return edit_profile_refusal(user, profile) is None


def ensure_can_edit_profile(user, profile) -> None:
    refuse(edit_profile_refusal(user, profile))
