"""Every API error in one shape: RFC 9457 problem details (`application/problem+json`).

    {"type": "about:blank", "title": "Not Found", "status": 404,
     "detail": "No such challenge.", "code": "not_found", "instance": "/api/v1/challenges/9/"}

`code` is a stable machine-readable word; validation errors add `errors` (field → messages);
an edit conflict adds the other version and a diff (api/views/pages.py).
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

from api.exceptions import Conflict
from core.ratelimit import RateLimited

PROBLEM_JSON = "application/problem+json"


def problem(status_code: int, detail: str, *, code: str, instance: str = "", **extra) -> dict:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def _text(detail) -> str:
    if isinstance(detail, list | tuple) and detail:
        return _text(detail[0])
    if isinstance(detail, dict):
        return "The request has invalid fields."
    return str(detail)


def exception_handler(exc, context):
    """DRF's exception handler, speaking RFC 9457 (settings.REST_FRAMEWORK)."""
    request = context.get("request")
    headers = {}
    if isinstance(exc, RateLimited):
        exc_obj = exceptions.Throttled(wait=exc.retry_after, detail=str(exc))
        exc_obj.detail = exceptions.ErrorDetail(str(exc), code="rate_limited")
        exc = exc_obj
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.messages)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: Django's 500, which ApiProblemMiddleware turns into a problem
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    extra = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            extra["errors"] = detail
            message = "The request has invalid fields: see `errors`."
        else:
            extra["errors"] = {"non_field_errors": detail}
            message = _text(detail)
        code = "invalid"
    else:
        message = _text(exc.detail)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
    if isinstance(exc, Conflict):
        extra.update(exc.extra)
    if isinstance(exc, exceptions.Throttled):
        code = "rate_limited"
    from rest_framework.views import set_rollback  # not at import: it loads DRF's settings

    set_rollback()
    body = problem(
        exc.status_code,
        message,
        code=code,
        instance=request.path if request is not None else "",
        **extra,
    )
    return Response(body, status=exc.status_code, headers=headers, content_type=PROBLEM_JSON)


def problem_response(request, status_code: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse(
        problem(status_code, detail, code=code, instance=request.path),
        status=status_code,
        content_type=PROBLEM_JSON,
    )


GENERIC = {
    status.HTTP_400_BAD_REQUEST: ("The request could not be read.", "bad_request"),
    status.HTTP_403_FORBIDDEN: ("You may not do that.", "permission_denied"),
    status.HTTP_404_NOT_FOUND: ("There is nothing at this address.", "not_found"),
    status.HTTP_405_METHOD_NOT_ALLOWED: ("This address does not take that method.",
                                         "method_not_allowed"),
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: ("The request body is too large.",
                                               "payload_too_large"),
    status.HTTP_500_INTERNAL_SERVER_ERROR: (
        "Something went wrong on our side; it has been logged.",
        "server_error",
    ),
}  # fmt: skip


class ApiProblemMiddleware:
    """Errors under /api/ that never reached a DRF view (an unknown URL, a request Django
    refused before routing, an unexpected 500) get the same problem body as the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith((PROBLEM_JSON, "application/json"))
        ):
            detail, code = GENERIC.get(
                response.status_code, (HTTPStatus(response.status_code).phrase, "error")
            )
            converted = problem_response(request, response.status_code, detail, code)
            for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
                if header in response:
                    converted[header] = response[header]
            return converted
        return response
