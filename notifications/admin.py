from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "text", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state"]
    search_fields = ["recipient__username", "text"]
    raw_id_fields = ["recipient", "actor"]
    date_hierarchy = "created_at"
