from django.contrib import admin

from portfolios.models import DeclaredTerm, ImportedChallenge, Note, Portfolio


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ["user", "updated_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(DeclaredTerm)
class DeclaredTermAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "user", "topic"]
    list_filter = ["kind"]
    search_fields = ["name", "user__username"]
    raw_id_fields = ["user", "topic"]


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "created_at"]
    search_fields = ["body", "user__username"]
    raw_id_fields = ["user"]


@admin.register(ImportedChallenge)
class ImportedChallengeAdmin(admin.ModelAdmin):
    list_display = ["challenge", "user", "created_at"]
    raw_id_fields = ["user", "challenge"]
