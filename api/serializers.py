"""What the API says about each thing, and what it accepts.

Output: markdown bodies twice, raw (`body`) and as the stored sanitised HTML (`body_html`);
timestamps in ISO 8601 UTC. A hidden post a viewer may not read stays in its thread as a
placeholder (its body and author null), as on the HTML page.

Input: strict. Unknown fields, wrong types (a number where text goes, text where a number
goes) and NUL or lone surrogate characters are a 400. The content rules themselves (lengths,
empty bodies, titles, markdown bounds) are the site's own forms, run by the views.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# --- strict input ----------------------------------------------------------------------------


class StrictCharField(serializers.CharField):
    default_error_messages = {"invalid": "Must be a string."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """Rejects fields it does not know: a typo (`bdy`) is an error, not silently ignored."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {key[:100]: ["Unknown field."] for key in unknown[:20]}
                )
        return super().to_internal_value(data)


def _slugs(**kwargs):
    return serializers.ListField(
        child=StrictCharField(max_length=60), max_length=20, required=False, **kwargs
    )


class PageCreateIn(StrictSerializer):
    title = StrictCharField(max_length=200)
    category = StrictCharField(max_length=80, help_text="A category's slug (GET /categories/).")
    topics = _slugs(help_text="Topic slugs (GET /topics/).")
    body = StrictCharField(trim_whitespace=False, help_text="Markdown; [[Page title]] links.")
    summary = StrictCharField(max_length=300, required=False, allow_blank=True)


class PageEditIn(StrictSerializer):
    body = StrictCharField(trim_whitespace=False)
    summary = StrictCharField(max_length=300, required=False, allow_blank=True)
    title = StrictCharField(max_length=200, required=False)
    category = StrictCharField(max_length=80, required=False)
    topics = _slugs()
    base_revision = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The revision the edit started from (or send its ETag as If-Match).",
    )


class ChallengeIn(StrictSerializer):
    title = StrictCharField(max_length=200)
    body = StrictCharField(trim_whitespace=False)
    topics = _slugs()


class ChallengeEditIn(StrictSerializer):
    title = StrictCharField(max_length=200, required=False)
    body = StrictCharField(trim_whitespace=False, required=False)
    topics = _slugs()
    base_revision = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The version the edit started from (or send its ETag as If-Match).",
    )


class BodyIn(StrictSerializer):
    body = StrictCharField(trim_whitespace=False)


class BodyEditIn(BodyIn):
    base_revision = StrictIntegerField(
        required=False,
        min_value=0,
        max_value=2**31 - 1,
        help_text="The version the edit started from (or send its ETag as If-Match).",
    )


class EmptyIn(StrictSerializer):
    pass


