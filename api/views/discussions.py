"""Challenges, solutions and comments over the API: read, post, edit (merged like the wiki when
stale), withdraw and restore, vote and accept, watch. Every check is the HTML views' own:
discussions.selectors for what a caller may see, discussions.permissions for what they may
do, discussions.services for the write, core.ratelimit with the same actions."""

from __future__ import annotations

import difflib

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

from accounts.models import Track
from api import serializers as s
from api.exceptions import Conflict
from api.pagination import CursorPagination
from api.views.base import (
    ApiView,
    PreconditionFailed,
    base_version,
    choice_param,
    conditional,
    doc,
    etag_for,
    ex,
    run_form,
    validated,
)
from api.views.pages import USER_EXAMPLE, topic_ids
from core import ratelimit
from discussions import permissions, selectors, services
from discussions.forms import ChallengeForm, CommentForm, SolutionForm
from discussions.models import Challenge, Comment, PostRevision, Solution
from knowledge.diffing import merge_texts

TAGS = ["challenges"]
STATUSES = ["open", "solved", "unanswered"]
SORTS = {
    "newest": ("-created_at", "-pk"),
    "active": ("-last_activity_at", "-pk"),
    "votes": ("-vote_count", "-created_at", "-pk"),
}

POST_EXAMPLE = {
    "author": USER_EXAMPLE,
    "created_at": "2026-11-28T14:03:11.501000Z",
    "edited_at": None,
    "is_hidden": False,
    "is_withdrawn": False,
    "is_held": False,
}
COMMENT_EXAMPLE = {
    "id": 31,
    **POST_EXAMPLE,
    "body": "Which broker, Redis or RabbitMQ?",
    "body_html": "<p>Which broker, Redis or RabbitMQ?</p>",
    "url": "https://nexus.example/api/v1/comments/31/",
    "html_url": "https://nexus.example/challenges/7/?all_comments=c7#comment-31",
    "challenge": 7,
    "solution": None,
}
SOLUTION_EXAMPLE = {
    "id": 12,
    **POST_EXAMPLE,
    "body": "Start the worker with `-A project`.",
    "body_html": "<p>Start the worker with <code>-A project</code>.</p>",
    "url": "https://nexus.example/api/v1/solutions/12/",
    "html_url": "https://nexus.example/challenges/7/#solution-12",
    "challenge": 7,
    "score": 3,
    "is_accepted": True,
    "accepted_at": "2026-11-29T08:00:00Z",
}
CHALLENGE_EXAMPLE = {
    "id": 7,
    **POST_EXAMPLE,
    "body": "The worker exits at once in production.",
    "body_html": "<p>The worker exits at once in production.</p>",
    "url": "https://nexus.example/api/v1/challenges/7/",
    "html_url": "https://nexus.example/challenges/7/celery-workers-exit-at-start/",
    "title": "Celery workers exit at start",
    "status": "solved",
    "topics": ["celery"],
    "is_locked": False,
    "solution_count": 1,
    "comment_count": 1,
    "vote_count": 3,
    "last_activity_at": "2026-11-29T08:00:00Z",
}
CHALLENGE_DETAIL_EXAMPLE = {
    **CHALLENGE_EXAMPLE,
    "can_edit": False,
    "can_withdraw": False,
    "can_post_solution": True,
    "can_comment": True,
    "is_watching": False,
    "comments": [COMMENT_EXAMPLE],
    "comments_count": 1,
    "comments_url": "https://nexus.example/api/v1/challenges/7/comments/",
    "solutions": [
        {
            **SOLUTION_EXAMPLE,
            "has_voted": False,
            "can_vote": True,
            "can_accept": False,
            "can_edit": False,
            "comments": [],
            "comments_count": 0,
            "comments_url": "https://nexus.example/api/v1/solutions/12/comments/",
        }
    ],
}
EXAMPLES = {
    "challenge": CHALLENGE_EXAMPLE,
    "solution": SOLUTION_EXAMPLE,
    "comment": COMMENT_EXAMPLE,
}
OUT = {"challenge": s.ChallengeOut, "solution": s.SolutionOut, "comment": s.CommentOut}


def _list(items, name):
    return ex(name, {"next": None, "previous": None, "results": items})


