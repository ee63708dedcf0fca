"""Admin pieces shared by the content models: nothing is hard-deleted, and hide/restore/approve
go through moderation.services so they are logged like every other moderator action."""

from django.contrib import admin, messages

from moderation import services


class SoftOnlyAdminMixin:
    """No delete action, no delete button: user content is hidden or withdrawn, never deleted."""

    def has_delete_permission(self, request, obj=None):
        return False


class ModeratableAdminMixin(SoftOnlyAdminMixin):
    moderation_readonly = ("hidden_at", "hidden_by", "hidden_reason")
    actions = ["restore_selected"]

    def get_readonly_fields(self, request, obj=None):
        # Hiding needs a reason and a log entry: done from the site or the actions, not by hand.
        return (*super().get_readonly_fields(request, obj), *self.moderation_readonly)

    @admin.action(description="Restore the selected hidden items")
    def restore_selected(self, request, queryset):
        restored = sum(
            services.content_restore(moderator=request.user, target=obj, reason="From the admin")
            for obj in queryset.filter(hidden_at__isnull=False)
        )
        self.message_user(request, f"Restored {restored} item(s).", messages.SUCCESS)


class PostAdminMixin(ModeratableAdminMixin):
    moderation_readonly = ("hidden_at", "hidden_by", "hidden_reason", "is_held")
    actions = ["restore_selected", "approve_selected"]

    @admin.action(description="Approve the selected held posts")
    def approve_selected(self, request, queryset):
        approved = sum(
            services.post_approve(moderator=request.user, post=obj)
            for obj in queryset.filter(is_held=True)
        )
        self.message_user(request, f"Approved {approved} post(s).", messages.SUCCESS)
