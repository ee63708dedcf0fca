"""Pages that start from something else: the editor's "prefill sources".

An app above the wiki registers a source under a query parameter in its AppConfig.ready()
(discussions: `from_challenge`, an accepted solution becoming a page). Then
`/wiki/new/?<param>=<id>` starts a new page from the draft the source gives, and
`/wiki/<slug>/edit/?<param>=<id>` appends it to a page; the editor carries the parameter in a
hidden field and, once the page is saved, calls the source's `link` with the page.
The wiki never names what the sources are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import Http404


@dataclass
class Draft:
    """What the editor starts from, and where it came from (for the notice above it)."""

    title: str
    body: str
    summary: str
    source_id: int
    source_label: str  # "the accepted solution of"
    source_title: str  # "challenge #12"
    source_url: str
    topic_ids: list[int] = field(default_factory=list)
    param: str = ""  # set by `draft_for`: the form field that carries `source_id`


@dataclass(frozen=True)
class Source:
    # (source id, user, appending=bool) -> Draft; raises Http404 / PermissionDenied
    draft: Callable[..., Draft]
    # (source id, page=, user=) once the page is saved
    link: Callable[..., object]


_sources: dict[str, Source] = {}


def register(param: str, *, draft: Callable[..., Draft], link: Callable[..., object]) -> None:
    _sources[param] = Source(draft=draft, link=link)


def params() -> list[str]:
    return list(_sources)


def _source_id(raw) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        number = 0
    if not 0 < number < 2**31:
        raise Http404("No such source for a page.")
    return number


def draft_for(request, *, appending: bool = False) -> Draft | None:
    """The draft the request's URL (or form) asks for, or None when it asks for none."""
    for param, source in _sources.items():
        raw = request.GET.get(param) or request.POST.get(param)
        if raw:
            draft = source.draft(_source_id(raw), request.user, appending=appending)
            draft.param = param
            return draft
    return None


def link(cleaned_data: dict, *, page, user) -> None:
    """Tell the source the page was saved (the form's cleaned data carries its id)."""
    for param, source in _sources.items():
        source_id = cleaned_data.get(param)
        if source_id:
            source.link(source_id, page=page, user=user)
