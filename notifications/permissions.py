"""Who may change an inbox: its owner, unless suspended (PRODUCT.md: every write is refused).

Unsubscribing from email by the signed link in an email is not gated here: the link is its own
credential and must work for anyone who received the email.
"""

from core.permissions import can_write, ensure_can_write


def can_mark_read(user) -> bool:
    return can_write(user)


def ensure_can_mark_read(user) -> None:
    ensure_can_write(user)
