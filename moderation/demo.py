"""Something for the review queue and the log to show on a fresh demo install. Idempotent."""

from django.contrib.contenttypes.models import ContentType

from discussions.models import Challenge, Solution
from knowledge.models import Page
from moderation.log import record
from moderation.models import Flag, FlagReason, LogAction, ModerationLogEntry

DEMO_NOTE = "The retry numbers here do not match what the Celery docs say; worth a second look."


def _flag(target, flagger, reason, note) -> None:
    if target is None or flagger.pk == target.author_id:
        return
    Flag.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        flagger=flagger,
        defaults={"reason": reason, "note": note},
    )


def seed(accounts) -> None:
    public_solutions = Solution.objects.public().order_by("pk")
    solution = public_solutions.exclude(author=accounts.frontend).first()
    _flag(solution, accounts.frontend, FlagReason.INCORRECT, DEMO_NOTE)
    challenge = Challenge.objects.public().exclude(author=accounts.backend).order_by("pk").first()
    _flag(challenge, accounts.backend, FlagReason.OFF_TOPIC, "Is this a question for the wiki?")

    if not ModerationLogEntry.objects.filter(actor=accounts.moderator).exists():
        target = (
            Challenge.objects.public().order_by("pk").first()
            or Page.objects.not_hidden().order_by("pk").first()
        )
        if target is not None:
            record(
                actor=accounts.moderator,
                action=LogAction.APPROVE,
                target=target,
                reason="Demo: a new learner's first challenge, approved.",
            )
