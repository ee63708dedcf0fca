"""A small set of badges, each for something that helped others. Awarded by the task worker
(reputation.tasks.award_badges, queued after an event commits), each once per learner, with a
notification in the inbox. A badge whose facts live above reputation (the wiki's links) asks a
check that app registered (reputation.registry.register_badge_check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from accounts.models import Profile
from notifications.models import Kind
from notifications.services import Recipient, notifications_create
from reputation import registry
from reputation.models import BadgeAward, Reason, ReputationEvent, Standing

NOTICE_KIND = Kind.BADGE
LINKED_FROM = 10  # "a wiki page linked from ten others"
TEN_ACCEPTED = 10


@dataclass(frozen=True)
class Badge:
    slug: str
    name: str
    description: str
    check: Callable[[int], str | None] | None = None  # user id -> the url of what earned it

    def get_absolute_url(self) -> str:
        return reverse("reputation:badge_detail", args=[self.slug])

    def earned_by(self, user_id: int) -> str | None:
        check = self.check or registry.badge_check(self.slug)
        return check(user_id) if check is not None else None


def _event_url(user_id: int, reason: str) -> str | None:
    event = (
        ReputationEvent.objects.filter(user_id=user_id, reason=reason, reversals__isnull=True)
        .order_by("created_at")
        .values_list("url", flat=True)
        .first()
    )
    return event


def _first_accepted(user_id):
    return _event_url(user_id, Reason.SOLUTION_ACCEPTED)


def _ten_accepted(user_id):
    if not Standing.objects.filter(user_id=user_id, accepted_count__gte=TEN_ACCEPTED).exists():
        return None
    return (  # the latest accepted solution (the tenth, or a later one)
        ReputationEvent.objects.filter(
            user_id=user_id, reason=Reason.SOLUTION_ACCEPTED, reversals__isnull=True
        )
        .order_by("-created_at", "-pk")
        .values_list("url", flat=True)
        .first()
    )


def _clean_hub(user_id):
    return _event_url(user_id, Reason.FLAG_AGREED)  # "" (the hidden post has no public page)


def _bridge_builder(user_id):
    track = Profile.objects.filter(user_id=user_id).values_list("track", flat=True).first()
    if track is None:
        return None
    return (
        ReputationEvent.objects.filter(
            user_id=user_id, reason=Reason.SOLUTION_ACCEPTED, reversals__isnull=True
        )
        .exclude(actor__profile__track=track)
        .exclude(actor__isnull=True)
        .values_list("url", flat=True)
        .first()
    )


def _into_page(user_id):
    return _event_url(user_id, Reason.TURNED_INTO_PAGE)


BADGES = [
    Badge(
        "first-accepted",
        "First accepted solution",
        "A learner accepted one of your solutions: it solved their challenge.",
        _first_accepted,
    ),
    Badge(
        "ten-accepted",
        "Ten accepted solutions",
        "Ten of your solutions were accepted by the learners who asked.",
        _ten_accepted,
    ),
    Badge(
        "bridge-builder",
        "Bridge builder",
        "A learner on another track (backend, frontend, full-stack) accepted your solution.",
        _bridge_builder,
    ),
    Badge(
        "answer-to-knowledge",
        "From answer to knowledge",
        "One of your accepted solutions was turned into a wiki page.",
        _into_page,
    ),
    Badge(
        "cornerstone",
        "Cornerstone",
        f"A wiki page you started is linked from {LINKED_FROM} other pages.",
    ),
    Badge(
        "kept-it-clean",
        "Kept the hub clean",
        "You flagged something and a moderator agreed and hid it.",
        _clean_hub,
    ),
]
BY_SLUG = {badge.slug: badge for badge in BADGES}


def badge_named(slug: str) -> Badge | None:
    return BY_SLUG.get(slug)


@transaction.atomic
def badges_award(*, user_id: int) -> list[BadgeAward]:
    """Award `user_id` every badge they have earned and do not hold yet; tell them."""
    held = set(BadgeAward.objects.filter(user_id=user_id).values_list("badge", flat=True))
    new = []
    for badge in BADGES:
        if badge.slug in held:
            continue
        url = badge.earned_by(user_id)
        if url is None:
            continue
        award, created = BadgeAward.objects.get_or_create(
            user_id=user_id, badge=badge.slug, defaults={"url": url}
        )
        if created:
            new.append((badge, award))
    if new:
        notifications_create(
            recipients=[
                Recipient(
                    user_id,
                    NOTICE_KIND,
                    f"You earned the badge “{badge.name}”: {badge.description}",
                    badge.get_absolute_url(),
                )
                for badge, _ in new
            ]
        )
    return [award for _, award in new]
