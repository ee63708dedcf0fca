from django.contrib import admin

from webhooks.models import Delivery, Hook


@admin.register(Hook)
class HookAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "format", "is_active", "consecutive_failures", "created_at"]
    list_filter = ["is_active", "format"]
    # The secret signs deliveries: it is shown to moderators on the hook's page, not here.
    exclude = ["secret"]
    readonly_fields = ["consecutive_failures", "disabled_at", "disabled_reason", "created_by"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "hook", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["hook"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False
