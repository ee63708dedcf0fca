"""Something for the review queue and the log to show on a fresh demo install (flags.toml).
Idempotent."""

from django.contrib.contenttypes.models import ContentType

from discussions.models import Challenge, Solution
from hub.demo.files import read_toml
from knowledge.models import Page
from moderation.log import record
from moderation.models import Flag, FlagReason, LogAction, ModerationLogEntry

KINDS = {"challenge": Challenge, "solution": Solution}


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
    data = read_toml("flags.toml")
    for spec in data["flag"]:
        flagger = accounts.people[spec["by"]]
        model = KINDS[spec["on"]]
        target = model.objects.public().exclude(author=flagger).order_by("pk").first()
        _flag(target, flagger, FlagReason(spec["reason"]), spec["note"])

    approval = data["approval"]
    moderator = accounts.people[approval["by"]]
    if not ModerationLogEntry.objects.filter(actor=moderator).exists():
        target = (
            Challenge.objects.public().order_by("pk").first()
            or Page.objects.not_hidden().order_by("pk").first()
        )
        if target is not None:
            record(
                actor=moderator, action=LogAction.APPROVE, target=target, reason=approval["reason"]
            )
