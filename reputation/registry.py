"""What reputation asks of the apps above it, registered from their AppConfig.ready().

Reputation sits below the content apps and moderation, so it never imports them:

- `register_logger(fn)`: moderation gives the function that writes its log. Reputation calls
  `log(actor=..., target=..., reason=..., action=...)` for what the moderators must be able to
  read: serial votes reversed (`SERIAL_VOTES`), a challenge closed as a duplicate
  (`DUPLICATE`) or reopened (`REOPEN`), the action named as moderation's log names it. With no
  logger registered (reputation used alone) nothing is logged.
- `register_badge_check(slug, fn)`: a badge whose facts live higher up ("a wiki page linked
  from ten others": knowledge's links) names a function `fn(user_id) -> url | None`.
"""

from __future__ import annotations

from collections.abc import Callable

Logger = Callable[..., None]
SERIAL_VOTES, DUPLICATE, REOPEN = "serial-votes", "duplicate", "reopen"

_loggers: list[Logger] = []
_badge_checks: dict[str, Callable[[int], str | None]] = {}


def register_logger(fn: Logger) -> None:
    if fn not in _loggers:
        _loggers.append(fn)


def log(*, actor, target, reason: str, action: str) -> None:
    for fn in _loggers:
        fn(actor=actor, target=target, reason=reason, action=action)


def register_badge_check(slug: str, fn: Callable[[int], str | None]) -> None:
    _badge_checks[slug] = fn


def badge_check(slug: str):
    return _badge_checks.get(slug)
