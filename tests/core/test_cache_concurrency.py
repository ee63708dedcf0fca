"""Rate-limit counters in the shared database cache hold across processes (PostgreSQL: real
concurrency; without Redis this is the default configuration)."""

from core import ratelimit
from discussions.models import Challenge
from tests.concurrency import at_once, needs_postgres
from tests.factories import UserFactory

pytestmark = needs_postgres


def test_thirty_parallel_posts_against_a_limit_of_five_create_five(settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {"BACKEND": "core.cache.SharedDatabaseCache", "LOCATION": "nexus_cache"},
    }
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "challenge": "5/3600"}
    author = UserFactory(username="hasty")

    def post(i):
        ratelimit.hit(author, "challenge")
        return Challenge.objects.create(author=author, title=f"Post {i}", body="x", body_html="")

    results = at_once(post, 30)

    assert sum(isinstance(r, Challenge) for r in results) == 5
    assert all(
        isinstance(r, ratelimit.RateLimited) for r in results if not isinstance(r, Challenge)
    )
