import logging

from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import kept_text
from discussions.models import Challenge
from knowledge.models import Page

log = logging.getLogger("nexus.health")


def home(request):
    """Open challenges that need help, recently solved ones, recent wiki changes.

    A fixed number of queries (three lists, one topic prefetch), whatever the size of the hub.
    """
    # "Needs help": open and unlocked, fewest solutions first, then the most recently active.
    open_challenges = (
        Challenge.objects.public()
        .filter(status=Challenge.Status.OPEN, is_locked=False)
        .select_related("author__profile")
        .prefetch_related("topics")
        .order_by("solution_count", "-last_activity_at")[:8]
    )
    solved_challenges = (
        Challenge.objects.public()
        .filter(status=Challenge.Status.SOLVED)
        .select_related("author__profile", "wiki_page")
        .order_by("-last_activity_at")[:6]
    )
    # Each page once, with its latest revision (a page edited twice is still one page).
    recent_pages = (
        Page.objects.not_hidden()
        .select_related("current_revision__author__profile")
        .order_by("-updated_at", "-pk")[:8]
    )
    return render(
        request,
        "core/home.html",
        {
            "open_challenges": open_challenges,
            "solved_challenges": solved_challenges,
            "recent_pages": recent_pages,
        },
    )


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def csrf_failure(request, reason=""):
    """A form whose security token went stale: nothing was saved, and the text comes back.

    The page offers no button that sends the text again: a stale token may also mean the form
    came from another site, so the learner copies what they meant to send into a fresh form.
    """
    context = {"back": kept_text.form_page(request)}
    return kept_text.refusal_page(request, "core/csrf_failure.html", context, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request context: the page must not depend on anything that may have failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
