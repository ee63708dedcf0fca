import logging
import re
import sys
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotModified,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils.http import http_date
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import was_modified_since

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


# --- Uploaded files, when no bucket serves them ------------------------------------------------

# What an upload may be served as: the wiki's re-encoded images (knowledge/uploads.py). SVG is
# not among them: it can carry script. Anything else is a download, never a page.
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
# Uploads are stored under a fresh uuid4 (knowledge/uploads.py): such a name never changes
# content, so browsers may keep it for a year.
HASHED_NAME = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.\w+$")


@require_safe
def media(request, path):
    """An uploaded file from MEDIA_ROOT, for a deployment without a bucket (project/urls.py).

    A web server or a bucket in front serves these better (README); this view is for a single
    machine. It serves files under MEDIA_ROOT only, images with their own type, anything else
    as an attachment, each with `nosniff` and a sandboxing Content-Security-Policy, so even a
    file that is not what its name says can never run as a page of this site.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        file = (root / path).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise Http404("No such file.") from None
    if not file.is_relative_to(root) or not file.is_file():
        raise Http404("No such file.")
    stat = file.stat()
    if not was_modified_since(request.headers.get("If-Modified-Since"), stat.st_mtime):
        response = HttpResponseNotModified()
    else:
        content_type = MEDIA_TYPES.get(file.suffix.lower())
        response = FileResponse(
            file.open("rb"),
            content_type=content_type or "application/octet-stream",
            as_attachment=content_type is None,
            filename=file.name,
        )
        response["Last-Modified"] = http_date(stat.st_mtime)
        if content_type is not None:
            del response["Content-Disposition"]  # shown inline, as an image
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = (
        "public, max-age=31536000, immutable"
        if HASHED_NAME.search(file.name)
        else "public, max-age=3600"
    )
    return response


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
