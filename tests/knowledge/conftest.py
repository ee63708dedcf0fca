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