def latest_version(post) -> int:
    content_type = ContentType.objects.get_for_model(post)
    found = PostRevision.objects.filter(content_type=content_type, object_id=post.pk).aggregate(
        n=Max("number")
    )["n"]
    return found or 0  # 0: a post made before versions were kept (none to merge from)


def post_etag(post, data) -> str:
    return etag_for(f"v{latest_version(post)}", data)


def post_data(request, kind: str, post) -> dict:
    selectors.decorate_post(post, request.user)
    return OUT[kind](post, context={"request": request}).data


def challenge_detail_data(request, challenge) -> dict:
    """What the challenge page shows, from the page's own selector."""
    context = selectors.challenge_page(challenge, request.user)
    context["fragment_prepare"]()  # the shown comments' bodies and authors (one query)
    challenge.topic_list = context["topics"]
    challenge.can_post_solution = context["can_post_solution"]
    challenge.can_comment = context["challenge_thread"].can_comment
    challenge.thread = context["challenge_thread"]
    challenge.thread_solutions = context["solutions"]
    challenge.is_watching = getattr(challenge, "is_watching", False)
    return s.ChallengeDetailOut(challenge, context={"request": request}).data


def _paginated(request, view, qs, serializer, *, decorate=True):
    paginator = CursorPagination()
    items = paginator.paginate_queryset(qs, request, view)
    if decorate:
        for item in items:
            selectors.decorate_post(item, request.user)
    data = serializer(items, many=True, context={"request": request}).data
    return paginator.get_paginated_response(data)


# --- challenges ------------------------------------------------------------------------------


class ChallengeList(ApiView):
    @doc(
        summary="List challenges",
        description="Public challenges, as on /challenges/ (held, hidden and withdrawn ones "
        "are not listed; their authors find them on their own pages).",
        tags=TAGS,
        parameters=[
            OpenApiParameter("status", str, enum=STATUSES),
            OpenApiParameter("topic", str, description="A topic's slug."),
            OpenApiParameter("track", str, enum=Track.values),
            OpenApiParameter("author", str, description="The author's username."),
            OpenApiParameter("sort", str, enum=list(SORTS), default="newest"),
        ],
        responses=s.cursor_page(s.ChallengeOut),
        examples=[_list([CHALLENGE_EXAMPLE], "Challenges")],
    )
    def get(self, request):
        params = request.query_params
        challenges = selectors.filter_challenges(
            Challenge.objects.public().select_related("author__profile"),
            status=choice_param(request, "status", STATUSES),
            topic=params.get("topic", ""),
            track=choice_param(request, "track", Track.values),
            author=params.get("author", ""),
        ).prefetch_related("topics")
        self.ordering = SORTS[choice_param(request, "sort", list(SORTS)) or "newest"]
        return _paginated(request, self, challenges, s.ChallengeOut, decorate=False)

    @doc(
        summary="Post a challenge",
        description="A new account's first posts wait for a moderator (`is_held`: true) as "
        "on the site. Limited like the site's form (NEXUS_RATE_CHALLENGE).",
        tags=TAGS,
        request=s.ChallengeIn,
        responses={201: s.ChallengeDetailOut},
        examples=[
            ex(
                "A challenge",
                {
                    "title": "Celery workers exit at start",
                    "body": "The worker exits at once in production.",
                    "topics": ["celery"],
                },
                request=True,
            ),
            ex("Posted", CHALLENGE_DETAIL_EXAMPLE, status_code=201),
        ],
    )
    def post(self, request):
        permissions.ensure_can_post_challenge(request.user)
        data = validated(s.ChallengeIn, request)
        ratelimit.hit(request.user, "challenge")
        cleaned = run_form(
            ChallengeForm(
                {
                    "title": data["title"],
                    "body": data["body"],
                    "topics": topic_ids(data.get("topics", [])),
                }
            )
        )
        challenge = services.challenge_create(author=request.user, **cleaned)
        return _created(request, "challenge", challenge.pk)


def _created(request, kind: str, pk: int) -> Response:
    post = selectors.post_for(request.user, kind, pk)
    data = (
        challenge_detail_data(request, post)
        if kind == "challenge"
        else post_data(request, kind, post)
    )
    response = conditional(request, data, post_etag(post, data), status_code=201)
    response["Location"] = data["url"]
    return response