# --- output ----------------------------------------------------------------------------------


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class UserRef(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_url(self, user) -> str:
        return absolute(
            self.context.get("request"), reverse("api:user_detail", args=[user.username])
        )

    def get_html_url(self, user) -> str:
        return absolute(self.context.get("request"), user.get_absolute_url())


class ProfileOut(UserRef):
    track = serializers.CharField(source="profile.track")
    bio = serializers.CharField(source="profile.bio")
    github_url = serializers.CharField(source="profile.github_url")
    website_url = serializers.CharField(source="profile.website_url")
    date_joined = serializers.DateTimeField()
    is_moderator = serializers.BooleanField()


class TopicOut(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()


class CategoryOut(TopicOut):
    pass


def _topic_slugs(obj) -> list[str]:
    topics = getattr(obj, "topic_list", None)  # already loaded by the page's own selector
    return [t.slug for t in (obj.topics.all() if topics is None else topics)]


class RevisionRef(serializers.Serializer):
    number = serializers.IntegerField()
    author = UserRef()
    created_at = serializers.DateTimeField()
    summary = serializers.CharField()


class PageOut(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    category = serializers.CharField(source="category.slug")
    topics = serializers.SerializerMethodField()
    revision = serializers.IntegerField(source="current_revision.number", allow_null=True)
    updated_at = serializers.DateTimeField()
    is_protected = serializers.BooleanField()
    is_hidden = serializers.BooleanField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def get_topics(self, page) -> list[str]:
        return _topic_slugs(page)

    def get_url(self, page) -> str:
        return absolute(self.context.get("request"), reverse("api:page_detail", args=[page.slug]))

    def get_html_url(self, page) -> str:
        return absolute(self.context.get("request"), page.get_absolute_url())


class PageDetailOut(PageOut):
    body = serializers.CharField(source="current_revision.body", allow_null=True)
    body_html = serializers.CharField(source="current_revision.body_html", allow_null=True)
    toc_html = serializers.CharField(source="current_revision.toc_html", allow_null=True)
    current_revision = RevisionRef(allow_null=True)
    created_at = serializers.DateTimeField()
    can_edit = serializers.BooleanField()
    is_watching = serializers.BooleanField()


class RevisionOut(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    author = UserRef()
    created_at = serializers.DateTimeField()
    summary = serializers.CharField()
    size = serializers.IntegerField()
    size_delta = serializers.IntegerField()
    reverted_from = serializers.IntegerField(allow_null=True)


class RevisionDetailOut(RevisionOut):
    body = serializers.CharField()
    body_html = serializers.CharField()


class SegmentOut(serializers.Serializer):
    text = serializers.CharField()
    is_changed = serializers.BooleanField()


class DiffRowOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["equal", "insert", "delete", "change", "skip"])
    old_number = serializers.IntegerField(allow_null=True)
    new_number = serializers.IntegerField(allow_null=True)
    old = SegmentOut(many=True)
    new = SegmentOut(many=True)
    skipped = serializers.IntegerField()


class DiffOut(serializers.Serializer):
    from_revision = serializers.IntegerField()
    to_revision = serializers.IntegerField()
    title_changed = serializers.BooleanField()
    rows = DiffRowOut(many=True)
    unified = serializers.CharField(help_text="The same difference as a unified diff.")


# --- posts -------------------------------------------------------------------------------------


class PostOut(serializers.Serializer):
    """Shared by challenges, solutions and comments."""

    id = serializers.IntegerField()
    author = UserRef(allow_null=True)
    body = serializers.CharField(allow_null=True)
    body_html = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    is_hidden = serializers.BooleanField()
    is_withdrawn = serializers.BooleanField()
    is_held = serializers.BooleanField()
    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    api_name = ""

    def get_url(self, post) -> str:
        name = f"api:{post._meta.model_name}_detail"
        return absolute(self.context.get("request"), reverse(name, args=[post.pk]))

    def get_html_url(self, post) -> str:
        return absolute(self.context.get("request"), post.get_absolute_url())

    def to_representation(self, post):
        data = super().to_representation(post)
        if getattr(post, "show_placeholder", False):
            # As on the page: a hidden post keeps its place in the thread, nothing more.
            data.update(author=None, body=None, body_html=None)
        return data


class CommentOut(PostOut):
    challenge = serializers.IntegerField(source="challenge_id", allow_null=True)
    solution = serializers.IntegerField(source="solution_id", allow_null=True)

    def get_html_url(self, comment) -> str:
        # The comment's anchor on its challenge's page, built from ids: lists load the
        # comment's solution with it, so this costs no query.
        challenge_id = comment.challenge_id or comment.solution.challenge_id
        path = reverse("discussions:challenge_detail", args=[challenge_id])
        query = f"?all_comments={comment.thread_key}#comment-{comment.pk}"
        return absolute(self.context.get("request"), path + query)


class SolutionOut(PostOut):
    challenge = serializers.IntegerField(source="challenge_id")
    score = serializers.IntegerField()
    is_accepted = serializers.BooleanField()
    accepted_at = serializers.DateTimeField(allow_null=True)

    def get_html_url(self, solution) -> str:
        path = reverse("discussions:challenge_detail", args=[solution.challenge_id])
        return absolute(self.context.get("request"), f"{path}#solution-{solution.pk}")


class ChallengeOut(PostOut):
    title = serializers.CharField()
    status = serializers.CharField()
    topics = serializers.SerializerMethodField()
    is_locked = serializers.BooleanField()
    solution_count = serializers.IntegerField()
    comment_count = serializers.IntegerField()
    vote_count = serializers.IntegerField()
    last_activity_at = serializers.DateTimeField()

    def get_topics(self, challenge) -> list[str]:
        return _topic_slugs(challenge)


class ViewerSolutionOut(SolutionOut):
    has_voted = serializers.BooleanField(default=False)
    can_vote = serializers.BooleanField(default=False)
    can_accept = serializers.BooleanField(default=False)
    can_edit = serializers.BooleanField(default=False)
    comments = CommentOut(
        many=True, source="thread.shown", help_text="The first few, as the page shows them."
    )
    comments_count = serializers.IntegerField(source="thread.total")
    comments_url = serializers.SerializerMethodField(help_text="All of them, page by page.")

    def get_comments_url(self, solution) -> str:
        path = reverse("api:solution_comment_list", args=[solution.pk])
        return absolute(self.context.get("request"), path)


class ChallengeDetailOut(ChallengeOut):
    can_edit = serializers.BooleanField(default=False)
    can_withdraw = serializers.BooleanField(default=False)
    can_post_solution = serializers.BooleanField()
    can_comment = serializers.BooleanField()
    is_watching = serializers.BooleanField(default=False)
    comments = CommentOut(
        many=True, source="thread.shown", help_text="The first few, as the page shows them."
    )
    comments_count = serializers.IntegerField(source="thread.total")
    comments_url = serializers.SerializerMethodField(help_text="All of them, page by page.")
    solutions = ViewerSolutionOut(many=True, source="thread_solutions")

    def get_comments_url(self, challenge) -> str:
        path = reverse("api:challenge_comment_list", args=[challenge.pk])
        return absolute(self.context.get("request"), path)


class VoteOut(serializers.Serializer):
    solution = serializers.IntegerField()
    score = serializers.IntegerField()
    has_voted = serializers.BooleanField()


# --- the rest --------------------------------------------------------------------------------


class SearchHitOut(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="object_id")
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, escaped, matches in <mark>.")
    snippet_html = serializers.CharField(help_text="A snippet, escaped, matches in <mark>.")
    html_url = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()
    visibility = serializers.CharField()

    def get_html_url(self, hit) -> str:
        return absolute(self.context.get("request"), hit.url)


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    html_url = serializers.SerializerMethodField()
    actor = UserRef(allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)
    is_read = serializers.BooleanField()

    def get_html_url(self, note) -> str:
        return absolute(self.context.get("request"), note.url)


class ReadAllOut(serializers.Serializer):
    marked_read = serializers.IntegerField()


class WatchOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["page", "challenge"])
    title = serializers.CharField()
    url = serializers.CharField()
    html_url = serializers.CharField()
    created_at = serializers.DateTimeField()


class WatchStateOut(serializers.Serializer):
    is_watching = serializers.BooleanField()


@extend_schema_field(OpenApiTypes.OBJECT)
class AnyObject(serializers.JSONField):
    pass


@functools.cache
def cursor_page(child: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """A page of a cursor-paginated list, as the schema describes it."""
    return type(
        f"{child.__name__.removesuffix('Out')}Page",
        (serializers.Serializer,),
        {
            "next": serializers.URLField(allow_null=True, help_text="The next page, or null."),
            "previous": serializers.URLField(allow_null=True),
            "results": child(many=True),
        },
    )


@functools.cache
def numbered_page(child: type[serializers.Serializer]) -> type[serializers.Serializer]:
    return type(
        f"{child.__name__.removesuffix('Out')}NumberedPage",
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": child(many=True),
        },
    )
