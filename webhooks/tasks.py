"""Background work: announcing an event to the hooks that want it, and each delivery attempt.
Both are enqueued from `transaction.on_commit` only."""

from __future__ import annotations

from django.tasks import task


@task()
def announce(event: str, object_id: int) -> int:
    """Make the deliveries one event causes; returns how many."""
    from webhooks.services import deliveries_create  # services enqueues these tasks

    return len(deliveries_create(event=event, object_id=object_id))


@task()
def deliver(delivery_id: int) -> str:
    """One attempt at one delivery; returns its status afterwards."""
    from webhooks.services import delivery_attempt

    delivery = delivery_attempt(delivery_id)
    return delivery.status if delivery else "not due"
