from django.contrib import admin

from reputation.models import BadgeAward, ReputationEvent, Standing


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ["user", "reputation", "level", "level_locked", "accepted_count"]
    list_filter = ["level", "level_locked"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    # Totals move only with events (reputation.services); levels from the moderation page.
    readonly_fields = ["user", "reputation", "accepted_count", "level", "level_locked"]

    def has_add_permission(self, request):
        return False


@admin.register(ReputationEvent)
class ReputationEventAdmin(admin.ModelAdmin):
    list_display = ["user", "amount", "reason", "description", "created_at"]
    list_filter = ["reason"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    list_display = ["user", "badge", "awarded_at"]
    list_filter = ["badge"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
