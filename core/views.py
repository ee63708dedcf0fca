import logging

from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import kept_text
from core.cache import FailOpenRedisCache

log = logging.getLogger("nexus.health")


@never_cache
@require_GET
def healthz(request):
    """Each dependency's state, for the load balancer and for people.

    - database down: 503 ("error"). The load balancer takes this process out: nothing works.
    - Redis down: 200 ("degraded", cache "unreachable"). Keep routing here: pages, log-in and
      writes work without it (core/cache.py), only slower; alert on "degraded".
    - no Redis configured: cache "local" (each process its own page cache; rate limits and
      sessions in the database).
    """
    body = {"status": "ok", "database": "ok", "cache": _cache_state()}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: database unreachable")
        return JsonResponse({**body, "status": "error", "database": "unreachable"}, status=503)
    if body["cache"] == "unreachable":
        body["status"] = "degraded"
    return JsonResponse(body)


def _cache_state() -> str:
    cache = caches["default"]
    if not isinstance(cache, FailOpenRedisCache):
        return "local"
    try:
        cache.ping()
    except Exception:
        log.warning("health check: Redis unreachable", exc_info=True)
        return "unreachable"
    return "ok"


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
