"""Every write to reputation. Content services call these inside their own transaction.

`_record` appends one ReputationEvent and moves the learner's Standing by the same amount in
one UPDATE (F() expressions: two events at once both count), then stores the level it gives.
After commit, the badge task looks at the learner and the leaderboards are recomputed on
their next read.
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import User
from reputation import registry
from reputation.levels import level_from
from reputation.models import Level, Reason, ReputationEvent, Standing
from reputation.tasks import award_badges

VOTE_UP = 10
ACCEPTED = 15
WIKI_EDIT_KEPT = 2
TURNED_INTO_PAGE = 5
FLAG_AGREED = 2

BOARDS_VERSION_KEY = "reputation:boards-version"

# Off while content is replayed (the demo's votes happened over many days, seeded in seconds).
_serial_check = contextvars.ContextVar("reputation_serial_check", default=True)


@contextlib.contextmanager
def serial_votes_unchecked():
    token = _serial_check.set(False)
    try:
        yield
    finally:
        _serial_check.reset(token)


def boards_version() -> int:
    version = cache.get(BOARDS_VERSION_KEY)
    if version is None:
        version = time.time_ns()
        cache.add(BOARDS_VERSION_KEY, version, timeout=None)
    return version


def boards_changed() -> None:
    cache.set(BOARDS_VERSION_KEY, time.time_ns(), timeout=None)


def _ref(target) -> dict:
    if target is None:
        return {}
    return {
        "content_type": ContentType.objects.get_for_model(target),
        "object_id": target.pk,
    }


def _url(target) -> str:
    try:
        return target.get_absolute_url()[:500]
    except Exception:  # noqa: BLE001 (a target without a page of its own)
        return ""


def _ensure_standing(user_id: int) -> None:
    # One INSERT … ON CONFLICT DO NOTHING: no read first.
    Standing.objects.bulk_create([Standing(user_id=user_id)], ignore_conflicts=True)


def level_refresh(user_id: int) -> str:
    """Store the level the learner's standing gives now (a locked level stays)."""
    _ensure_standing(user_id)
    return _store_level(user_id)


def _store_level(user_id: int) -> str:
    standing = Standing.objects.select_related("user").get(user_id=user_id)
    level = level_from(standing.user, standing)
    if level != standing.level and not standing.level_locked:
        Standing.objects.filter(user_id=user_id, level_locked=False).update(level=level)
    return level


@transaction.atomic
def _record(
    *,
    user_id: int,
    amount: int,
    reason: str,
    description: str,
    target=None,
    url: str | None = None,
    actor_id: int | None = None,
    reverses: ReputationEvent | None = None,
    accepted_delta: int = 0,
    ref: dict | None = None,
) -> ReputationEvent:
    event = ReputationEvent.objects.create(
        user_id=user_id,
        amount=amount,
        reason=reason,
        description=description[:300],
        url=url if url is not None else _url(target),
        actor_id=actor_id,
        reverses=reverses,
        **(ref if ref is not None else _ref(target)),
    )
    _ensure_standing(user_id)
    Standing.objects.filter(user_id=user_id).update(
        reputation=F("reputation") + amount,
        accepted_count=F("accepted_count") + accepted_delta,
    )
    _store_level(user_id)
    transaction.on_commit(boards_changed)
    transaction.on_commit(partial(_check_badges_later, user_id))
    return event


def _check_badges_later(user_id: int) -> None:
    award_badges.enqueue([user_id])


def badges_check_later(user_ids) -> None:
    """Look for badges these learners earned, in the worker once the transaction commits (for
    facts that are not reputation events: a page linked from ten others)."""
    ids = sorted(set(user_ids))
    if ids:
        transaction.on_commit(partial(award_badges.enqueue, ids))


def _reverse(event: ReputationEvent, *, reason: str, description: str, actor_id=None):
    """Undo `event` with an event of its own (same content, opposite amount)."""
    return _record(
        user_id=event.user_id,
        amount=-event.amount,
        reason=reason,
        description=description,
        url=event.url,
        actor_id=actor_id,
        reverses=event,
        accepted_delta=-1 if event.reason == Reason.SOLUTION_ACCEPTED else 0,
        ref={"content_type_id": event.content_type_id, "object_id": event.object_id},
    )


def _unreversed(**filters):
    return ReputationEvent.objects.filter(reversals__isnull=True, **filters)


# --- votes ----------------------------------------------------------------------------------


def _title(solution) -> str:
    return solution.challenge.title