# --- any post: detail, edit, withdraw, restore -----------------------------------------------


class PostView(ApiView):
    kind = ""

    def read(self, request, pk):
        post = selectors.post_for(request.user, self.kind, pk)
        if self.kind == "challenge":
            data = challenge_detail_data(request, post)
        else:
            data = post_data(request, self.kind, post)
        return conditional(request, data, post_etag(post, data))

    def edit(self, request, pk):
        post = selectors.post_for(request.user, self.kind, pk)
        permissions.ensure_can_edit(request.user, post)
        incoming = s.ChallengeEditIn if self.kind == "challenge" else s.BodyEditIn
        data = validated(incoming, request)
        latest = latest_version(post)
        base = base_version(request, data.get("base_revision"), latest)
        fields = _edit_fields(self.kind, post, data)
        cleaned = run_form(_form(self.kind, fields))
        if base != latest:
            cleaned = _merged(request, self.kind, post, base, fields, cleaned)
        _save(self.kind, post, request.user, cleaned)
        return self.read(request, pk)

    def _withdrawal(self, request, pk, service):
        post = selectors.post_for(request.user, self.kind, pk)
        permissions.ensure_can_withdraw(request.user, post)
        service(post=post, user=request.user)
        return self.read(request, pk)


def _edit_fields(kind: str, post, data: dict) -> dict:
    if kind != "challenge":
        if "body" not in data:
            raise exceptions.ValidationError({"body": ["This field is required."]})
        return {"body": data["body"]}
    return {
        "title": data.get("title", post.title),
        "body": data.get("body", post.body),
        "topics": topic_ids(data["topics"])
        if "topics" in data
        else [t.pk for t in post.topics.all()],
    }


def _form(kind: str, fields: dict):
    return {"challenge": ChallengeForm, "solution": SolutionForm, "comment": CommentForm}[kind](
        fields
    )


def _merged(request, kind, post, base: int, fields: dict, cleaned: dict) -> dict:
    """Someone saved the post since version `base`: merge as the wiki does (knowledge.diffing),
    or refuse with both versions when the edits overlap."""
    content_type = ContentType.objects.get_for_model(post)
    base_revision = PostRevision.objects.filter(
        content_type=content_type, object_id=post.pk, number=base
    ).first()
    if base_revision is None:
        raise PreconditionFailed(f"This post has no version {base}: GET it again.")
    merged = merge_texts(base=base_revision.body, mine=cleaned["body"], theirs=post.body)
    if not merged.is_clean:
        latest = latest_version(post)
        diff = "\n".join(
            difflib.unified_diff(
                post.body.split("\n"),
                cleaned["body"].split("\n"),
                f"version {latest}",
                "your edit",
                lineterm="",
            )
        )
        raise Conflict(
            f"Someone saved version {latest} while you were editing, and your changes overlap "
            "with theirs. Nothing was saved: merge the two and send it again.",
            {
                "current_revision": latest,
                "current_body": post.body,
                "your_body": cleaned["body"],
                "merged_with_conflicts": merged.text,
                "diff": diff,
            },
        )
    return run_form(_form(kind, {**fields, "body": merged.text}))


def _save(kind: str, post, editor, cleaned: dict) -> None:
    if kind == "challenge":
        services.challenge_edit(challenge=post, editor=editor, **cleaned)
    elif kind == "solution":
        services.solution_edit(solution=post, editor=editor, body=cleaned["body"])
    else:
        services.comment_edit(comment=post, editor=editor, body=cleaned["body"])


