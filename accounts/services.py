"""The moderator role: one truth, `User.is_moderator`, which every request reads.

Granting and revoking happen here and nowhere else (make_moderator, the admin's actions, the
demo accounts, the tests' ModeratorFactory). The Moderators group only carries what
moderators may do in the Django admin; these two calls keep its membership in step.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from core.permissions import MODERATORS_GROUP


@transaction.atomic
def moderator_grant(*, user: User) -> bool:
    """Make `user` a moderator (and staff, for the admin). False if they already were."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    changed = not user.is_moderator
    user.is_moderator = True
    user.is_staff = True
    user.save(update_fields=["is_moderator", "is_staff"])
    user.groups.add(group)
    return changed


@transaction.atomic
def moderator_revoke(*, user: User) -> bool:
    """Take the role (and the admin, unless superuser) away. False if they were no moderator."""
    changed = user.is_moderator
    user.is_moderator = False
    user.is_staff = user.is_superuser
    user.save(update_fields=["is_moderator", "is_staff"])
    user.groups.remove(*Group.objects.filter(name=MODERATORS_GROUP))
    return changed