@transaction.atomic
def solution_voted(*, solution, voter) -> ReputationEvent | None:
    """+10 to the solution's author; none for one's own. Votes from one learner to another
    beyond NEXUS_SERIAL_VOTES_PER_DAY in 24 hours are reversed at once, and logged."""
    if voter.pk == solution.author_id:
        return None
    since = timezone.now() - timedelta(days=1)
    earlier = ReputationEvent.objects.filter(
        user_id=solution.author_id,
        actor_id=voter.pk,
        reason=Reason.SOLUTION_VOTED,
        created_at__gte=since,
    ).count()
    event = _record(
        user_id=solution.author_id,
        amount=VOTE_UP,
        reason=Reason.SOLUTION_VOTED,
        description=f"Your solution to “{_title(solution)}” was voted up",
        target=solution,
        actor_id=voter.pk,
    )
    limit = settings.NEXUS_SERIAL_VOTES_PER_DAY
    if earlier >= limit and _serial_check.get():
        author = solution.author
        _reverse(
            event,
            reason=Reason.SERIAL_VOTE,
            description=(
                f"A vote on your solution to “{_title(solution)}” counts once: more than "
                f"{limit} votes from the same learner in a day earn nothing"
            ),
            actor_id=voter.pk,
        )
        registry.log(
            action=registry.SERIAL_VOTES,
            actor=None,
            target=author,
            reason=(
                f"Serial votes: vote {earlier + 1} in 24 hours from {voter.username} to "
                f"{author.username} (limit {limit}); its {VOTE_UP} reputation reversed."
            ),
        )
    return event


@transaction.atomic
def solution_unvoted(*, solution, voter) -> ReputationEvent | None:
    event = _unreversed(
        user_id=solution.author_id,
        actor_id=voter.pk,
        reason=Reason.SOLUTION_VOTED,
        content_type=ContentType.objects.get_for_model(solution),
        object_id=solution.pk,
    ).first()
    if event is None:  # never earned, or already reversed (serial votes)
        return None
    return _reverse(
        event,
        reason=Reason.VOTE_WITHDRAWN,
        description=f"A vote on your solution to “{_title(solution)}” was withdrawn",
        actor_id=voter.pk,
    )


# --- acceptance -----------------------------------------------------------------------------


@transaction.atomic
def solution_accepted(*, solution, accepter, previous=None) -> ReputationEvent | None:
    """+15 (and one accepted contribution) to the author; none for accepting one's own.
    `previous`: the solution the acceptance moved from, which loses what it earned by it."""
    if previous is not None:
        earned = _unreversed(
            user_id=previous.author_id,
            reason=Reason.SOLUTION_ACCEPTED,
            content_type=ContentType.objects.get_for_model(previous),
            object_id=previous.pk,
        ).first()
        if earned is not None:
            _reverse(
                earned,
                reason=Reason.ACCEPT_MOVED,
                description=(
                    f"Another solution to “{_title(previous)}” was accepted instead of yours"
                ),
                actor_id=accepter.pk,
            )
    if accepter.pk == solution.author_id:
        return None
    return _record(
        user_id=solution.author_id,
        amount=ACCEPTED,
        reason=Reason.SOLUTION_ACCEPTED,
        description=f"Your solution to “{_title(solution)}” was accepted",
        target=solution,
        actor_id=accepter.pk,
        accepted_delta=1,
    )


@transaction.atomic
def solution_turned_into_page(*, solution, page, user) -> ReputationEvent | None:
    """+5 to the author of an accepted solution that became (part of) a wiki page."""
    if user.pk == solution.author_id:
        return None
    already = ReputationEvent.objects.filter(
        reason=Reason.TURNED_INTO_PAGE,
        content_type=ContentType.objects.get_for_model(solution),
        object_id=solution.pk,
    ).exists()
    if already:
        return None
    return _record(
        user_id=solution.author_id,
        amount=TURNED_INTO_PAGE,
        reason=Reason.TURNED_INTO_PAGE,
        description=f"Your solution to “{_title(solution)}” became the wiki page “{page.title}”",
        target=solution,
        url=page.get_absolute_url(),
        actor_id=user.pk,
    )


# --- the wiki -------------------------------------------------------------------------------


@transaction.atomic
def wiki_edit_kept(*, revision, later_editor_ids) -> ReputationEvent | None:
    """+2 for a wiki revision still in the page three revisions later (knowledge decides that
    and calls this when the third later revision is saved). Three later edits of one's own
    earn nothing: someone else must have edited the page since."""
    if not set(later_editor_ids) - {revision.author_id}:
        return None
    return _record(
        user_id=revision.author_id,
        amount=WIKI_EDIT_KEPT,
        reason=Reason.WIKI_EDIT_KEPT,
        description=(
            f"Your edit {revision.number} of “{revision.page.title}” is still in the page "
            "three revisions later"
        ),
        target=revision,
        url=revision.page.get_absolute_url(),
    )


# --- moderation -----------------------------------------------------------------------------


@transaction.atomic
def flags_agreed(*, flagger_ids, target, moderator) -> list[ReputationEvent]:
    """+2 to each learner whose flag a moderator agreed with (by hiding what they flagged)."""
    return [
        _record(
            user_id=flagger_id,
            amount=FLAG_AGREED,
            reason=Reason.FLAG_AGREED,
            description="A moderator agreed with your flag and hid what you flagged",
            target=target,
            url="",
            actor_id=moderator.pk,
        )
        for flagger_id in flagger_ids
        if flagger_id != moderator.pk
    ]


