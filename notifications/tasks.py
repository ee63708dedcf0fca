"""Background work: notification fan-out and email. Enqueued with django.tasks, always from
`transaction.on_commit`, so a worker never looks for rows that are not committed yet."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from notifications import delivery, registry


@task()
def fan_out(event: str, object_id: int, actor_id: int | None = None) -> int:
    """Create the notifications one event causes; returns how many were made."""
    from notifications.services import notifications_create  # services queues these tasks

    actor, recipients = registry.recipients_for(event, object_id, actor_id)
    return len(notifications_create(recipients=recipients, actor_id=actor))


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One email per notification for learners who chose immediate email; returns how many
    were sent.

    Claim, send, then mark sent (notifications.delivery): a retried task sends nothing twice,
    a failed email goes back to pending without stopping the others, and those left pending
    are tried again RETRY_AFTER later when the task backend can run work later (the database
    backend can); `manage.py send_digests` retries whatever is still left.
    """
    sent, waiting = delivery.send_immediate(notification_ids)
    if waiting and send_notification_emails.get_backend().supports_defer:
        send_notification_emails.using(run_after=timezone.now() + delivery.RETRY_AFTER).enqueue(
            notification_ids
        )
    return sent