def _post_views(kind: str, detail_out, edit_in, detail_example):
    label = {"challenge": "a challenge", "solution": "a solution", "comment": "a comment"}[kind]
    tags = TAGS

    class Detail(PostView):
        @doc(
            summary=f"Read {label}",
            description="Its ETag names the version: send it as `If-Match` to edit, or as "
            "`If-None-Match` to get a 304 while nothing changed.",
            tags=tags,
            responses={200: detail_out, 304: None},
            examples=[ex(kind.title(), detail_example)],
        )
        def get(self, request, pk):
            return self.read(request, pk)

        @doc(
            summary=f"Edit {label}",
            description="Needs `If-Match` (or `base_revision`), else 428. A stale edit is "
            "merged line by line with what was saved since; overlapping edits are a 409 with "
            "both versions. Authors and moderators only, as on the site.",
            tags=tags,
            request=edit_in,
            responses={200: detail_out},
            examples=[
                ex("An edit", {"body": "Start the worker with `-A project`."}, request=True),
                ex("Saved", detail_example),
            ],
        )
        def patch(self, request, pk):
            return self.edit(request, pk)

    Detail.kind = kind
    Detail.__name__ = Detail.__qualname__ = f"{kind.title()}Detail"

    class Withdraw(PostView):
        @doc(
            summary=f"Withdraw {label} (its author; restorable)",
            tags=tags,
            request=None,
            responses=detail_out,
            examples=[ex("Withdrawn", {**detail_example, "is_withdrawn": True})],
        )
        def post(self, request, pk):
            return self._withdrawal(request, pk, services.post_withdraw)

    Withdraw.kind = kind
    Withdraw.__name__ = Withdraw.__qualname__ = f"{kind.title()}Withdraw"

    class Restore(PostView):
        @doc(
            summary=f"Restore {label} its author withdrew",
            tags=tags,
            request=None,
            responses=detail_out,
            examples=[ex("Restored", detail_example)],
        )
        def post(self, request, pk):
            return self._withdrawal(request, pk, services.post_restore)

    Restore.kind = kind
    Restore.__name__ = Restore.__qualname__ = f"{kind.title()}Restore"
    return Detail, Withdraw, Restore


ChallengeDetail, ChallengeWithdraw, ChallengeRestore = _post_views(
    "challenge", s.ChallengeDetailOut, s.ChallengeEditIn, CHALLENGE_DETAIL_EXAMPLE
)
SolutionDetail, SolutionWithdraw, SolutionRestore = _post_views(
    "solution", s.SolutionOut, s.BodyEditIn, SOLUTION_EXAMPLE
)
CommentDetail, CommentWithdraw, CommentRestore = _post_views(
    "comment", s.CommentOut, s.BodyEditIn, COMMENT_EXAMPLE
)


# --- solutions and comments under their parent -----------------------------------------------


class SolutionList(ApiView):
    ordering = ("created_at", "pk")

    @doc(
        summary="A challenge's solutions, oldest first",
        tags=TAGS,
        responses=s.cursor_page(s.SolutionOut),
        examples=[_list([SOLUTION_EXAMPLE], "Solutions")],
    )
    def get(self, request, pk):
        challenge = selectors.challenge_for(request.user, pk)
        qs = selectors.in_thread(Solution.objects.filter(challenge=challenge), request.user)
        return _paginated(request, self, qs.select_related("author__profile"), s.SolutionOut)

    @doc(
        summary="Answer a challenge with a solution",
        description="Limited like the site's form (NEXUS_RATE_SOLUTION).",
        tags=TAGS,
        request=s.BodyIn,
        responses={201: s.SolutionOut},
        examples=[
            ex("A solution", {"body": "Start the worker with `-A project`."}, request=True),
            ex("Posted", SOLUTION_EXAMPLE, status_code=201),
        ],
    )
    def post(self, request, pk):
        challenge = selectors.challenge_for(request.user, pk)
        permissions.ensure_can_post_solution(request.user, challenge)
        data = validated(s.BodyIn, request)
        ratelimit.hit(request.user, "solution")
        cleaned = run_form(SolutionForm({"body": data["body"]}))
        solution = services.solution_create(
            challenge=challenge, author=request.user, body=cleaned["body"]
        )
        return _created(request, "solution", solution.pk)


class CommentList(ApiView):
    ordering = ("created_at", "pk")
    kind = ""

    def get(self, request, pk):
        target = selectors.post_for(request.user, self.kind, pk)
        if self.kind == "solution":
            qs = Comment.objects.filter(solution=target)
        else:
            qs = Comment.objects.filter(challenge=target)
        qs = selectors.in_thread(qs, request.user).select_related("author__profile", "solution")
        return _paginated(request, self, qs, s.CommentOut)

    def post(self, request, pk):
        target = selectors.post_for(request.user, self.kind, pk)
        permissions.ensure_can_comment(request.user, target)
        data = validated(s.BodyIn, request)
        ratelimit.hit(request.user, "comment")
        cleaned = run_form(CommentForm({"body": data["body"]}))
        comment = services.comment_create(target=target, author=request.user, body=cleaned["body"])
        return _created(request, "comment", comment.pk)


