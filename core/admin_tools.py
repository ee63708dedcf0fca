"""Admin pieces shared by the content models: nothing is hard-deleted, and the moderation
fields are read-only (hiding needs a reason and a log entry). Moderation adds its restore and
approve actions to the admins of every registered kind (moderation/admin.py)."""


class SoftOnlyAdminMixin:
    """No delete action, no delete button: user content is hidden or withdrawn, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class ModeratableAdminMixin(SoftOnlyAdminMixin):
    moderation_readonly = ("hidden_at", "hidden_by", "hidden_reason")

    def get_readonly_fields(self, request, obj=None):
        # Hiding needs a reason and a log entry: done from the site or the actions, not by hand.
        return (*super().get_readonly_fields(request, obj), *self.moderation_readonly)


class PostAdminMixin(ModeratableAdminMixin):
    moderation_readonly = ("hidden_at", "hidden_by", "hidden_reason", "is_held")
