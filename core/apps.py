from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import pagecache
        from core.sites import sync_site

        share_allauth_rate_limits()
        pagecache.install()  # every database write makes cached pages out of date
        post_migrate.connect(sync_site, sender=self, dispatch_uid="core.sync_site")


def share_allauth_rate_limits() -> None:
    """allauth counts log-in failures, sign-ups and resets in the default cache, which is local
    to each process without Redis (60 parallel wrong passwords checked 20, not 10). It has no
    setting for another cache, so its module-level `cache` is pointed at the "ratelimit" one
    (shared: Redis, or the database). tests/core/test_cache.py checks this still takes."""
    from allauth.core.internal import ratelimit
    from django.core.cache import caches
    from django.utils.connection import ConnectionProxy

    ratelimit.cache = ConnectionProxy(caches, "ratelimit")
