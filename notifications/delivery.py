"""Sending notification emails so that none is lost and, normally, none goes twice.

Each notification waiting for email is claimed first (pending -> sending, with the time and one
more attempt, in a committed UPDATE that only one sender can win), then sent, then marked sent.
- A send that raises goes back to pending and is retried later (the task re-queues itself when
  its backend can run work later, and `manage.py send_digests` retries what is left), until
  MAX_ATTEMPTS; one that can never go (a malformed address or header) is marked failed at once.
  Either way the other emails of the batch still go.
- A sender that dies between claim and mark (a worker killed mid-batch) leaves its claims in
  "sending"; after STALE_CLAIM they count as pending again. The email it was sending at that
  moment may then go twice: at least once beats never.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import EmailPreference
from notifications import emails
from notifications.models import EmailState, Notification

log = logging.getLogger("nexus.email")

MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=5)
# Far longer than a batch takes; a claim this old was left by a sender that died.
STALE_CLAIM = timedelta(minutes=15)
# Errors that sending again cannot fix: the message itself is bad.
PERMANENT_ERRORS = (ValueError, UnicodeError)


def claimable(now=None) -> Q:
    now = now or timezone.now()
    return Q(email_state=EmailState.PENDING) | Q(
        email_state=EmailState.SENDING, email_claimed_at__lt=now - STALE_CLAIM
    )


def claim(ids: Iterable[int]) -> list[int]:
    """Claim what is still claimable among `ids`; returns the ids this caller won.

    One conditional UPDATE per row, committed at once (call it outside a transaction): of two
    senders claiming the same row, PostgreSQL re-checks the WHERE after the first commits, so
    only one wins.
    """
    now = timezone.now()
    won = []
    for pk in ids:
        if Notification.objects.filter(claimable(now), pk=pk).update(
            email_state=EmailState.SENDING,
            email_claimed_at=now,
            email_attempts=F("email_attempts") + 1,
        ):
            won.append(pk)
    return won


def mark_sent(ids: Iterable[int]) -> None:
    Notification.objects.filter(pk__in=list(ids), email_state=EmailState.SENDING).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )


def release(ids: Iterable[int], exc: Exception) -> str:
    """A send failed: back to pending for a retry, or failed for good. Returns the new state."""
    ids = list(ids)
    permanent = isinstance(exc, PERMANENT_ERRORS)
    rows = Notification.objects.filter(pk__in=ids, email_state=EmailState.SENDING)
    rows.filter(Q(email_attempts__gte=MAX_ATTEMPTS) if not permanent else Q()).update(
        email_state=EmailState.FAILED
    )
    rows.update(email_state=EmailState.PENDING)
    state = Notification.objects.filter(pk=ids[0]).values_list("email_state", flat=True).first()
    log.warning(
        "notification email not sent (%s): %s",
        state,
        exc,
        extra={"notifications": ids, "error": type(exc).__name__},
    )
    return state or EmailState.FAILED


def send_claimed(ids: list[int], send: Callable[[list[Notification]], object], done: list) -> None:
    """Send what `ids` hold (already claimed) with `send(rows)`, then mark them; appends True
    (sent) or False to `done`.

    After the claim commits (at once when no transaction is open): a claim that is rolled back
    sends nothing.
    """
    transaction.on_commit(partial(_send_and_mark, ids, send, done))


def _send_and_mark(ids: list[int], send, done: list) -> None:
    rows = list(
        Notification.objects.filter(pk__in=ids).select_related("recipient__profile").order_by("pk")
    )
    try:
        send(rows)
    except Exception as exc:  # a bad message or a mail server error: never the whole batch
        release(ids, exc)
        done.append(False)
        return
    mark_sent(ids)
    done.append(True)


def send_immediate(ids: Iterable[int]) -> tuple[int, int]:
    """One email per notification; returns (sent, left pending for a retry)."""
    ids = list(ids)
    done: list[bool] = []
    for pk in claim(ids):
        send_claimed([pk], lambda rows: emails.send_notification_email(rows[0]), done)
    sent = done.count(True)
    waiting = Notification.objects.filter(pk__in=list(ids), email_state=EmailState.PENDING).count()
    return sent, waiting


def retry_immediate() -> tuple[int, int]:
    """Immediate emails left behind (a failed send, a dead worker, a lost task): send them."""
    now = timezone.now()
    ids = Notification.objects.filter(
        claimable(now),
        created_at__lt=now - RETRY_AFTER,
        recipient__profile__email_notifications=EmailPreference.IMMEDIATE,
    ).values_list("pk", flat=True)
    return send_immediate(ids.order_by("pk")[:1000])
