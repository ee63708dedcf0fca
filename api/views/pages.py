"""The wiki over the API: pages, their revisions and diffs, creating and editing (with the
site's three-way merge), watching."""

from __future__ import annotations

import difflib
from dataclasses import asdict

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

from api import serializers as s
from api.exceptions import Conflict
from api.pagination import CursorPagination
from api.views.base import ApiView, base_version, conditional, doc, etag_for, ex, run_form
from api.views.base import validated as validated_input
from core import ratelimit
from knowledge import permissions, services
from knowledge.diffing import diff_rows
from knowledge.forms import PageForm
from knowledge.models import Category, Page, PageWatch, Topic
from knowledge.rendering import relink_existing
from knowledge.services import EditStatus

PAGE_EDIT_LIMIT = "page_edit"  # the HTML editor's rate limit (knowledge.views_edit)
TAGS = ["wiki"]

USER_EXAMPLE = {
    "username": "ada",
    "display_name": "Ada",
    "url": "https://nexus.example/api/v1/users/ada/",
    "html_url": "https://nexus.example/u/ada/",
}
PAGE_EXAMPLE = {
    "slug": "celery",
    "title": "Celery",
    "category": "technologies",
    "topics": ["celery", "task-queues"],
    "revision": 3,
    "updated_at": "2026-11-30T09:12:44.120000Z",
    "is_protected": False,
    "is_hidden": False,
    "url": "https://nexus.example/api/v1/pages/celery/",
    "html_url": "https://nexus.example/wiki/celery/",
}
PAGE_DETAIL_EXAMPLE = {
    **PAGE_EXAMPLE,
    "body": "Celery runs tasks in **workers**. See [[Redis]].",
    "body_html": '<p>Celery runs tasks in <strong>workers</strong>. See <a href="/wiki/redis/">'
    "Redis</a>.</p>",
    "toc_html": "",
    "current_revision": {
        "number": 3,
        "author": USER_EXAMPLE,
        "created_at": "2026-11-30T09:12:44.120000Z",
        "summary": "Link Redis",
    },
    "created_at": "2026-10-01T08:00:00Z",
    "can_edit": True,
    "is_watching": False,
}
REVISION_EXAMPLE = {
    "number": 3,
    "title": "Celery",
    "author": USER_EXAMPLE,
    "created_at": "2026-11-30T09:12:44.120000Z",
    "summary": "Link Redis",
    "size": 48,
    "size_delta": 9,
    "reverted_from": None,
}


def _list(items, name):
    return ex(name, {"next": None, "previous": None, "results": items})


def visible_pages(request):
    return Page.objects.visible_to(request.user)


def get_page(request, slug, *, annotate_watch=False) -> Page:
    """A page the caller may see (hidden pages: moderators only), else 404. An old slug of a
    renamed page finds it too."""
    pages = visible_pages(request).with_current().prefetch_related("topics")
    if annotate_watch and request.user.is_authenticated:
        watched = PageWatch.objects.filter(page=OuterRef("pk"), user=request.user)
        pages = pages.annotate(is_watching=Exists(watched))
    return get_object_or_404(pages.at_slug(slug))


def page_data(request, page) -> dict:
    page.can_edit = permissions.can_edit_page(request.user, page)
    page.is_watching = getattr(page, "is_watching", False)
    return s.PageDetailOut(page, context={"request": request}).data


def page_etag(page, data) -> str:
    number = page.current_revision.number if page.current_revision else 0
    return etag_for(f"r{number}", data)


def _form_data(data: dict, page=None) -> dict:
    """The API's fields (category and topics by slug) as the site's PageForm takes them."""
    form = {
        "title": data.get("title", page.title if page else ""),
        "body": data["body"],
        "summary": data.get("summary", ""),
    }
    if "category" in data:
        category = Category.objects.filter(slug=data["category"]).first()
        if category is None:
            raise exceptions.ValidationError({"category": ["No such category."]})
        form["category"] = category.pk
    elif page is not None:
        form["category"] = page.category_id
    if "topics" in data:
        form["topics"] = topic_ids(data["topics"])
    elif page is not None:
        form["topics"] = [t.pk for t in page.topics.all()]
    return form


def topic_ids(slugs) -> list[int]:
    found = dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        raise exceptions.ValidationError({"topics": [f"No such topic: {unknown[0]}."]})
    return [found[slug] for slug in slugs]


