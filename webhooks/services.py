"""Every write to webhooks and their deliveries, and the chain an event follows:

content service → notifications.services (after commit) → core.events.emit → `on_event` here
(one query: does any active hook want it?) → the `announce` task (describes the public content,
makes one Delivery per matching hook) → one `deliver` task per delivery → `delivery_attempt`:
claim it, check the content is still public and the URL still allowed, POST it signed, record
the answer, and on failure schedule the next try (BACKOFF) or give up; a hook whose attempts
fail MAX_CONSECUTIVE_FAILURES times in a row is disabled, with the reason shown to moderators.
"""

from __future__ import annotations

import logging
import time
import uuid
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from webhooks import announcements, formats, outgoing, signing
from webhooks.models import ERROR_CHARS, EXCERPT_CHARS, PING, Delivery, Hook, new_secret
from webhooks.tasks import announce, deliver

logger = logging.getLogger("nexus.webhooks")

# Waits before the 2nd, 3rd… attempt: six attempts over about 15 hours, then it has failed.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
MAX_CONSECUTIVE_FAILURES = 10
# A delivery left "sending" this long (its worker died mid-attempt) is tried again.
STUCK_AFTER = timedelta(minutes=10)
# A retry task may start a little before its time (clocks differ between machines).
EARLY = timedelta(seconds=5)
KEEP_DELIVERIES = timedelta(days=30)


# --- hooks (moderators' pages) ---------------------------------------------------------------


@transaction.atomic
def hook_create(*, created_by, name: str, url: str, events: list, topics=(), format: str) -> Hook:
    hook = Hook.objects.create(
        created_by=created_by, name=name, url=url, events=list(events), format=format
    )
    hook.topics.set(topics)
    return hook


@transaction.atomic
def hook_update(*, hook: Hook, name: str, url: str, events: list, topics=(), format: str) -> Hook:
    hook.name, hook.url, hook.events, hook.format = name, url, list(events), format
    hook.save(update_fields=["name", "url", "events", "format", "updated_at"])
    hook.topics.set(topics)
    return hook


def hook_rotate_secret(*, hook: Hook) -> Hook:
    """The old secret stops working at once: deliveries from now on are signed with the new one."""
    hook.secret = new_secret()
    hook.save(update_fields=["secret", "updated_at"])
    return hook


def hook_enable(*, hook: Hook) -> Hook:
    hook.is_active = True
    hook.consecutive_failures = 0
    hook.disabled_at = None
    hook.disabled_reason = ""
    hook.save(
        update_fields=[
            "is_active", "consecutive_failures", "disabled_at", "disabled_reason", "updated_at"
        ]
    )  # fmt: skip
    return hook


def hook_disable(*, hook: Hook, reason: str) -> Hook:
    hook.is_active = False
    hook.disabled_at = timezone.now()
    hook.disabled_reason = reason[:700]
    hook.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    return hook


def hook_delete(*, hook: Hook) -> None:
    hook.delete()  # its deliveries go with it


@transaction.atomic
def hook_ping(*, hook: Hook) -> Delivery:
    """A test event, sent once (no retries, and it counts for nothing towards disabling), even
    to a disabled hook: a moderator checks the URL before turning it back on."""
    delivery_id = uuid.uuid4()
    now = timezone.now()
    delivery = Delivery.objects.create(
        uuid=delivery_id,
        hook=hook,
        event=PING,
        payload=formats.ping_payload(hook, delivery_id=str(delivery_id), created_at=now),
        next_attempt_at=now,
    )
    transaction.on_commit(partial(deliver.enqueue, delivery.pk))
    return delivery


# --- events ----------------------------------------------------------------------------------


def on_event(name: str, *, object_id: int) -> None:
    """core.events calls this after the content's transaction committed. Queues the announcement
    only when some active hook wants this event (the request pays one small query)."""
    wanted = Hook.objects.active().values_list("events", flat=True)
    if any(name in hook_events for hook_events in wanted):
        transaction.on_commit(partial(announce.enqueue, name, object_id))


def _matches(hook: Hook, announcement: announcements.Announcement) -> bool:
    topic_ids = {t.pk for t in hook.topics.all()}
    return not topic_ids or bool(topic_ids & announcement.topic_ids)


@transaction.atomic
def deliveries_create(*, event: str, object_id: int) -> list[Delivery]:
    """One delivery per active hook that wants `event` (and, with a topic filter, one of the
    content's topics); nothing when the content is not public."""
    announcement = announcements.describe(event, object_id)
    if announcement is None:
        return []
    hooks = [
        hook
        for hook in Hook.objects.active().prefetch_related("topics")
        if hook.wants(event) and _matches(hook, announcement)
    ]
    now = timezone.now()
    rows = []
    for hook in hooks:
        delivery_id = uuid.uuid4()
        rows.append(
            Delivery(
                uuid=delivery_id,
                hook=hook,
                event=event,
                object_id=object_id,
                payload=formats.payload(
                    hook.format, announcement, delivery_id=str(delivery_id), created_at=now
                ),
                next_attempt_at=now,
            )
        )
    created = Delivery.objects.bulk_create(rows)
    for delivery in created:
        transaction.on_commit(partial(deliver.enqueue, delivery.pk))
    return created


