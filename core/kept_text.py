"""Text a learner typed into a form that could not be accepted is never lost.

Two ways a form can fail before any view sees it: the learner was logged out meanwhile (in
another tab, or the session ran out) and is sent to log in, or the page's CSRF token went
stale (they logged in or out elsewhere). In both cases the typed text comes back:

- logged out: the text is kept in the session (login keeps the session's data) and shown on
  the first page after logging in, which is where `next` leads: the form. The wiki's editor
  goes further and puts it back in the form, with the revision the edit started from, so
  Save merges it as if nothing had happened (`take`);
- stale token: the refusal page shows it at once (`core.views.csrf_failure`).

Only the text fields of the site's forms are kept, never passwords or ids.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render, resolve_url
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme

SESSION_KEY = "nexus_kept_text"
# The forms' text fields (PRODUCT.md's field names), in the order they are shown.
KEPT_FIELDS = {
    "title": "Title",
    "body": "Text",
    "summary": "Edit summary",
    "reason": "Reason",
    "note": "Note",
}
# Kept but not shown: what a form needs to be filled in again exactly (the wiki's merge).
KEPT_HIDDEN = ("base_revision", "category")
MAX_CHARS = 300_000  # a page body may be 200 KB; anything bigger was not going to save anyway
# Kept text is for the learner who just typed it, not for whoever logs in on that browser
# next week.
KEEP_SECONDS = 2 * 60 * 60


@dataclass(frozen=True)
class TypedField:
    name: str
    label: str
    value: str


def is_same_origin(request) -> bool:
    """Whether the browser says the form was sent from a page of this site.

    Another site can make a learner's browser POST any text here; showing it back (or keeping
    it for after log-in) would put that site's words on this site's pages. Browsers say where a
    request comes from: Sec-Fetch-Site (current ones), Origin (every POST in current ones),
    Referer (older ones; Referrer-Policy is same-origin). A request with none of the three is
    no browser's cross-site form (every current browser sends Origin with one): a script or a
    test client, which can only show itself its own text.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    here = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin == here
    referer = request.headers.get("Referer")
    if referer is None:
        return True
    # A page of this site (a bare path too: no browser sends one, so no other site can).
    return url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def typed_text(request) -> list[TypedField]:
    """The text fields the request carries, non-empty, in display order (only from a form on
    this site: `is_same_origin`)."""
    if request.method != "POST" or not is_same_origin(request):
        return []
    try:
        data = request.POST
    except (RequestDataTooBig, TooManyFieldsSent, UnreadablePostError, MultiPartParserError):
        return []  # a body Django will not read keeps nothing
    fields = []
    for name, label in KEPT_FIELDS.items():
        value = data.get(name, "")
        if value.strip() and len(value) <= MAX_CHARS:
            fields.append(TypedField(name, label, value))
    return fields


def is_login_redirect(response) -> bool:
    if response.status_code != 302:
        return False
    login_url = resolve_url(settings.LOGIN_URL)
    return response.get("Location", "").split("?")[0] == login_url


def returns_to_this_url(request, response) -> bool:
    """Whether a log-in redirect leads back to the URL this request was sent to."""
    query = parse_qs(urlsplit(response["Location"]).query)
    return query.get(REDIRECT_FIELD_NAME, [None])[0] in {request.path, request.get_full_path()}


def form_page(request) -> str | None:
    """The page the form was sent from (its Referer, on this site), as a path: where to come
    back to after logging in. The URL a form posts to may answer POST only."""
    referer = request.headers.get("Referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "") or None


def keep(request, fields: list[TypedField]) -> None:
    request.session[SESSION_KEY] = {
        "path": request.path,
        "fields": [[f.name, f.label, f.value] for f in fields],
        "hidden": {name: request.POST[name] for name in KEPT_HIDDEN if name in request.POST},
        "until": time.time() + KEEP_SECONDS,
    }


def _kept(request) -> dict | None:
    """What is kept, if anything and not stale (stale text is dropped)."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session:
        return None
    kept = session[SESSION_KEY]
    if kept.get("until", 0) < time.time():
        del session[SESSION_KEY]
        return None
    return kept


def kept_path(request) -> str | None:
    """The URL the kept form was sent to, if something is kept and its owner is logged in."""
    kept = _kept(request) if request.user.is_authenticated else None
    return kept.get("path") if kept else None


def take(request, path: str) -> dict[str, str] | None:
    """The kept form values for the form at `path` (once), for a view that can put them back."""
    kept = _kept(request) if request.user.is_authenticated else None
    if not kept or kept.get("path") != path:
        return None
    del request.session[SESSION_KEY]
    return {**kept.get("hidden", {}), **{name: value for name, _, value in kept["fields"]}}


def refusal_page(request, template: str, context: dict, *, status: int):
    """A page refusing a form, with the text the learner typed on it (`fields`).

    htmx swaps no 4xx answer, so an htmx form would fail silently: it gets the page as a 200
    that replaces the whole page, not the fragment the form aimed at.
    """
    context = {**context, "fields": typed_text(request)}
    if getattr(request, "htmx", False):
        response = render(request, template, context)
        response["HX-Retarget"] = "body"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, template, context, status=status)


class Kept:
    """What the templates see: `kept_text.waiting` (something is kept for after log-in) and
    `kept_text.fields` (shown, and so forgotten, once the learner is logged in again)."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def waiting(self) -> bool:
        return _kept(self.request) is not None

    @cached_property
    def fields(self) -> list[TypedField]:
        if not (self.waiting and self.request.user.is_authenticated):
            return []
        kept = self.request.session.pop(SESSION_KEY)
        return [TypedField(*field) for field in kept.get("fields", [])]
