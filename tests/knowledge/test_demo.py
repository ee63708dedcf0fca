from datetime import timedelta

import pytest
from django.utils import timezone

from hub.demo import pages
from hub.demo.people import demo_accounts
from knowledge.models import Page, PageLink, PageRevision

pytestmark = pytest.mark.django_db

TECHNOLOGY_PAGES = ["python", "django", "django-rest-framework", "graphql", "docker", "cicd",
                    "celery", "rabbitmq", "redis", "postgresql"]  # fmt: skip


def test_seed_creates_interlinked_pages_with_history():
    pages.seed(demo_accounts())

    slugs = set(Page.objects.values_list("slug", flat=True))
    assert set(TECHNOLOGY_PAGES) <= slugs
    concepts = {"query-optimization", "task-queues-and-retries", "caching-strategies"}
    assert concepts | {"conventional-commit-messages", "agreeing-on-api-contracts"} <= slugs
    assert len(slugs) >= 30
    assert not PageLink.objects.filter(target__isnull=True).exists(), "every demo link resolves"
    assert "wikilink-missing" not in "".join(
        Page.objects.with_current().values_list("current_revision__body_html", flat=True)
    )
    multi = Page.objects.filter(revisions__number=2).distinct()
    assert multi.count() >= 8
    authors = PageRevision.objects.filter(page__slug="celery").values("author").distinct()
    assert authors.count() >= 2


def test_celery_page_mentions_retries():
    pages.seed(demo_accounts())

    body = Page.objects.get(slug="celery").current_revision.body.lower()
    assert "retry" in body and "retries" in body


def test_seed_is_idempotent():
    accounts = demo_accounts()
    pages.seed(accounts)
    counts = (Page.objects.count(), PageRevision.objects.count())

    assert pages.seed(accounts) == []
    assert (Page.objects.count(), PageRevision.objects.count()) == counts


def test_demo_history_is_dated_like_a_real_hubs_first_weeks():
    pages.seed(demo_accounts())

    now = timezone.now()
    for page in Page.objects.prefetch_related("revisions"):
        dates = [r.created_at for r in sorted(page.revisions.all(), key=lambda r: r.number)]
        assert dates == sorted(dates), page.slug
        assert now - dates[-1] > timedelta(days=2), page.slug
        assert page.updated_at == dates[-1]
    first_days = {p.created_at.date() for p in Page.objects.all()}
    assert len(first_days) > 20, "pages are spread over weeks, not made in one moment"
