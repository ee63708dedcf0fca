from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
    list_display = [
        "username",
        "email",
        "is_moderator",
        "suspended_until",
        "approved_posts",
        "date_joined",
    ]
    list_filter = ["is_moderator", "is_staff", "is_active", "profile__track"]
    search_fields = ["username", "email", "profile__display_name"]
    readonly_fields = ["is_moderator"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (
            "Nexus",
            {"fields": ["is_moderator", "suspended_until", "suspension_reason", "approved_posts"]},
        ),
    ]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "track", "email_notifications"]
    list_filter = ["track", "email_notifications"]
    search_fields = ["user__username", "display_name"]
    list_select_related = ["user"]
