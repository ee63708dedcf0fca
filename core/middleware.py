import logging
import time

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django_htmx.http import HttpResponseClientRedirect

from core import kept_text
from core.ratelimit import RateLimited

request_log = logging.getLogger("nexus.request")


class RequestLogMiddleware:
    """One structured line per request: method, path, status, duration, user id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        user_id = getattr(request, "_nexus_user_id", None)  # a cached page's (core.pagecache)
        if user_id is None and user is not None and user.is_authenticated:
            user_id = user.pk
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user_id,
            },
        )
        return response


class NexusErrorMiddleware:
    """Turns product-level refusals into friendly pages (429 for rate limits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            context = {"message": str(exception)}
            response = kept_text.refusal_page(request, "429.html", context, status=429)
            if response.status_code == 429:
                response["Retry-After"] = str(exception.retry_after)
            return response
        return None


class KeepTypedTextMiddleware:
    """A form sent by someone who was logged out meanwhile still goes to the log-in page, and
    what they typed waits in the session for them (see core.kept_text). Where log-in would
    lead back to the URL the form posted to (often POST-only), it leads to the page the form
    was on instead; a redirect that chose another place (or none) is left alone.

    With htmx, the log-in page replaces the whole page (HX-Redirect) rather than being
    swapped into the fragment the form was aiming at.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "POST"
            and not request.user.is_authenticated
            and kept_text.is_login_redirect(response)
        ):
            fields = kept_text.typed_text(request)
            if fields:
                kept_text.keep(request, fields)
            form_page = kept_text.form_page(request)
            if form_page and kept_text.returns_to_this_url(request, response):
                response = redirect_to_login(form_page)
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(response["Location"])
        return response


class PermissionsPolicyMiddleware:
    """A Permissions-Policy header on every response: browser features the site never uses
    (camera, microphone, geolocation, payment, USB, …) are off, for the site and for anything
    embedded in it (settings.NEXUS_PERMISSIONS_POLICY). A view that sets its own keeps it."""

    def __init__(self, get_response):
        self.header = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.NEXUS_PERMISSIONS_POLICY.items()
        )
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response
