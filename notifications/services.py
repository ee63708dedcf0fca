"""Notifications: the events other apps publish, the inbox writes, the cached unread count.

An event (`publish`, or its named forms `post_published`, `solution_accepted`, `page_revised`)
only enqueues ONE task, once the caller's transaction commits; who gets notified (authors,
watchers, mentioned learners) is worked out in the task by the resolver the content app
registered for that event (notifications.registry), so a post watched by a thousand learners
returns as fast as one watched by nobody, and a rolled-back post tells nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.utils import timezone

from accounts.models import EmailPreference, Profile
from core import events
from notifications.models import EmailState, Notification
from notifications.tasks import fan_out, send_notification_emails

UNREAD_CACHE_TIMEOUT = 60 * 10
UNREAD_LOCAL_TIMEOUT = 5

# Set by `delivered_inline()`: fan out synchronously, without a queue and without email.
_inline: ContextVar[bool] = ContextVar("notifications_inline", default=False)


@contextmanager
def delivered_inline():
    """Fan out in this process, at once, and send no email (demo seeding, scripts).

    Not for requests: the fan-out runs inside the caller's transaction, before it commits.
    """
    token = _inline.set(True)
    try:
        yield
    finally:
        _inline.reset(token)


# --- events (called by the apps, inside their transactions) ----------------------------------


def publish(event: str, object_id: int, actor_id: int | None = None) -> None:
    """Fan `event` out to whoever its registered resolver names, once this transaction commits.

    A worker may run the task as soon as it is queued: queued earlier, it could find no row (or
    notify of a post that is then rolled back).
    """
    if _inline.get():
        fan_out.call(event, object_id, actor_id)
    else:
        transaction.on_commit(partial(fan_out.enqueue, event, object_id, actor_id))


def post_published(*, post) -> None:
    """A challenge, solution or comment became public (posted, or approved by a moderator)."""
    publish(post._meta.model_name, post.pk)
    # Listeners above (webhooks) hear of it after commit too (core.events).
    if event := _PUBLISHED_EVENTS.get(post._meta.model_name):
        events.emit(event, object_id=post.pk)


_PUBLISHED_EVENTS = {"challenge": events.CHALLENGE_CREATED, "comment": events.COMMENT_CREATED}


def solution_accepted(*, solution, actor) -> None:
    publish("accepted", solution.pk, actor.pk if actor else None)
    events.emit(events.SOLUTION_ACCEPTED, object_id=solution.pk)


def page_revised(*, revision) -> None:
    publish("pagerevision", revision.pk)
    events.emit(events.PAGE_CHANGED, object_id=revision.pk)


# --- the unread count in the header ----------------------------------------------------------


def _unread_key(user_id) -> str:
    return f"notifications:unread:{user_id}"


def cache_is_shared() -> bool:
    """Whether every process reads the same cache (Redis). A per-process cache (locmem, the
    default without REDIS_URL) would keep a stale count in the web process after the task
    worker, another process, wrote a notification and forgot the count in its own memory."""
    return not isinstance(caches["default"], LocMemCache | DummyCache)


def unread_cache_timeout() -> int:
    """On a shared cache every write invalidates the count, so it may live long. On a
    per-process cache the worker's invalidation never reaches the web process: the count
    lives only seconds, so a notification the worker wrote shows at the next page but one,
    while a page's burst of requests (htmx fragments) still reads it once."""
    return UNREAD_CACHE_TIMEOUT if cache_is_shared() else UNREAD_LOCAL_TIMEOUT


def unread_count(user) -> int:
    """At most one query; none while cached. Every write below invalidates it (in every
    process on a shared cache; see unread_cache_timeout for the others)."""
    if not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user).unread().count()
        cache.set(key, count, unread_cache_timeout())
    return count


def forget_unread_counts(user_ids: Iterable) -> None:
    cache.delete_many([_unread_key(pk) for pk in set(user_ids)])


# --- writes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user_id: int
    kind: str
    text: str
    url: str


@transaction.atomic
def notifications_create(*, recipients: Iterable[Recipient], actor_id=None) -> list[int]:
    """Create one notification per recipient (the first entry for a user wins) and queue email.

    Email state comes from the recipient's preference: none → skipped; immediate → sent by the
    `send_notification_emails` task, queued once this transaction commits; digest → picked up
    by `manage.py send_digests`. Moderation calls this directly to tell an author (Kind.MODERATION).
    """
    chosen: dict[int, Recipient] = {}
    for recipient in recipients:
        if recipient.user_id and recipient.user_id != actor_id:
            chosen.setdefault(recipient.user_id, recipient)
    if not chosen:
        return []
    preferences = dict(
        Profile.objects.filter(user_id__in=chosen, user__is_active=True).values_list(
            "user_id", "email_notifications"
        )
    )
    rows = []
    for user_id, r in chosen.items():
        if user_id not in preferences:
            continue
        preference = preferences[user_id]
        rows.append(
            Notification(
                recipient_id=user_id,
                actor_id=actor_id,
                kind=r.kind,
                text=r.text[:300],
                url=r.url[:500],
                email_state=EmailState.SKIPPED
                if preference == EmailPreference.NONE or _inline.get()
                else EmailState.PENDING,
            )
        )
    created = Notification.objects.bulk_create(rows, batch_size=500)
    forget_unread_counts(n.recipient_id for n in created)
    immediate = {u for u, p in preferences.items() if p == EmailPreference.IMMEDIATE}
    # bulk_create sets primary keys on SQLite and PostgreSQL.
    immediate_ids = [
        n.pk
        for n in created
        if n.recipient_id in immediate and n.pk and n.email_state == EmailState.PENDING
    ]
    if immediate_ids:
        transaction.on_commit(partial(send_notification_emails.enqueue, immediate_ids))
    return [n.pk for n in created]


def notification_mark_read(*, notification: Notification) -> Notification:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_unread_counts([notification.recipient_id])
    return notification


def notifications_mark_all_read(*, user) -> int:
    count = Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())
    forget_unread_counts([user.pk])
    return count
