from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm

from accounts import services
from accounts.models import Profile, User
from core.permissions import MODERATORS_GROUP


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


class NexusUserChangeForm(UserChangeForm):
    def clean_groups(self):
        """The Moderators group follows the moderator role; it is never the way to give it."""
        groups = self.cleaned_data["groups"]
        in_group = any(group.name == MODERATORS_GROUP for group in groups)
        if in_group != self.instance.is_moderator:
            raise forms.ValidationError(
                f"The {MODERATORS_GROUP} group follows the moderator role: use the "
                "“Make moderator” or “Take the moderator role away” action on the list of "
                "users (or `manage.py make_moderator`)."
            )
        return groups


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = NexusUserChangeForm
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
    actions = ["make_moderator", "take_moderator_role_away"]

    def get_readonly_fields(self, request, obj=None):
        # Moderators may change users here, but only an operator hands out roles and rights.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_staff", "is_superuser", "groups", "user_permissions"]
        return fields

    def has_roles_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description="Make moderator", permissions=["roles"])
    def make_moderator(self, request, queryset):
        made = [user.username for user in queryset if services.moderator_grant(user=user)]
        self.message_user(request, f"Now moderators: {', '.join(made) or 'nobody new'}.")

    @admin.action(description="Take the moderator role away", permissions=["roles"])
    def take_moderator_role_away(self, request, queryset):
        taken = [user.username for user in queryset if services.moderator_revoke(user=user)]
        self.message_user(
            request,
            f"No longer moderators: {', '.join(taken) or 'nobody'}.",
            messages.SUCCESS if taken else messages.INFO,
        )


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "display_name", "track", "email_notifications"]
    list_filter = ["track", "email_notifications"]
    search_fields = ["user__username", "display_name"]
    list_select_related = ["user"]
