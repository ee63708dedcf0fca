"""Announcements of what happened to public content, for whoever listens from a layer above.

Content services cannot import the apps that react to them (webhooks sits above them), so those
apps subscribe here from their `AppConfig.ready()`:

    events.subscribe("challenge.created", on_event)   # on_event(name, **data)

and the services (through notifications.services' after-commit points) call

    events.emit("challenge.created", object_id=challenge.pk)

Nothing is called before the caller's transaction commits: a rolled-back post announces
nothing, and a listener that fails is logged without stopping the others (robust on_commit).
An event is emitted only once its content is public (a held post when it is approved).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import transaction

CHALLENGE_CREATED = "challenge.created"
SOLUTION_ACCEPTED = "solution.accepted"
PAGE_CHANGED = "page.changed"
COMMENT_CREATED = "comment.created"
NAMES = (CHALLENGE_CREATED, SOLUTION_ACCEPTED, PAGE_CHANGED, COMMENT_CREATED)

Listener = Callable[..., None]  # (name, **data)

_listeners: dict[str, list[Listener]] = {}


def subscribe(name: str, fn: Listener) -> None:
    """Call `fn(name, **data)` after the commit of every transaction that emits `name`."""
    if name not in NAMES:
        raise ValueError(f"No event called {name!r}.")
    listeners = _listeners.setdefault(name, [])
    if fn not in listeners:  # ready() may run twice (tests)
        listeners.append(fn)


def unsubscribe(name: str, fn: Listener) -> None:
    if fn in _listeners.get(name, []):
        _listeners[name].remove(fn)


def emit(name: str, **data) -> None:
    """Call every listener of `name` once the current transaction commits (at once outside one)."""
    if name not in NAMES:
        raise ValueError(f"No event called {name!r}.")
    for fn in _listeners.get(name, ()):
        transaction.on_commit(partial(fn, name, **data), robust=True)
