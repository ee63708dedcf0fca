"""What every API view shares: ETags and preconditions, running the site's forms, and the
OpenAPI description helpers (every operation gets examples and its error answers)."""

from __future__ import annotations

import hashlib
import json
import re

from django.utils.html import strip_tags
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.exceptions import PreconditionRequired

ETAG_RE = re.compile(r'^(?:W/)?"([^"]*)"$')
VERSION_RE = re.compile(r"^[rv](\d{1,10})-")


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = "The If-Match header names no version of this resource."
    default_code = "precondition_failed"


class ApiView(APIView):
    """Base for every endpoint (settings.REST_FRAMEWORK holds the defaults)."""

    def initial(self, request, *args, **kwargs):
        # PostgreSQL refuses a NUL character in a string parameter (a 500 if it got there).
        if any("\x00" in str(value) for value in kwargs.values()):
            raise exceptions.NotFound()
        for key, values in request.query_params.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise exceptions.ValidationError({key[:100]: ["NUL characters are not allowed."]})
        super().initial(request, *args, **kwargs)


def etag_for(prefix: str, data) -> str:
    """A strong ETag: the version a client edits from (`r7`: a page's revision, `v3`: a
    post's version), then a digest of the whole representation, so any change to what the
    client would see (counts, state, a new comment) gives a new tag."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
    return f'"{prefix}-{digest}"'


def _tags(header: str) -> list[str]:
    return [part.strip() for part in header.split(",") if part.strip()]


def conditional(request, data, etag: str, *, status_code=status.HTTP_200_OK) -> Response:
    """The response with its ETag, or a 304 when the client's If-None-Match has it."""
    wanted = request.headers.get("If-None-Match", "")
    if request.method in ("GET", "HEAD") and wanted:
        ours = ETAG_RE.match(etag).group(1)
        for tag in _tags(wanted):
            match = ETAG_RE.match(tag)
            if tag == "*" or (match and match.group(1) == ours):
                return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
    return Response(data, status=status_code, headers={"ETag": etag})


def base_version(request, field_value: int | None, current: int) -> int:
    """The version an edit started from: the If-Match ETag's, else the `base_revision`
    field. Neither is a 428: an edit must say what it is based on, or it could overwrite
    someone else's without anyone knowing."""
    header = request.headers.get("If-Match", "").strip()
    if header:
        if header == "*":
            return current
        for tag in _tags(header):
            match = ETAG_RE.match(tag)
            version = match and VERSION_RE.match(match.group(1))
            if version:
                return int(version.group(1))
        raise PreconditionFailed(
            "The If-Match header is not an ETag this API gave out: GET the resource again."
        )
    if field_value is None:
        raise PreconditionRequired()
    return field_value


def choice_param(request, name: str, choices) -> str:
    """A query parameter with a fixed set of values: anything else is a 400 (the HTML list
    ignores an unknown value; an API says so)."""
    value = request.query_params.get(name)
    if value is None:
        return ""
    if value not in choices:
        raise exceptions.ValidationError({name: [f"One of: {', '.join(choices)}."]})
    return value


def validated(serializer_class, request):
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def run_form(form) -> dict:
    """The site's own form, so a rule about content (length, empty body, title) is the same
    here as on the page; its errors as a 400 problem."""
    if form.is_valid():
        return form.cleaned_data
    errors = {
        field: [strip_tags(error["message"]) for error in field_errors]
        for field, field_errors in form.errors.get_json_data().items()
    }
    raise exceptions.ValidationError(errors)


# --- OpenAPI --------------------------------------------------------------------------------

PROBLEM_EXAMPLE = {
    "type": "about:blank",
    "title": "Not Found",
    "status": 404,
    "detail": "No Challenge matches the given query.",
    "code": "not_found",
    "instance": "/api/v1/challenges/999/",
}


def ex(name: str, value, *, request: bool = False, status_code: int | None = None):
    return OpenApiExample(
        name,
        value=value,
        request_only=request,
        response_only=not request,
        status_codes=[str(status_code)] if status_code else None,
    )


def doc(*, summary: str, responses, examples=(), request=None, parameters=(), tags=None, **kw):
    """extend_schema with the house defaults."""
    return extend_schema(
        summary=summary,
        request=request,
        responses=responses,
        examples=list(examples),
        parameters=list(parameters),
        tags=tags,
        **kw,
    )


NO_CONTENT = OpenApiResponse(description="Done; nothing to return.")
