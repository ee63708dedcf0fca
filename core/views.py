import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import health, kept_text

log = logging.getLogger("nexus.health")


@never_cache
@require_GET
def healthz(request):
    """Each dependency's state, for the load balancer and for people (core/health.py says
    which failure answers 503 and which 200 "degraded")."""
    body, status = health.report()
    return JsonResponse(body, status=status)


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
    if isinstance(sys.exc_info()[1], DB_UNAVAILABLE):
        return unavailable(
            "The database is not answering",
            "The site cannot reach its database right now (a restart, usually over in seconds).",
        )
    return HttpResponseServerError(loader.get_template("500.html").render({}))


# The database restarting or out of connections: the request can simply be sent again.
DB_UNAVAILABLE = (OperationalError, InterfaceError)


def unavailable(heading: str, message: str, retry_after: int = 5) -> HttpResponse:
    """503 with Retry-After: a temporary state, not a bug (the database restarting, the
    process shedding load); no request context, nothing that could fail again."""
    page = loader.get_template("503.html").render({"heading": heading, "message": message})
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
