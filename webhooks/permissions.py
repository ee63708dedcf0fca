"""Who may configure outgoing webhooks: moderators (one rule, core.permissions)."""

from core.permissions import moderate_refusal, refuse


def webhooks_refusal(user) -> str | None:
    return moderate_refusal(user)


def can_manage_webhooks(user) -> bool:
    return webhooks_refusal(user) is None


def ensure_can_manage_webhooks(user) -> None:
    refuse(webhooks_refusal(user))