def _comment_list(kind: str):
    class Comments(CommentList):
        @doc(
            summary=f"Comments on a {kind}, oldest first",
            tags=TAGS,
            responses=s.cursor_page(s.CommentOut),
            examples=[_list([COMMENT_EXAMPLE], "Comments")],
        )
        def get(self, request, pk):
            return super().get(request, pk)

        @doc(
            summary=f"Comment on a {kind}",
            description="Limited like the site's form (NEXUS_RATE_COMMENT).",
            tags=TAGS,
            request=s.BodyIn,
            responses={201: s.CommentOut},
            examples=[
                ex("A comment", {"body": "Which broker, Redis or RabbitMQ?"}, request=True),
                ex("Posted", COMMENT_EXAMPLE, status_code=201),
            ],
        )
        def post(self, request, pk):
            return super().post(request, pk)

    Comments.kind = kind
    Comments.__name__ = Comments.__qualname__ = f"{kind.title()}CommentList"
    return Comments


ChallengeCommentList = _comment_list("challenge")
SolutionCommentList = _comment_list("solution")


# --- votes, acceptance, watching -------------------------------------------------------------


class SolutionVote(ApiView):
    def _answer(self, request, solution):
        solution.refresh_from_db(fields=["score"])
        has_voted = solution.votes.filter(user=request.user).exists()
        return Response({"solution": solution.pk, "score": solution.score, "has_voted": has_voted})

    @doc(
        summary="Up-vote a solution (once; not your own)",
        tags=TAGS,
        request=None,
        responses=s.VoteOut,
        examples=[ex("Voted", {"solution": 12, "score": 4, "has_voted": True})],
    )
    def post(self, request, pk):
        solution = selectors.post_for(request.user, "solution", pk)
        permissions.ensure_can_vote(request.user, solution)
        services.solution_vote(solution=solution, user=request.user)
        return self._answer(request, solution)

    @doc(
        summary="Take a vote back",
        tags=TAGS,
        request=None,
        responses={200: s.VoteOut},
        examples=[ex("Taken back", {"solution": 12, "score": 3, "has_voted": False})],
    )
    def delete(self, request, pk):
        solution = selectors.post_for(request.user, "solution", pk)
        permissions.ensure_can_vote(request.user, solution)
        services.solution_unvote(solution=solution, user=request.user)
        return self._answer(request, solution)


class SolutionAccept(ApiView):
    @doc(
        summary="Accept a solution (the challenge's author, or a moderator)",
        tags=TAGS,
        request=None,
        responses=s.SolutionOut,
        examples=[ex("Accepted", SOLUTION_EXAMPLE)],
    )
    def post(self, request, pk):
        solution = selectors.post_for(request.user, "solution", pk)
        permissions.ensure_can_accept(request.user, solution)
        services.solution_accept(solution=solution, user=request.user)
        solution = selectors.post_for(request.user, "solution", pk)
        return Response(post_data(request, "solution", solution))


class ChallengeWatchView(ApiView):
    @doc(
        summary="Watch a challenge",
        tags=TAGS,
        request=None,
        responses=s.WatchStateOut,
        examples=[ex("Watching", {"is_watching": True})],
    )
    def post(self, request, pk):
        challenge = selectors.challenge_for(request.user, pk)
        permissions.ensure_can_watch(request.user)
        services.challenge_watch(challenge=challenge, user=request.user)
        return Response({"is_watching": True})

    @doc(
        summary="Stop watching a challenge",
        tags=TAGS,
        request=None,
        responses={200: s.WatchStateOut},
        examples=[ex("Not watching", {"is_watching": False})],
    )
    def delete(self, request, pk):
        challenge = selectors.challenge_for(request.user, pk)
        permissions.ensure_can_watch(request.user)
        services.challenge_unwatch(challenge=challenge, user=request.user)
        return Response({"is_watching": False}, status=status.HTTP_200_OK)