@transaction.atomic
def content_hidden(*, target, author_id, moderator) -> ReputationEvent | None:
    """A moderator hid `target`: its author loses what it earned them (one event)."""
    ref = _ref(target)
    earned = (
        ReputationEvent.objects.filter(user_id=author_id, **ref).aggregate(n=Sum("amount"))["n"]
        or 0
    )
    if earned <= 0:
        return None
    accepted = _unreversed(user_id=author_id, reason=Reason.SOLUTION_ACCEPTED, **ref).exists()
    return _record(
        user_id=author_id,
        amount=-earned,
        reason=Reason.CONTENT_HIDDEN,
        description="A moderator hid your post: what it earned is taken back",
        target=target,
        actor_id=moderator.pk,
        accepted_delta=-1 if accepted else 0,
    )


@transaction.atomic
def content_restored(*, target, author_id, moderator) -> ReputationEvent | None:
    """A moderator restored `target`: what the hide took is given back."""
    hidden = _unreversed(user_id=author_id, reason=Reason.CONTENT_HIDDEN, **_ref(target)).first()
    if hidden is None:
        return None
    accepted = _unreversed(
        user_id=author_id, reason=Reason.SOLUTION_ACCEPTED, **_ref(target)
    ).exists()
    return _record(
        user_id=author_id,
        amount=-hidden.amount,
        reason=Reason.CONTENT_RESTORED,
        description="A moderator restored your post: what it earned is back",
        target=target,
        actor_id=moderator.pk,
        reverses=hidden,
        accepted_delta=1 if accepted else 0,
    )


# --- levels set by moderators ----------------------------------------------------------------


@transaction.atomic
def level_set(*, user: User, level: str, moderator) -> tuple[str, str]:
    """A moderator sets (and so locks) `user`'s level. Returns (old level, new level)."""
    Level(level)  # ValueError for an unknown level
    _ensure_standing(user.pk)
    standing = Standing.objects.select_for_update().select_related("user").get(user_id=user.pk)
    old = level_from(standing.user, standing)
    Standing.objects.filter(user_id=user.pk).update(level=level, level_locked=True)
    _forget_standing(user)
    return old, level


@transaction.atomic
def level_unlock(*, user: User, moderator) -> str:
    """Back to the level the learner's standing earns."""
    _ensure_standing(user.pk)
    Standing.objects.filter(user_id=user.pk).update(level_locked=False)
    _forget_standing(user)
    return level_refresh(user.pk)


def _forget_standing(user) -> None:
    """The next `user.standing` reads the row again."""
    user._state.fields_cache.pop("standing", None)


# --- recomputing ----------------------------------------------------------------------------


@dataclass
class Drift:
    user_id: int
    stored: int
    events: int
    stored_accepted: int
    accepted: int


def drift() -> list[Drift]:
    """Learners whose stored total (or accepted count) differs from their events."""
    sums = dict(ReputationEvent.objects.values_list("user_id").annotate(n=Sum("amount")).order_by())
    accepted_events = ReputationEvent.objects.filter(
        reason__in=[Reason.SOLUTION_ACCEPTED, Reason.ACCEPT_MOVED, Reason.CONTENT_HIDDEN,
                    Reason.CONTENT_RESTORED]
    )  # fmt: skip
    accepted = _accepted_counts(accepted_events)
    found = []
    standings = {s.user_id: s for s in Standing.objects.all()}
    for user_id in set(sums) | set(standings):
        standing = standings.get(user_id)
        stored = standing.reputation if standing else 0
        stored_accepted = standing.accepted_count if standing else 0
        total = sums.get(user_id, 0)
        count = accepted.get(user_id, 0)
        if stored != total or stored_accepted != count:
            found.append(Drift(user_id, stored, total, stored_accepted, count))
    return sorted(found, key=lambda d: d.user_id)


def _accepted_counts(events) -> dict[int, int]:
    """Accepted solutions per learner from the events: an accept counts while it and the
    solution stand (not moved away, not hidden)."""
    counts: dict[int, int] = {}
    accepts = _unreversed(reason=Reason.SOLUTION_ACCEPTED).values_list(
        "user_id", "content_type_id", "object_id"
    )
    hidden = set(
        _unreversed(reason=Reason.CONTENT_HIDDEN).values_list(
            "user_id", "content_type_id", "object_id"
        )
    )
    for row in accepts:
        if row not in hidden:
            counts[row[0]] = counts.get(row[0], 0) + 1
    return counts


@transaction.atomic
def drift_fix(drifts: list[Drift]) -> None:
    for d in drifts:
        _ensure_standing(d.user_id)
        Standing.objects.filter(user_id=d.user_id).update(
            reputation=d.events, accepted_count=d.accepted
        )
        level_refresh(d.user_id)


def levels_refresh() -> int:
    """Store every unlocked learner's level again (days since joining move on). Returns how
    many changed."""
    changed = 0
    for standing in Standing.objects.filter(level_locked=False).select_related("user"):
        level = level_from(standing.user, standing)
        if level != standing.level:
            Standing.objects.filter(pk=standing.pk).update(level=level)
            changed += 1
    return changed
