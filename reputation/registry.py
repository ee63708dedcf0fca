"""What reputation asks of the apps above it, registered from their AppConfig.ready().

Reputation sits below the content apps and moderation, so it never imports them:

- `register_logger(fn)`: moderation gives the function that writes its log. Reputation calls
  `log(actor=..., target=..., reason=...)` for what the moderators must be able to read
  (serial votes reversed, a challenge closed as a duplicate or reopened). With no logger
  registered (reputation used alone) nothing is logged.
- `register_badge_check(slug, fn)`: a badge whose facts live higher up ("a wiki page linked
  from ten others": knowledge's links) names a function `fn(user_id) -> url | None`.
"""

from __future__ import annotations

from collections.abc import Callable

Logger = Callable[..., None]

_loggers: list[Logger] = []
_badge_checks: dict[str, Callable[[int], str | None]] = {}


def register_logger(fn: Logger) -> None:
    if fn not in _loggers:
        _loggers.append(fn)


def log(*, actor, target, reason: str) -> None:
    for fn in _loggers:
        fn(actor=actor, target=target, reason=reason)


def register_badge_check(slug: str, fn: Callable[[int], str | None]) -> None:
    _badge_checks[slug] = fn


def badge_check(slug: str):
    return _badge_checks.get(slug)
