"""Who hears about what: each content app registers one resolver per event it publishes.

Notifications sits below the content apps, so it never names their models. An app that calls
`notifications.services.publish("solution", solution.pk)` registers, in its `AppConfig.ready()`,
the function that turns that id into recipients:

    registry.register("solution", notices.solution_posted)

A resolver takes `(object_id, actor_id)` and returns `(actor_id, [Recipient, ...])`: who acted
(never notified of their own act) and the recipients in priority order (the first entry for a
user wins). It runs in the background task, so it may query as much as it needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifications.services import Recipient

Resolver = Callable[[int, "int | None"], "tuple[int | None, list[Recipient]]"]

_resolvers: dict[str, Resolver] = {}


def register(event: str, resolver: Resolver) -> None:
    """Make `resolver` answer for `event`; one resolver per event (a clash is a bug)."""
    known = _resolvers.get(event)
    if known is not None and known is not resolver:
        raise ValueError(f"The notification event {event!r} already has a resolver: {known!r}.")
    _resolvers[event] = resolver


def recipients_for(event: str, object_id: int, actor_id: int | None = None):
    """(actor id, recipients) for one event; an unknown event or id gives nobody."""
    resolver = _resolvers.get(event)
    if resolver is None:
        return None, []
    return resolver(object_id, actor_id)
