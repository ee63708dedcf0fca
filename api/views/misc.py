"""Search, topics and categories, public profiles, and the caller's own notifications and
watches."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.response import Response

from accounts.models import User
from api import serializers as s
from api.pagination import CursorPagination, PageNumberPagination
from api.permissions import Authenticated
from api.views.base import ApiView, choice_param, doc, ex
from api.views.pages import USER_EXAMPLE
from core import registry
from discussions.models import Challenge, ChallengeWatch
from knowledge.models import Category, Page, PageWatch, Topic
from notifications import permissions as notification_permissions
from notifications import services as notification_services
from notifications.models import Notification
from search import services as search_services
from search.query import MAX_QUERY_CHARS

TOPIC_EXAMPLE = {"slug": "celery", "name": "Celery", "description": "Distributed task queue."}


class Search(ApiView):
    @doc(
        summary="Search pages, challenges and solutions",
        description="The site's own search (/search/): ranked, at most 1,000 results; "
        "moderators also find hidden content (`visibility` says so).",
        tags=["search"],
        parameters=[
            OpenApiParameter("q", str, required=True, description="What to look for."),
            OpenApiParameter("kind", str, enum=["page", "challenge", "solution"]),
            OpenApiParameter("topic", str, description="A topic's slug."),
            OpenApiParameter("page", int, description="Page of results (20 each)."),
        ],
        responses=s.numbered_page(s.SearchHitOut),
        examples=[
            ex(
                "Results",
                {
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "kind": "page",
                            "id": 4,
                            "title": "Celery",
                            "title_html": "<mark>Celery</mark>",
                            "snippet_html": "<mark>Celery</mark> runs tasks in workers…",
                            "html_url": "https://nexus.example/wiki/celery/",
                            "updated_at": "2026-11-30T09:12:44.120000Z",
                            "visibility": "public",
                        }
                    ],
                },
            )
        ],
    )
    def get(self, request):
        q = request.query_params.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_CHARS]
        if not q:
            raise exceptions.ValidationError({"q": ["Say what to search for."]})
        kind = choice_param(request, "kind", [k.name for k in registry.indexed()]) or None
        topic_slug = request.query_params.get("topic", "")
        topic = Topic.objects.filter(slug=topic_slug[:60]).first() if topic_slug else None
        results = search_services.search_documents(
            q=q, user=request.user, kind=kind, topic_id=topic.pk if topic else None
        )
        paginator = PageNumberPagination()
        hits = paginator.paginate_queryset(results, request, self)
        data = s.SearchHitOut(hits, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class TopicList(ApiView):
    ordering = "name"

    @doc(
        summary="Topics (technologies and concepts)",
        tags=["topics"],
        responses=s.cursor_page(s.TopicOut),
        examples=[ex("Topics", {"next": None, "previous": None, "results": [TOPIC_EXAMPLE]})],
    )
    def get(self, request):
        paginator = CursorPagination()
        topics = paginator.paginate_queryset(Topic.objects.all(), request, self)
        return paginator.get_paginated_response(s.TopicOut(topics, many=True).data)


class TopicDetail(ApiView):
    @doc(
        summary="A topic",
        tags=["topics"],
        responses=s.TopicOut,
        examples=[ex("Celery", TOPIC_EXAMPLE)],
    )
    def get(self, request, slug):
        return Response(s.TopicOut(get_object_or_404(Topic, slug=slug)).data)


class CategoryList(ApiView):
    @doc(
        summary="The wiki's categories (a short, fixed list)",
        tags=["topics"],
        responses=s.CategoryOut(many=True),
        examples=[
            ex(
                "Categories",
                [{"slug": "technologies", "name": "Technologies", "description": "Tools."}],
            )
        ],
    )
    def get(self, request):
        return Response(s.CategoryOut(Category.objects.all(), many=True).data)


PROFILE_EXAMPLE = {
    **USER_EXAMPLE,
    "track": "backend",
    "bio": "Learning Django and Celery.",
    "github_url": "https://github.com/ada",
    "website_url": "",
    "date_joined": "2026-09-01T10:00:00Z",
    "is_moderator": False,
}


class UserDetail(ApiView):
    @doc(
        summary="A learner's public profile",
        tags=["users"],
        responses=s.ProfileOut,
        examples=[ex("Ada", PROFILE_EXAMPLE)],
    )
    def get(self, request, username):
        user = get_object_or_404(User.objects.select_related("profile"), username=username)
        return Response(s.ProfileOut(user, context={"request": request}).data)


class Me(ApiView):
    permission_classes = [Authenticated]

    @doc(
        summary="Who the caller is",
        tags=["users"],
        responses=s.ProfileOut,
        examples=[ex("Ada", PROFILE_EXAMPLE)],
    )
    def get(self, request):
        user = User.objects.select_related("profile").get(pk=request.user.pk)
        return Response(s.ProfileOut(user, context={"request": request}).data)


NOTIFICATION_EXAMPLE = {
    "id": 5,
    "kind": "solution",
    "text": "Grace answered “Celery workers exit at start”",
    "html_url": "https://nexus.example/challenges/7/#solution-12",
    "actor": USER_EXAMPLE,
    "created_at": "2026-11-29T08:00:00Z",
    "read_at": None,
    "is_read": False,
}


class NotificationList(ApiView):
    permission_classes = [Authenticated]
    ordering = ("-created_at", "-pk")

    @doc(
        summary="The caller's notifications, newest first",
        tags=["notifications"],
        parameters=[OpenApiParameter("unread", bool, description="Only unread ones.")],
        responses=s.cursor_page(s.NotificationOut),
        examples=[ex("Inbox", {"next": None, "previous": None, "results": [NOTIFICATION_EXAMPLE]})],
    )
    def get(self, request):
        notes = Notification.objects.filter(recipient=request.user).select_related("actor__profile")
        unread = request.query_params.get("unread")
        if unread not in {None, "true", "false"}:
            raise exceptions.ValidationError({"unread": ["true or false."]})
        if unread == "true":
            notes = notes.unread()
        paginator = CursorPagination()
        items = paginator.paginate_queryset(notes, request, self)
        data = s.NotificationOut(items, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class NotificationRead(ApiView):
    @doc(
        summary="Mark one of the caller's notifications read",
        tags=["notifications"],
        request=None,
        responses=s.NotificationOut,
        examples=[
            ex(
                "Read",
                {**NOTIFICATION_EXAMPLE, "read_at": "2026-11-29T09:00:00Z", "is_read": True},
            )
        ],
    )
    def post(self, request, pk):
        notification_permissions.ensure_can_mark_read(request.user)
        note = get_object_or_404(
            Notification.objects.select_related("actor__profile"), pk=pk, recipient=request.user
        )
        notification_services.notification_mark_read(notification=note)
        return Response(s.NotificationOut(note, context={"request": request}).data)


class NotificationReadAll(ApiView):
    @doc(
        summary="Mark all the caller's notifications read",
        tags=["notifications"],
        request=None,
        responses=s.ReadAllOut,
        examples=[ex("Done", {"marked_read": 3})],
    )
    def post(self, request):
        notification_permissions.ensure_can_mark_read(request.user)
        count = notification_services.notifications_mark_all_read(user=request.user)
        return Response({"marked_read": count})


class WatchList(ApiView):
    permission_classes = [Authenticated]

    @doc(
        summary="What the caller watches (pages and challenges they may still see)",
        tags=["notifications"],
        responses=s.WatchOut(many=True),
        examples=[
            ex(
                "Watching",
                [
                    {
                        "kind": "challenge",
                        "title": "Celery workers exit at start",
                        "url": "https://nexus.example/api/v1/challenges/7/",
                        "html_url": "https://nexus.example/challenges/7/",
                        "created_at": "2026-11-28T14:03:11Z",
                    }
                ],
            )
        ],
    )
    def get(self, request):
        user = request.user
        limit = 500  # two short lists; a watchlist longer than this is cut, newest kept
        pages = (
            PageWatch.objects.filter(user=user, page__in=Page.objects.visible_to(user))
            .select_related("page")
            .order_by("-created_at", "-pk")[:limit]
        )
        challenges = (
            ChallengeWatch.objects.filter(
                user=user, challenge__in=Challenge.objects.visible_to(user)
            )
            .select_related("challenge")
            .order_by("-created_at", "-pk")[:limit]
        )
        absolute = request.build_absolute_uri
        items = [
            {
                "kind": "page",
                "title": w.page.title,
                "url": absolute(reverse("api:page_detail", args=[w.page.slug])),
                "html_url": absolute(w.page.get_absolute_url()),
                "created_at": w.created_at,
            }
            for w in pages
        ] + [
            {
                "kind": "challenge",
                "title": w.challenge.title,
                "url": absolute(reverse("api:challenge_detail", args=[w.challenge_id])),
                "html_url": absolute(w.challenge.get_absolute_url()),
                "created_at": w.created_at,
            }
            for w in challenges
        ]
        items.sort(key=lambda item: item["created_at"], reverse=True)
        return Response(s.WatchOut(items, many=True).data)