class PageList(ApiView):
    ordering = "title"

    @doc(
        summary="List wiki pages",
        tags=TAGS,
        responses=s.cursor_page(s.PageOut),
        parameters=[
            OpenApiParameter("category", str, description="Only this category (its slug)."),
            OpenApiParameter("topic", str, description="Only pages on this topic (its slug)."),
        ],
        examples=[_list([PAGE_EXAMPLE], "A page of pages")],
    )
    def get(self, request):
        pages = visible_pages(request).select_related("category", "current_revision")
        if category := request.query_params.get("category"):
            pages = pages.filter(category__slug=category)
        if topic := request.query_params.get("topic"):
            pages = pages.filter(topics__slug=topic)
        pages = pages.prefetch_related("topics")
        paginator = CursorPagination()
        page = paginator.paginate_queryset(pages, request, self)
        data = s.PageOut(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    @doc(
        summary="Create a wiki page",
        tags=TAGS,
        request=s.PageCreateIn,
        responses={201: s.PageDetailOut},
        examples=[
            ex(
                "A new page",
                {
                    "title": "Celery",
                    "category": "technologies",
                    "topics": ["celery"],
                    "body": "Celery runs tasks in **workers**.",
                    "summary": "First version",
                },
                request=True,
            ),
            ex("Created", PAGE_DETAIL_EXAMPLE, status_code=201),
        ],
    )
    def post(self, request):
        permissions.ensure_can_create_page(request.user)
        data = validated_input(s.PageCreateIn, request)
        ratelimit.hit(request.user, PAGE_EDIT_LIMIT)
        form = PageForm(_form_data(data))
        cleaned = run_form(form)
        prepared = services.prepare_body(cleaned["body"])  # rendered before the transaction
        with transaction.atomic():
            page = services.page_create(
                title=cleaned["title"],
                category=cleaned["category"],
                body=cleaned["body"],
                prepared=prepared,
                author=request.user,
                summary=cleaned["summary"] or "Created the page",
                topics=cleaned["topics"],
                slug=form.slug,
            )
        page = get_page(request, page.slug, annotate_watch=True)
        data = page_data(request, page)
        response = conditional(request, data, page_etag(page, data), status_code=201)
        response["Location"] = data["url"]
        return response


class PageDetail(ApiView):
    @doc(
        summary="A wiki page",
        description="The current revision's markdown (`body`) and its stored, sanitised HTML "
        "(`body_html`). The ETag names the revision: send it back as `If-Match` to edit, or "
        "as `If-None-Match` to get a 304 while nothing changed.",
        tags=TAGS,
        responses={200: s.PageDetailOut, 304: None},
        examples=[ex("A page", PAGE_DETAIL_EXAMPLE)],
    )
    def get(self, request, slug):
        page = get_page(request, slug, annotate_watch=True)
        data = page_data(request, page)
        return conditional(request, data, page_etag(page, data))

    @doc(
        summary="Edit a wiki page",
        description="Send the page's ETag as `If-Match` (or `base_revision`); without either "
        "the answer is 428. If someone saved since, both edits are merged line by line as on "
        "the site; where they overlap nothing is saved and the answer is 409 with the other "
        "version, the merge attempt and a diff. Fields left out keep their value.",
        tags=TAGS,
        request=s.PageEditIn,
        responses={200: s.PageDetailOut},
        examples=[
            ex(
                "An edit",
                {"body": "Celery runs tasks in **workers**, fed by a broker.", "summary": "Broker"},
                request=True,
            ),
            ex("Saved", PAGE_DETAIL_EXAMPLE),
            ex(
                "Conflict",
                {
                    "type": "about:blank",
                    "title": "Conflict",
                    "status": 409,
                    "detail": "Someone saved revision 4 while you were editing, and your changes "
                    "overlap with theirs. Nothing was saved.",
                    "code": "edit_conflict",
                    "instance": "/api/v1/pages/celery/",
                    "current_revision": 4,
                    "current_body": "Celery runs tasks in workers (processes).",
                    "your_body": "Celery runs tasks in **workers**, fed by a broker.",
                    "merged_with_conflicts": "<<<<<<< saved in between\n…",
                    "etag": '"r4-1f2e3d4c5b6a7988"',
                    "diff": "--- revision 4\n+++ your edit\n…",
                },
                status_code=409,
            ),
        ],
    )
    def patch(self, request, slug):
        page = get_page(request, slug)
        permissions.ensure_can_edit_page(request.user, page)
        data = validated_input(s.PageEditIn, request)
        current = page.current_revision.number if page.current_revision else 0
        base = base_version(request, data.get("base_revision"), current)
        ratelimit.hit(request.user, PAGE_EDIT_LIMIT)
        form = PageForm({**_form_data(data, page), "base_revision": base}, page=page)
        cleaned = run_form(form)
        prepared = services.prepare_body(cleaned["body"])
        outcome = services.page_edit(
            page=page,
            author=request.user,
            body=cleaned["body"],
            prepared=prepared,
            base_revision=cleaned["base_revision"],
            summary=cleaned["summary"],
            title=cleaned["title"],
            category=cleaned["category"],
            topics=cleaned["topics"],
        )
        if outcome.status == EditStatus.CONFLICT:
            raise _conflict(request, outcome, mine=cleaned["body"])
        page = get_page(request, outcome.page.slug, annotate_watch=True)
        data = page_data(request, page)
        response = conditional(request, data, page_etag(page, data))
        response["X-Edit-Status"] = outcome.status.value  # saved, merged or unchanged
        return response


def _conflict(request, outcome, *, mine: str) -> Conflict:
    other = outcome.revision
    page = get_page(request, outcome.page.slug)
    data = page_data(request, page)
    unified = "\n".join(
        difflib.unified_diff(
            other.body.split("\n"),
            mine.split("\n"),
            f"revision {other.number}",
            "your edit",
            lineterm="",
        )
    )
    return Conflict(
        f"Someone saved revision {other.number} while you were editing, and your changes "
        "overlap with theirs. Nothing was saved: merge the two and send it again with the "
        "new ETag.",
        {
            "current_revision": other.number,
            "current_body": other.body,
            "your_body": mine,
            "merged_with_conflicts": outcome.merged_text,
            "etag": page_etag(page, data),
            "diff": unified,
        },
    )


class RevisionList(ApiView):
    ordering = "-number"

    @doc(
        summary="A page's revisions, newest first",
        tags=TAGS,
        responses=s.cursor_page(s.RevisionOut),
        examples=[_list([REVISION_EXAMPLE], "Revisions")],
    )
    def get(self, request, slug):
        page = get_page(request, slug)
        revisions = page.revisions.select_related("author__profile")
        paginator = CursorPagination()
        items = paginator.paginate_queryset(revisions, request, self)
        data = s.RevisionOut(items, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)


class RevisionDetail(ApiView):
    @doc(
        summary="One revision of a page",
        tags=TAGS,
        responses=s.RevisionDetailOut,
        examples=[
            ex(
                "Revision 3",
                {**REVISION_EXAMPLE, "body": "Celery…", "body_html": "<p>Celery…</p>"},
            )
        ],
    )
    def get(self, request, slug, number):
        page = get_page(request, slug)
        revision = get_object_or_404(
            page.revisions.select_related("author__profile"), number=number
        )
        # Its links as of today, as the HTML page shows it.
        revision.body_html = relink_existing(revision.body_html)
        data = s.RevisionDetailOut(revision, context={"request": request}).data
        return Response(data)


def _revision_param(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise exceptions.ValidationError({name: ["A revision number."]})
    return int(raw)


class PageDiff(ApiView):
    @doc(
        summary="The difference between two revisions",
        tags=TAGS,
        parameters=[
            OpenApiParameter("from", int, description="Older revision (default: to − 1)."),
            OpenApiParameter("to", int, description="Newer revision (default: the current)."),
        ],
        responses=s.DiffOut,
        examples=[
            ex(
                "r2 → r3",
                {
                    "from_revision": 2,
                    "to_revision": 3,
                    "title_changed": False,
                    "rows": [
                        {
                            "kind": "change",
                            "old_number": 1,
                            "new_number": 1,
                            "old": [{"text": "Celery runs tasks.", "is_changed": True}],
                            "new": [{"text": "Celery runs tasks in workers.", "is_changed": True}],
                            "skipped": 0,
                        }
                    ],
                    "unified": "--- revision 2\n+++ revision 3\n@@ -1 +1 @@\n-Celery runs "
                    "tasks.\n+Celery runs tasks in workers.",
                },
            )
        ],
    )
    def get(self, request, slug):
        page = get_page(request, slug)
        current = page.current_revision
        if current is None:
            raise exceptions.NotFound("This page has no revisions.")
        to_number = _revision_param(request, "to") or current.number
        from_number = _revision_param(request, "from") or max(to_number - 1, 1)
        found = {r.number: r for r in page.revisions.filter(number__in=[from_number, to_number])}
        if from_number not in found or to_number not in found:
            raise exceptions.NotFound("No such revision.")
        old, new = found[from_number], found[to_number]
        unified = "\n".join(
            difflib.unified_diff(
                old.body.split("\n"),
                new.body.split("\n"),
                f"revision {old.number}",
                f"revision {new.number}",
                lineterm="",
            )
        )
        return Response(
            {
                "from_revision": old.number,
                "to_revision": new.number,
                "title_changed": old.title != new.title,
                "rows": [asdict(row) for row in diff_rows(old.body, new.body)],
                "unified": unified,
            }
        )


class PageWatchView(ApiView):
    @doc(
        summary="Watch a page (be notified of its changes)",
        tags=TAGS,
        request=None,
        responses=s.WatchStateOut,
        examples=[ex("Watching", {"is_watching": True})],
    )
    def post(self, request, slug):
        page = get_page(request, slug)
        permissions.ensure_can_watch_page(request.user)
        services.page_watch(page=page, user=request.user)
        return Response({"is_watching": True})

    @doc(
        summary="Stop watching a page",
        tags=TAGS,
        request=None,
        responses={200: s.WatchStateOut},
        examples=[ex("Not watching", {"is_watching": False})],
    )
    def delete(self, request, slug):
        page = get_page(request, slug)
        permissions.ensure_can_watch_page(request.user)
        services.page_unwatch(page=page, user=request.user)
        return Response({"is_watching": False}, status=status.HTTP_200_OK)
