"""The four kinds of content a moderator acts on, looked up generically by kind + id.

URLs carry the kind as the model name (`page`, `challenge`, `solution`, `comment`), so one set
of views serves every app without importing its views.
"""

from __future__ import annotations

from django.apps import apps
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from core.models import Post

# kind -> (app label, model name, select_related for labels, links and authors)
KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "page": ("knowledge", "page", ("created_by",)),
    "challenge": ("discussions", "challenge", ("author",)),
    "solution": ("discussions", "solution", ("author", "challenge")),
    "comment": ("discussions", "comment", ("author", "challenge", "solution__challenge")),
}


def model_for(kind: str):
    try:
        app_label, model_name, _ = KINDS[kind]
    except KeyError:
        raise Http404("No such kind of content.") from None
    return apps.get_model(app_label, model_name)


def kind_of(target) -> str:
    return target._meta.model_name


def queryset_for(kind: str):
    model = model_for(kind)
    return model._default_manager.select_related(*KINDS[kind][2])


def get_target(kind: str, pk: int, *, user=None):
    """The item, or 404. With `user`, only what that user may see (hidden things 404)."""
    qs = queryset_for(kind)
    if user is not None:
        qs = qs.visible_to(user)
    try:
        return qs.get(pk=pk)
    except qs.model.DoesNotExist:
        raise Http404("No such item.") from None


def is_post(target) -> bool:
    return isinstance(target, Post)


def author_of(target):
    """Who wrote it: a post's author, a wiki page's creator."""
    if is_post(target):
        return target.author
    return getattr(target, "created_by", None)


def author_id_of(target):
    if is_post(target):
        return target.author_id
    return getattr(target, "created_by_id", None)


TITLE_CHARS = 60


def _title(obj) -> str:
    return f"“{Truncator(obj.title).chars(TITLE_CHARS)}”"


def describe(target) -> str:
    """A human label, e.g. 'Solution by bea to “Celery task retries…”'.

    'Wiki page “…”', 'Challenge “…” by bea', 'Solution by bea to “…”', 'Comment by bea on “…”'
    (the challenge it belongs to), 'Learner bea'. Needs the author and the challenge loaded
    (`queryset_for` selects them) to cost no query.
    """
    kind = kind_of(target)
    if kind == "page":
        return f"Wiki page {_title(target)}"
    if kind == "challenge":
        return f"Challenge {_title(target)} by {target.author.username}"
    if kind == "solution":
        return f"Solution by {target.author.username} to {_title(target.challenge)}"
    if kind == "comment":
        return f"Comment by {target.author.username} on {_title(target.parent_challenge)}"
    if kind == "user":
        return f"Learner {target.username}"
    return str(target)


def edit_url(target) -> str:
    """The item's own edit page if its app has one under the expected name, else its page."""
    kind = kind_of(target)
    candidates = {
        "page": ("knowledge:page_edit", [getattr(target, "slug", "")]),
        "challenge": ("discussions:challenge_edit", [target.pk]),
        "solution": ("discussions:solution_edit", [target.pk]),
        "comment": ("discussions:comment_edit", [target.pk]),
    }
    name, args = candidates[kind]
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return target.get_absolute_url()
