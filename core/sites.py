"""The Sites framework's row, kept at the site's own address.

Feeds (and anything else that asks django.contrib.sites) build absolute links from it; left
alone it says "example.com".
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def sync_site(**kwargs) -> None:
    """Set Site SITE_ID to NEXUS_BASE_URL's host and SITE_NAME. Runs after every `migrate`
    (post_migrate), so a changed NEXUS_BASE_URL takes effect with the next deploy."""
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.NEXUS_BASE_URL).netloc
    if not domain:
        return
    using = kwargs.get("using", "default")
    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME}
    )
    Site.objects.clear_cache()
