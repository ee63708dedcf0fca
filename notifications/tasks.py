"""Background work: notification fan-out and email. Enqueued with django.tasks."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from notifications import emails
from notifications.models import EmailState, Notification


@task()
def fan_out(event: str, object_id: int, actor_id: int | None = None) -> int:
    """Create the notifications one event causes; returns how many were made."""
    from notifications.fanout import recipients_for
    from notifications.services import notifications_create

    actor, recipients = recipients_for(event, object_id, actor_id)
    return len(notifications_create(recipients=recipients, actor_id=actor))


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """One email per notification for learners who chose immediate email."""
    pending = (
        Notification.objects.filter(pk__in=notification_ids, email_state=EmailState.PENDING)
        .select_related("recipient__profile")
        .order_by("pk")
    )
    sent = 0
    for notification in pending:
        # Claim it first so a retried task never sends the same email twice.
        claimed = Notification.objects.filter(
            pk=notification.pk, email_state=EmailState.PENDING
        ).update(email_state=EmailState.SENT, emailed_at=timezone.now())
        if claimed and emails.send_notification_email(notification):
            sent += 1
    return sent
