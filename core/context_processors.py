from django.conf import settings

from core.kept_text import Kept
from core.permissions import is_moderator, is_suspended, suspension_message


def nexus(request):
    """Header facts: who is here, are they a moderator, are they suspended.

    Counts that cost a query (unread notifications, review-queue size) are added by the
    notifications and moderation apps through their template tags, cached.
    """
    user = request.user
    suspended = is_suspended(user)
    return {
        "site_name": settings.SITE_NAME,
        "user_is_moderator": is_moderator(user),
        "user_is_suspended": suspended,
        "suspension_message": suspension_message(user) if suspended else "",
        "kept_text": Kept(request),
    }
