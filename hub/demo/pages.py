"""The demo wiki (wiki/*.md), loaded by the same importer as `manage.py import_wiki`.

Idempotent: existing categories, topics and pages (by slug) are left as they are. Pages are made
through the wiki's services, so revisions, stored HTML and links are exactly what a learner's
edit makes; each revision is recorded under the author its file names.
"""

from datetime import timedelta

from django.utils import timezone

from hub.demo.files import WIKI, topic_names
from knowledge.categories import ensure_categories
from knowledge.markdown_files import import_pages
from knowledge.models import Category, Page, PageRevision, Topic
from search.indexing import index


def ensure_topics(slugs=None) -> list[Topic]:
    """The demo's topics (all, or those slugs), created with their names from topics.toml."""
    names = topic_names()
    found = []
    for slug in names if slugs is None else slugs:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": names.get(slug, slug.title())}
        )
        found.append(topic)
    return found


def seed(accounts) -> list[Page]:
    """Create whatever demo pages are missing; returns the pages created this time."""
    ensure_categories(Category)
    ensure_topics()
    report = import_pages(WIKI, author=accounts.moderator, update_existing=False)
    created = [Page.objects.get(slug=slug) for slug in report.created]
    _spread_over_past_weeks(created)
    return created


def _spread_over_past_weeks(pages: list[Page]) -> None:
    """Date the demo's pages as a hub's first weeks would: one page every day or so (in the
    files' `weight` order), each edit a day and a half after the previous revision, the newest a
    few days ago. Without this every revision would say "0 minutes ago". The search index
    follows the new dates."""
    now = timezone.now()
    for i, page in enumerate(pages):
        first = now - timedelta(days=3 + 1.2 * (len(pages) - i), hours=i % 7)
        revisions = list(page.revisions.order_by("number").values_list("pk", flat=True))
        for number, pk in enumerate(revisions):
            PageRevision.objects.filter(pk=pk).update(
                created_at=first + timedelta(days=1.5 * number)
            )
        last = first + timedelta(days=1.5 * (len(revisions) - 1))
        Page.objects.filter(pk=page.pk).update(created_at=first, updated_at=last)
        page.created_at, page.updated_at = first, last
        index(page)
