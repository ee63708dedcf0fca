import re

from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from core import registry
from core.pagination import page_of
from knowledge.models import Topic
from search import services
from search.backends import RANK_CAP
from search.query import MAX_QUERY_CHARS

SLUG_RE = re.compile(r"^[-\w]{1,60}$", re.ASCII)
SUGGESTIONS = 5


def _param(request, name: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    # Django has already decoded the query string (invalid UTF-8 became U+FFFD); NUL bytes
    # are the one thing a database refuses in a string parameter, so they go here.
    return request.GET.get(name, "").replace("\x00", "")[:max_chars].strip()


def _query(request) -> tuple[str, bool]:
    """The query, cut to MAX_QUERY_CHARS at a word boundary, and whether it was cut (the page
    says so rather than searching for half a word)."""
    raw = request.GET.get("q", "").replace("\x00", "").strip()
    if len(raw) <= MAX_QUERY_CHARS:
        return raw, False
    cut = raw[: MAX_QUERY_CHARS + 1]
    head, space, _ = cut.rpartition(" ")
    return (head if space and head.strip() else cut[:MAX_QUERY_CHARS]).strip(), True


@require_GET
def search(request):
    q, query_cut = _query(request)
    kind = _param(request, "kind")
    kinds = [(k.name, k.label) for k in registry.indexed()]
    kind = kind if kind in dict(kinds) else ""
    topic_slug = _param(request, "topic", 60)
    topics = list(Topic.objects.only("name", "slug"))
    topic = next((t for t in topics if t.slug == topic_slug), None) if topic_slug else None

    page_obj = None
    query_is_empty = capped = False
    if q:
        results = services.search_documents(
            q=q, user=request.user, kind=kind or None, topic_id=topic.pk if topic else None
        )
        query_is_empty = not results.query
        page_obj = page_of(request, results)
        capped = results.capped
    return render(
        request,
        "search/search.html",
        {
            "q": q,
            "kind": kind,
            "kinds": kinds,
            "topic": topic,
            "topics": topics,
            "page_obj": page_obj,
            "query_is_empty": query_is_empty,
            "query_cut": query_cut,
            "max_query_chars": MAX_QUERY_CHARS,
            "results_capped": capped,
            "rank_cap": intcomma(RANK_CAP),
            "is_moderator": services.visibilities_for(request.user) is None,
        },
    )


@require_GET
@vary_on_headers("HX-Request")
def suggest(request):
    """Search as you type: the header box's listbox options. Without htmx, the full page."""
    q = _param(request, "q")
    if not request.htmx:
        return redirect(f"{reverse('search:search')}?{urlencode({'q': q})}")
    hits = services.search_suggestions(q=q, user=request.user, limit=SUGGESTIONS) if q else []
    return render(
        request,
        "search/_suggestions.html",
        {"q": q, "hits": hits, "all_url": f"{reverse('search:search')}?{urlencode({'q': q})}"},
    )


@require_GET
@vary_on_headers("HX-Request")
def similar(request):
    """Before you ask: challenges and wiki pages like a title being typed (?title=), or like
    a challenge (?challenge=<id>, its page's Related section). htmx gets the fragment; a plain
    request (JavaScript off, or the link in the Related section) gets a whole page."""
    challenge = None
    challenge_id = _param(request, "challenge", 20)
    if challenge_id:
        if not challenge_id.isascii() or not challenge_id.isdigit():
            raise Http404("No such challenge.")
        challenges = registry.get(services.Kind.CHALLENGE).model._default_manager
        challenge = get_object_or_404(
            challenges.visible_to(request.user).only("title"), pk=int(challenge_id)
        )
        title = challenge.title
        similar = services.similar_to_challenge(challenge)
    else:
        title = _param(request, "title", 200)
        similar = services.similar_to_text(title) if title else services.Similar([], [])
    context = {
        "similar": similar,
        "title": title,
        "challenge": challenge,
        "challenge_page": challenge is not None,
    }
    template = "search/_similar.html" if request.htmx else "search/similar.html"
    return render(request, template, context)
