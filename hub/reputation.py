"""The reputation part of a profile: total, trust level, badges, and (for the learner and the
moderators) the paginated history of what earned or cost reputation. Three queries at most:
the standing comes with the profile's user row."""

from __future__ import annotations

from core.pagination import page_of
from core.permissions import is_moderator
from reputation.badges import BY_SLUG
from reputation.levels import level_from, standing_of
from reputation.models import BadgeAward, Level, ReputationEvent

HISTORY_PER_PAGE = 10


def reputation_for(request, profile_user) -> dict:
    standing = standing_of(profile_user)
    level = level_from(profile_user, standing)
    awards = [
        (BY_SLUG[award.badge], award)
        for award in BadgeAward.objects.filter(user=profile_user).order_by("awarded_at")
        if award.badge in BY_SLUG
    ]
    viewer = request.user
    # Events name the posts that earned them; only the learner and moderators read the list
    # (a post hidden since would otherwise leak its title).
    shows_history = viewer.is_authenticated and (
        viewer.pk == profile_user.pk or is_moderator(viewer)
    )
    history = None
    if shows_history:
        events = ReputationEvent.objects.filter(user=profile_user).order_by("-created_at", "-pk")
        history = page_of(request, events, per_page=HISTORY_PER_PAGE, param="reputation_page")
    return {
        "reputation_total": standing.reputation if standing else 0,
        "trust_level": Level(level).label,
        "level_locked": bool(standing and standing.level_locked),
        "badge_awards": awards,
        "reputation_history": history,
        "can_set_level": is_moderator(viewer),
    }
