"""Demo wiki content for `manage.py seed_demo`: categories, topics and the hub's first pages.

Idempotent: existing categories, topics and pages (by slug) are left as they are. Pages are made
through the services, so revisions, stored HTML and links are exactly what a learner's edit makes.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from knowledge import services
from knowledge.demo_pages_concepts import CONCEPTS
from knowledge.demo_pages_practice import BEST_PRACTICES, COLLABORATION
from knowledge.demo_pages_tech import TECHNOLOGIES
from knowledge.models import Category, Page, PageRevision, Topic

CATEGORIES = [
    ("Technologies", "technologies", "The tools of the program: languages, frameworks, services."),
    ("Concepts", "concepts", "Ideas that outlive any one tool."),
    ("Best practices", "best-practices", "How we like to work."),
    ("Collaboration", "collaboration", "Backend and frontend learners building together."),
    ("Guides", "guides", "Step-by-step write-ups and everything else."),
]

TOPICS = [
    ("Python", "python"), ("Django", "django"),
    ("Django REST Framework", "django-rest-framework"), ("GraphQL", "graphql"),
    ("Docker", "docker"), ("CI/CD", "ci-cd"), ("Celery", "celery"), ("RabbitMQ", "rabbitmq"),
    ("Redis", "redis"), ("PostgreSQL", "postgresql"), ("Caching", "caching"),
    ("Testing", "testing"), ("Security", "security"), ("Databases", "databases"),
    ("Performance", "performance"), ("Async", "async"), ("API design", "api-design"),
    ("Authentication", "authentication"), ("Deployment", "deployment"),
    ("Observability", "observability"), ("System design", "system-design"),
    ("Rate limiting", "rate-limiting"), ("Collaboration", "collaboration"),
]  # fmt: skip

PAGES = [
    ("technologies", TECHNOLOGIES),
    ("concepts", CONCEPTS),
    ("best-practices", BEST_PRACTICES),
    ("collaboration", COLLABORATION),
]


def _categories() -> dict[str, Category]:
    found = {}
    for position, (name, slug, description) in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )
        found[slug] = category
    return found


def _topics() -> dict[str, Topic]:
    found = {}
    for name, slug in TOPICS:
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        found[slug] = topic
    return found


def seed(accounts) -> list[Page]:
    """Create whatever demo pages are missing; returns the pages created this time."""
    categories = _categories()
    topics = _topics()
    authors = {
        "backend": accounts.backend,
        "frontend": accounts.frontend,
        "moderator": accounts.moderator,
    }
    created = []
    for category_slug, specs in PAGES:
        for spec in specs:
            slug = services.slug_from_title(spec["title"])
            if Page.objects.filter(slug=slug).exists():
                continue
            page = services.page_create(
                title=spec["title"],
                category=categories[category_slug],
                body=spec["body"],
                author=authors[spec["author"]],
                summary="First version",
                topics=[topics[t] for t in spec["topics"]],
                slug=slug,
            )
            body = spec["body"]
            for author, summary, old, new in spec.get("edits", []):
                if old not in body:
                    raise ValueError(f"demo edit {summary!r} does not apply to {spec['title']}")
                body = body.replace(old, new, 1)
                services.page_edit(
                    page=page,
                    author=authors[author],
                    body=body,
                    base_revision=page.current_revision.number,
                    summary=summary,
                )
                page.refresh_from_db()
            created.append(page)
    _spread_over_past_weeks(created)
    return created


def _spread_over_past_weeks(pages: list[Page]) -> None:
    """Date the demo's pages as a hub's first weeks would: one page every day or so, each edit
    a day and a half after the previous revision, the newest a few days ago. Without this every
    revision would say "0 minutes ago". The search index follows the new dates."""
    from search.indexing import index_page

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
        index_page(page)
