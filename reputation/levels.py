"""Trust levels: what a learner's standing unlocks, read per request from the stored Standing.

A level comes from three stored facts: reputation, accepted contributions (solutions accepted
by the asker plus posts a moderator approved from the review queue) and days since joining,
against settings.NEXUS_TRUST_THRESHOLDS. A moderator can set a level by hand; it then stays
(locked) until a moderator unlocks it. Suspension is checked before any privilege: a suspended
learner keeps their reputation and level but may use none of it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from core.permissions import is_moderator, write_refusal
from reputation.models import LEVELS, Level, Standing, rank

# What each level unlocks (the lowest level that may), and what the refusal says.
SKIP_REVIEW = "skip_review"
CLOSE_DUPLICATE = "close_duplicate"
EDIT_OTHERS = "edit_others"
EDIT_PROTECTED = "edit_protected"

PRIVILEGES = {
    SKIP_REVIEW: (Level.BASIC, "post without waiting for review"),
    CLOSE_DUPLICATE: (Level.MEMBER, "close a challenge as a duplicate or vote to reopen it"),
    EDIT_OTHERS: (Level.REGULAR, "edit other learners' challenges and solutions"),
    EDIT_PROTECTED: (Level.LEADER, "edit protected wiki pages"),
}

# How much one learner's flag counts toward the automatic hide (settings.NEXUS_AUTO_HIDE_FLAGS).
FLAG_WEIGHTS = {
    Level.NEW: 0,  # reaches the moderators' queue, but three throwaway accounts hide nothing
    Level.BASIC: 1,
    Level.MEMBER: 1,
    Level.REGULAR: 2,
    Level.LEADER: 2,
}
MODERATOR_FLAG_WEIGHT = 2


def thresholds() -> dict[str, dict[str, int]]:
    return settings.NEXUS_TRUST_THRESHOLDS


def level_for(*, reputation: int, accepted: int, days: int) -> str:
    """The highest level whose every threshold is met."""
    level = Level.NEW.value
    for name in LEVELS[1:]:
        need = thresholds()[name]
        # Basic needs as many accepted contributions as NEXUS_HELD_POSTS unless set here.
        fallback = settings.NEXUS_HELD_POSTS if name == Level.BASIC else 0
        if (
            reputation >= need.get("reputation", 0)
            and accepted >= need.get("accepted", fallback)
            and days >= need.get("days", 0)
        ):
            level = name
        else:
            break
    return level


def standing_of(user) -> Standing | None:
    """The learner's stored standing (cached on the user object for the request)."""
    if not user.is_authenticated:
        return None
    try:
        return user.standing
    except Standing.DoesNotExist:
        return None


def days_since_joining(user) -> int:
    return max(0, (timezone.now() - user.date_joined).days)


def level_from(user, standing: Standing | None) -> str:
    if standing is not None and standing.level_locked:
        return standing.level
    return level_for(
        reputation=standing.reputation if standing else 0,
        accepted=(standing.accepted_count if standing else 0) + user.approved_posts,
        days=days_since_joining(user),
    )


def level_of(user) -> str:
    """The learner's trust level now (readers: new)."""
    if not user.is_authenticated:
        return Level.NEW.value
    return level_from(user, standing_of(user))


def level_label(level: str) -> str:
    return Level(level).label


def at_least(user, level: str) -> bool:
    return rank(level_of(user)) >= rank(level)


def privilege_refusal(user, privilege: str) -> str | None:
    """Why `user` may not use `privilege` (None: they may). Suspension first, moderators may."""
    if reason := write_refusal(user):
        return reason
    if is_moderator(user):
        return None
    needed, what = PRIVILEGES[privilege]
    if rank(level_of(user)) < rank(needed):
        return (
            f"Learners at trust level “{Level(needed).label}” and above can {what}; "
            f"you are at “{level_label(level_of(user))}”."
        )
    return None


def has_privilege(user, privilege: str) -> bool:
    return privilege_refusal(user, privilege) is None


def needs_review(user) -> bool:
    """A new learner's posts wait for a moderator; from level basic on they skip review.

    (This replaces "the first NEXUS_HELD_POSTS posts are held": level basic needs that many
    approved posts by default, so a learner without reputation is held exactly as before.)"""
    if is_moderator(user):
        return False
    return not has_privilege(user, SKIP_REVIEW)


def flag_weight(user, standing: Standing | None = None) -> int:
    if is_moderator(user):
        return MODERATOR_FLAG_WEIGHT
    return FLAG_WEIGHTS[Level(level_from(user, standing))]


def rate_scale(user) -> int:
    """How many times the base rate limits (settings.NEXUS_RATE_LIMITS) a learner gets."""
    if not user.is_authenticated:
        return 1
    return settings.NEXUS_RATE_SCALE.get(level_of(user), 1)
