from django.contrib import admin

from moderation.admin_tools import SoftOnlyAdminMixin
from moderation.models import Flag, ModerationLogEntry


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