# --- one attempt -----------------------------------------------------------------------------


def _claim(delivery_id: int, now: datetime) -> bool:
    """Only one worker sends a delivery, and only when it is due."""
    return bool(
        Delivery.objects.filter(
            pk=delivery_id, status=Delivery.Status.PENDING, next_attempt_at__lte=now + EARLY
        ).update(
            status=Delivery.Status.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
        )
    )


def _headers(delivery: Delivery, body: bytes) -> dict[str, str]:
    timestamp = int(time.time())
    return {
        "X-Nexus-Event": delivery.event,
        "X-Nexus-Delivery": str(delivery.uuid),
        "X-Nexus-Signature": signing.signature_header(delivery.hook.secret, timestamp, body),
    }


def delivery_attempt(delivery_id: int, *, now: datetime | None = None) -> Delivery | None:
    """Send a due delivery once; None when it was not due or another worker has it.

    No transaction is held open while the request is in flight.
    """
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return None
    delivery = Delivery.objects.select_related("hook").filter(pk=delivery_id).first()
    if delivery is None:  # its hook was deleted in between
        return None
    hook = delivery.hook
    if not delivery.is_ping:
        if not hook.is_active:
            return _finish(delivery, Delivery.Status.SKIPPED, error="The webhook was disabled.")
        if not announcements.is_public(delivery.event, delivery.object_id):
            return _finish(
                delivery,
                Delivery.Status.SKIPPED,
                error="Not sent: the content is no longer public.",
            )
    body = signing.body_bytes(delivery.payload)
    try:
        answer = outgoing.post(
            hook.url, body, _headers(delivery, body), excerpt_chars=EXCERPT_CHARS
        )
    except outgoing.Refused as refusal:
        return _failed(delivery, now, error=f"Refused: {refusal}")
    except outgoing.SendError as error:
        return _failed(delivery, now, error=str(error), duration_ms=error.duration_ms)
    if answer.ok:
        if not delivery.is_ping:
            Hook.objects.filter(pk=hook.pk).update(consecutive_failures=0)
        return _finish(
            delivery,
            Delivery.Status.DELIVERED,
            response_status=answer.status,
            duration_ms=answer.duration_ms,
            response_excerpt=answer.excerpt,
        )
    if 300 <= answer.status < 400:
        error = f"Redirect not followed (HTTP {answer.status} to {answer.location or '?'})."
    else:
        error = f"HTTP {answer.status}."
    return _failed(
        delivery,
        now,
        error=error,
        response_status=answer.status,
        duration_ms=answer.duration_ms,
        response_excerpt=answer.excerpt,
    )


def _finish(delivery: Delivery, status: str, **fields) -> Delivery:
    fields.setdefault("error", "")
    fields["error"] = fields["error"][:ERROR_CHARS]
    fields.setdefault("response_status", None)
    fields.setdefault("duration_ms", None)
    fields.setdefault("response_excerpt", "")
    if status != Delivery.Status.PENDING:
        fields.setdefault("next_attempt_at", None)
    for name, value in {"status": status, **fields}.items():
        setattr(delivery, name, value)
    Delivery.objects.filter(pk=delivery.pk).update(status=status, **fields)
    return delivery


def _failed(delivery: Delivery, now: datetime, **fields) -> Delivery:
    if delivery.is_ping or delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, Delivery.Status.FAILED, **fields)
    else:
        retry_at = now + BACKOFF[delivery.attempts - 1]
        _finish(delivery, Delivery.Status.PENDING, next_attempt_at=retry_at, **fields)
        _schedule(delivery.pk, retry_at)
    if not delivery.is_ping:
        _count_failure(delivery.hook, error=fields.get("error", ""))
    return delivery


def _schedule(delivery_id: int, when: datetime) -> None:
    """A task backend that can run work later (the database one) gets the retry now; without
    one, `manage.py send_webhooks` sends what is due."""
    if deliver.get_backend().supports_defer:
        deliver.using(run_after=when).enqueue(delivery_id)


def _count_failure(hook: Hook, *, error: str) -> None:
    Hook.objects.filter(pk=hook.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    failures = Hook.objects.filter(pk=hook.pk).values_list("consecutive_failures", flat=True)
    count = next(iter(failures), 0)
    if count >= MAX_CONSECUTIVE_FAILURES:
        reason = (
            f"Turned off automatically after {count} failed attempts in a row. "
            f"The last one: {error}"
        )[:700]
        disabled = Hook.objects.filter(pk=hook.pk, is_active=True).update(
            is_active=False, disabled_at=timezone.now(), disabled_reason=reason
        )
        if disabled:
            logger.warning("webhook %s disabled: %s", hook.pk, reason)


# --- the sweeper (manage.py send_webhooks) ---------------------------------------------------


def deliveries_send_due(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send what is due (retries a backend could not defer, deliveries whose worker died);
    forget deliveries older than KEEP_DELIVERIES. Returns how many were attempted."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=Delivery.Status.SENDING, last_attempt_at__lt=now - STUCK_AFTER
    ).update(status=Delivery.Status.PENDING, next_attempt_at=now)
    Delivery.objects.filter(created_at__lt=now - KEEP_DELIVERIES).exclude(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).delete()
    due = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for pk in list(due) if delivery_attempt(pk, now=now) is not None)
