"""NUL characters stop at the door.

PostgreSQL cannot store or even compare a string holding NUL (U+0000): a query parameter,
a form field or a URL segment with `%00` reached the database as a 500 (`?author=a%00b`,
`/u/a%00b/`). No text a person means to send holds NUL, so it is dropped from query
parameters and form fields before any view sees them, and a URL with it is not found (404).
"""

from __future__ import annotations

from django.http import Http404, QueryDict

NUL = "\x00"
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _without_nul(query: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        clean.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
    clean._mutable = False
    return clean


def _holds_nul(query: QueryDict) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())


class DropNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            raise Http404("No such page.")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or NUL in query:
            request.GET = _without_nul(request.GET)
        # Forms only (CsrfViewMiddleware has read request.POST already, so this reads nothing
        # more); a JSON or other body is its view's to check.
        if (
            request.method == "POST"
            and request.content_type in FORM_TYPES
            and _holds_nul(request.POST)
        ):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)
