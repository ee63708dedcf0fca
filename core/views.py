import logging

from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import kept_text

log = logging.getLogger("nexus.health")


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
    """A refusal (suspended, locked, not yours…); a refused form shows what was typed on it,
    as the 429 and stale-form pages do, so a refusal never throws text away."""
    message = str(exception) if exception and str(exception) else ""
    return kept_text.refusal_page(request, "403.html", {"message": message}, status=403)


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
