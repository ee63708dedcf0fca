"""Writing to the moderation log: the one function every moderator action calls."""

from django.contrib.contenttypes.models import ContentType

from moderation.models import ModerationLogEntry
from moderation.targets import describe


def record(*, actor, action: str, target, reason: str = "") -> ModerationLogEntry:
    """Append an entry. `actor` None means the site did it (auto-hide, suspension ending)."""
    label = describe(target) if target is not None else ""
    url = ""
    if hasattr(target, "get_absolute_url"):
        try:
            url = target.get_absolute_url()
        except Exception:  # a target without a page of its own still gets logged
            url = ""
    return ModerationLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=getattr(target, "pk", None),
        target_label=label[:300],
        target_url=url[:500],
        reason=reason,
    )


def reputation_logged(*, actor, target, reason: str, action: str) -> ModerationLogEntry:
    """What reputation reports (reputation.registry.log): serial votes reversed, a challenge
    closed as a duplicate or reopened, each as its own action (the log's filter finds them)."""
    from moderation.models import LogAction

    return record(actor=actor, action=LogAction(action), target=target, reason=reason)
