"""Background work: notification fan-out and email. Enqueued with django.tasks, always from
`transaction.on_commit`, so a worker never looks for rows that are not committed yet."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from notifications import emails, registry
from notifications.models import EmailState, Notification


@task()
def fan_out(event: str, object_id: int, actor_id: int | None = None) -> int:
    """Create the notifications one event causes; returns how many were made."""
    from notifications.services import notifications_create  # services queues these tasks

    actor, recipients = registry.recipients_for(event, object_id, actor_id)
    return len(notifications_create(recipients=recipients, actor_id=actor))


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One email per notification for learners who chose immediate email; returns how many
    were claimed for sending.

    Each one is claimed (marked sent) first, so a retried task never sends the same email twice,
    and its email goes once the claim commits: a claim rolled back sends nothing.
    """
    claimed = 0
    with transaction.atomic():
        pending = (
            Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING)
            .select_related("recipient__profile")
            .order_by("pk")
        )
        for notification in pending:
            if Notification.objects.filter(
                pk=notification.pk, email_state=EmailState.PENDING
            ).update(email_state=EmailState.SENT, emailed_at=timezone.now()):
                claimed += 1
                transaction.on_commit(partial(emails.send_notification_email, notification))
    return claimed
