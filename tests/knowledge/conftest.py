import pytest

from knowledge import services
from knowledge.models import Category
from tests.factories import TopicFactory


@pytest.fixture
def category(db):
    return Category.objects.get(slug="concepts")


@pytest.fixture
def topic(db):
    return TopicFactory(name="Celery", slug="celery")


@pytest.fixture
def make_page(db, learner, category):
    def make(title="Caching", body="Cache the **slow** parts.", author=None, **kwargs):
        return services.page_create(
            title=title, category=category, body=body, author=author or learner, **kwargs
        )

    return make


@pytest.fixture
def page_with_history(make_page, learner, other_learner):
    """Three revisions by two learners (the second with a summary)."""
    page = make_page(body="alpha beta gamma\nsecond line")
    services.page_edit(
        page=page,
        author=other_learner,
        body="alpha BETA gamma\nsecond line",
        base_revision=1,
        summary="caps",
    )
    services.page_edit(
        page=page, author=learner, body="alpha BETA gamma\nsecond line\nthird", base_revision=2
    )
    return page
