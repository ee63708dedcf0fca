from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered

from core import registry
from core.admin_tools import SoftOnlyAdminMixin
from moderation import services
from moderation.models import Flag, ModerationLogEntry


@admin.action(description="Restore the selected hidden items")
def restore_selected(modeladmin, request, queryset):
    restored = sum(
        services.content_restore(moderator=request.user, target=obj, reason="From the admin")
        for obj in queryset.filter(hidden_at__isnull=False)
    )
    modeladmin.message_user(request, f"Restored {restored} item(s).", messages.SUCCESS)


@admin.action(description="Approve the selected held posts")
def approve_selected(modeladmin, request, queryset):
    approved = sum(
        services.post_approve(moderator=request.user, post=obj)
        for obj in queryset.filter(is_held=True)
    )
    modeladmin.message_user(request, f"Approved {approved} post(s).", messages.SUCCESS)


def add_content_actions(site=admin.site) -> None:
    """Give the admin of every registered kind of content the restore action (and approve,
    for kinds that can be held), so they go through the services and are logged. Called from
    ModerationConfig.ready(), once the admins and the registry are both filled."""
    for kind in registry.kinds():
        try:
            model_admin = site.get_model_admin(kind.model)
        except NotRegistered:
            continue
        wanted = [restore_selected, *([approve_selected] if kind.can_be_held else [])]
        model_admin.actions = [*(model_admin.actions or ()), *wanted]


@admin.register(Flag)
class FlagAdmin(SoftOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "flagger",
        "reason",
        "created_at",
        "resolved_at",
        "resolution",
        "resolved_by",
    ]
    list_filter = ["reason", "resolution", "content_type", "created_at", "resolved_at"]
    search_fields = ["flagger__username", "note", "object_id"]
    list_select_related = ["flagger", "resolved_by", "content_type"]
    readonly_fields = ["content_type", "object_id", "flagger", "created_at"]
    date_hierarchy = "created_at"


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, written by moderation.log.record only."""

    list_display = ["created_at", "actor", "action", "target_label", "reason"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["actor__username", "target_label", "reason"]
    list_select_related = ["actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
