from django.contrib import admin

from core.admin_tools import ModeratableAdminMixin, SoftOnlyAdminMixin
from knowledge.models import (
    Category,
    Page,
    PageAlias,
    PageLink,
    PageRevision,
    PageWatch,
    Topic,
)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class PageRevisionInline(admin.TabularInline):
    model = PageRevision
    fields = ["number", "author", "created_at", "summary", "size", "size_delta"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(ModeratableAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "created_by",
        "updated_at",
        "is_protected",
        "hidden_at",
    ]
    list_filter = ["category", "is_protected", "hidden_at", "topics"]
    search_fields = ["title", "slug", "current_revision__body"]
    list_select_related = ["category", "created_by"]
    raw_id_fields = ["current_revision", "created_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "updated_at"
    inlines = [PageRevisionInline]


@admin.register(PageRevision)
class PageRevisionAdmin(SoftOnlyAdminMixin, admin.ModelAdmin):
    """Append-only history: readable here, never edited."""

    list_display = ["page", "number", "author", "created_at", "summary", "size_delta"]
    list_filter = ["created_at"]
    search_fields = ["page__title", "summary", "author__username"]
    list_select_related = ["page", "author"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PageLink)
class PageLinkAdmin(admin.ModelAdmin):
    list_display = ["source", "target_slug", "target"]
    list_filter = [("target", admin.EmptyFieldListFilter)]
    search_fields = ["source__title", "target_slug"]
    list_select_related = ["source", "target"]


@admin.register(PageWatch)
class PageWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "page", "created_at"]
    search_fields = ["user__username", "page__title"]
    list_select_related = ["user", "page"]
    raw_id_fields = ["user", "page"]


@admin.register(PageAlias)
class PageAliasAdmin(admin.ModelAdmin):
    list_display = ["slug", "page", "created_at"]
    search_fields = ["slug", "page__title"]
    list_select_related = ["page"]
    raw_id_fields = ["page"]

    def has_add_permission(self, request):
        return False  # made by renames only, so an alias never shadows a page

    def has_change_permission(self, request, obj=None):
        return False
