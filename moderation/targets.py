"""The content a moderator acts on, looked up by kind + id through the content registry.

URLs carry the kind's name (`page`, `challenge`, `solution`, `comment`: see core/registry.py),
so one set of views serves every app without importing its models.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import User
from core import registry
from core.models import Post


def kind_for(kind: str) -> registry.ContentKind:
    try:
        return registry.get(kind)
    except LookupError:
        raise Http404("No such kind of content.") from None


def model_for(kind: str):
    return kind_for(kind).model


def kind_of(target) -> str:
    return target._meta.model_name


def queryset_for(kind: str):
    content = kind_for(kind)
    return content.model._default_manager.select_related(*content.select_related)


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
    content = registry.kind_of(target)
    return content.author(target) if content is not None else None


def author_id_of(target):
    content = registry.kind_of(target)
    return content.author_id(target) if content is not None else None


def describe(target) -> str:
    """A human label, e.g. 'Solution by bea to “Celery task retries…”' or 'Learner bea'.

    Needs what the kind's `select_related` names loaded (`queryset_for` does) to cost no query.
    """
    content = registry.kind_of(target)
    if content is not None:
        return content.describe(target)
    if isinstance(target, User):
        return f"Learner {target.username}"
    return str(target)


def edit_url(target) -> str:
    return registry.kind_of(target).edit_url(target)
