from django.contrib import admin

from core.admin_tools import PostAdminMixin, SoftOnlyAdminMixin
from discussions.models import (
    Challenge,
    ChallengeWatch,
    Comment,
    PostRevision,
    ReopenVote,
    Solution,
    Vote,
)

POST_FILTERS = ["is_held", "hidden_at", "withdrawn_at", "created_at"]


@admin.register(Challenge)
class ChallengeAdmin(PostAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "author",
        "status",
        "is_locked",
        "solution_count",
        "created_at",
        "is_held",
        "hidden_at",
    ]
    list_filter = ["status", "is_locked", *POST_FILTERS, "topics"]
    search_fields = ["title", "body", "author__username"]
    list_select_related = ["author"]
    raw_id_fields = ["author", "wiki_page", "duplicate_of", "closed_by"]
    filter_horizontal = ["topics"]
    date_hierarchy = "created_at"


@admin.register(Solution)
class SolutionAdmin(PostAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "challenge",
        "author",
        "score",
        "is_accepted",
        "created_at",
        "is_held",
        "hidden_at",
    ]
    list_filter = ["is_accepted", *POST_FILTERS]
    search_fields = ["body", "author__username", "challenge__title"]
    list_select_related = ["author", "challenge"]
    raw_id_fields = ["author", "challenge"]
    date_hierarchy = "created_at"


@admin.register(Comment)
class CommentAdmin(PostAdminMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "author",
        "challenge",
        "solution",
        "created_at",
        "is_held",
        "hidden_at",
    ]
    list_filter = POST_FILTERS
    search_fields = ["body", "author__username"]
    list_select_related = ["author", "challenge", "solution"]
    raw_id_fields = ["author", "challenge", "solution"]
    date_hierarchy = "created_at"


@admin.register(PostRevision)
class PostRevisionAdmin(SoftOnlyAdminMixin, admin.ModelAdmin):
    """Append-only history of challenges, solutions and comments."""

    list_display = ["__str__", "content_type", "object_id", "number", "editor", "created_at"]
    list_filter = ["content_type", "created_at"]
    search_fields = ["title", "body", "editor__username"]
    list_select_related = ["content_type", "editor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["user", "solution", "created_at"]
    search_fields = ["user__username"]
    list_select_related = ["user", "solution"]
    raw_id_fields = ["user", "solution"]
    date_hierarchy = "created_at"


@admin.register(ChallengeWatch)
class ChallengeWatchAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "created_at"]
    search_fields = ["user__username", "challenge__title"]
    list_select_related = ["user", "challenge"]
    raw_id_fields = ["user", "challenge"]


@admin.register(ReopenVote)
class ReopenVoteAdmin(admin.ModelAdmin):
    list_display = ["user", "challenge", "created_at"]
    list_select_related = ["user", "challenge"]
    raw_id_fields = ["user", "challenge"]
