from django.apps import AppConfig
from django.db.models.signals import post_migrate

# What moderators may do in the Django admin, besides the site's own moderation pages: the
# Moderators group carries these. Who is a moderator is User.is_moderator (accounts.services).
MODERATOR_ADMIN_PERMISSIONS = {
    "accounts": ["view_user", "change_user", "view_profile", "change_profile"],
    "knowledge": ["view_page", "change_page", "view_pagerevision", "add_category",
                  "change_category", "view_category", "add_topic", "change_topic", "view_topic"],
    "discussions": ["view_challenge", "change_challenge", "view_solution", "change_solution",
                    "view_comment", "change_comment", "view_postrevision", "view_vote"],
    "moderation": ["view_flag", "change_flag", "view_moderationlogentry"],
    "notifications": ["view_notification"],
}  # fmt: skip


def grant_moderator_permissions(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from core.permissions import MODERATORS_GROUP

    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    wanted = [
        (app, codename) for app, names in MODERATOR_ADMIN_PERMISSIONS.items() for codename in names
    ]
    perms = Permission.objects.filter(content_type__app_label__in=MODERATOR_ADMIN_PERMISSIONS)
    found = [
        p
        for p in perms.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    group.permissions.add(*found)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and profiles"

    def ready(self):
        from accounts import signals  # noqa: F401

        # Not limited to this app: the other apps' permissions exist only after their own migrate.
        post_migrate.connect(grant_moderator_permissions, dispatch_uid="nexus_moderator_perms")
