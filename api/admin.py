from django.contrib import admin

from api import services
from api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Operators see who has which tokens and can revoke them; nobody sees a secret (only its
    hash is stored) and nobody makes one here (a learner makes their own on /settings/tokens/)."""

    list_display = ["name", "user", "scope", "created_at", "expires_at", "last_used_at",
                    "revoked_at"]  # fmt: skip
    list_filter = ["scope"]
    search_fields = ["name", "user__username", "hint"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "scope", "hint", "created_at", "expires_at",
                       "last_used_at", "revoked_at"]  # fmt: skip
    exclude = ["key_hash"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request, queryset):
        for token in queryset:
            services.token_revoke(token=token)
