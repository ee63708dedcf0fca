"""The request's own parameters made safe at the door, before any view or query sees them.

PostgreSQL cannot store or even compare text holding a NUL byte: a `?author=` or `/u/<name>/`
with `%00` in it raised a DataError deep in a query, a 500 (SQLite took it). Rather than every
view remembering, this middleware:

- answers 404 for an address whose path holds a NUL (no slug, username or token has one);
- removes control characters (core.text) from the query string's names and values, so
  `?author=ada%00` filters by "ada" and nothing echoes a control character back.

- drops NUL from the form fields of the site's own (CSRF-checked) views, so a refused form
  never echoes one back; the site's forms strip the other control characters (core.forms).
  CSRF-exempt views (the API) get their body unread: their parsers judge it whole.
"""

from __future__ import annotations

from django.http import Http404, QueryDict

from core.text import CONTROL_CHARACTERS, strip_control_characters


class CleanParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_control(request.GET):
            request.GET = _cleaned(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Here rather than above: the 404 page needs what the later middleware adds (the user).
        if "\x00" in request.path_info:
            raise Http404("No such page.")
        # CsrfViewMiddleware reads request.POST of these views anyway; an exempt view's body
        # stays unread (DRF answers a form body with 415, as it should).
        if (
            request.method == "POST"
            and not getattr(view_func, "csrf_exempt", False)
            and request.content_type in FORM_TYPES
            and _holds_nul(request.POST)
        ):
            request.POST = _without_nul(request.POST)


FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _holds_nul(query: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in query.lists())


def _without_nul(query: QueryDict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        clean.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    clean._mutable = False
    return clean


def _has_control(query: QueryDict) -> bool:
    return any(
        CONTROL_CHARACTERS.search(key) or any(CONTROL_CHARACTERS.search(v) for v in values)
        for key, values in query.lists()
    )


def _cleaned(query: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(
            strip_control_characters(key), [strip_control_characters(v) for v in values]
        )
    cleaned._mutable = False
    return cleaned
