import logging
import time

from django.shortcuts import render

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
                "user_id": user.pk if user is not None and user.is_authenticated else None,
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
            response = render(request, "429.html", {"message": str(exception)}, status=429)
            response["Retry-After"] = str(exception.retry_after)
            return response
        return None
