"""Per-learner rate limits kept in the cache, so every web process shares the counters.

A step of its own, not part of a permission check: a view calls `hit(user, action)` once it
has checked the permission and is about to write. `RateLimited` becomes the 429 page
(core.middleware.NexusErrorMiddleware), with the text the learner typed.
`action` is a key of settings.NEXUS_RATE_LIMITS ("challenge", "solution", "comment",
"page_edit", "flag", "portfolio_import").
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import caches


class RateLimited(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


def _parse(rule: str) -> tuple[int, int]:
    count, seconds = rule.split("/")
    return int(count), int(seconds)


def hit(user, action: str, *, scale: int = 1) -> None:
    """Count one `action` by `user`; raise RateLimited when the window is full.

    Fixed windows: cheap (one incr), and good enough to stop bursts. `scale`: how many times the
    table's limit this user gets (views pass reputation.levels.rate_scale(user): the table is
    for new learners, trusted ones post more).
    """
    rule = settings.NEXUS_RATE_LIMITS.get(action)
    if not rule or not user.is_authenticated:
        return
    limit, window = _parse(rule)
    limit *= max(1, scale)
    now = int(time.time())
    bucket = now // window
    key = f"rl:{action}:{user.pk}:{bucket}"
    # The "ratelimit" cache: Redis, or the database when there is none (settings.py), so every
    # process counts in the same place.
    cache = caches["ratelimit"]
    if cache.add(key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 5)
            count = 1
    if count > limit:
        retry_after = (bucket + 1) * window - now
        minutes = max(1, round(retry_after / 60))
        raise RateLimited(
            f"You are doing that too often. Please wait about {minutes} minute"
            f"{'s' if minutes != 1 else ''} and try again. Nothing was saved yet, and what you "
            "typed is kept for you.",
            retry_after=retry_after,
        )
