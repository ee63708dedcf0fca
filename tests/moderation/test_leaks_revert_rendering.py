"""A moderator's revert renders the old text before its write transaction begins, as an edit
does (issue 11, 2): on SQLite an open write transaction blocks every other writer, and a long
page takes a while to render."""

import pytest
from django.db import connection

from knowledge import rendering, services
from knowledge.models import PageRevision
from moderation import services as moderation
from tests.factories import make_page, revise_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """Each render of wiki markdown, as how many transactions were open at the time beyond the
    test's own (pytest-django wraps each test in one)."""
    seen = []
    render = rendering.render_wiki
    baseline = len(connection.atomic_blocks)

    def spy(*args, **kwargs):
        seen.append(len(connection.atomic_blocks) - baseline)
        return render(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_wiki", spy)
    monkeypatch.setattr(services, "render_wiki", spy)
    return seen


def test_a_revert_renders_before_its_transaction(moderator, renders):
    page = make_page("Redis", "First text with a [[Docker]] link.")
    revise_page(page, "Vandalised.")
    renders.clear()

    revision = moderation.page_revert(moderator=moderator, page=page, number=1, reason="spam")

    assert renders == [0]  # rendered once, outside any transaction
    assert revision.number == 3
    assert "First text" in revision.body_html
    page.refresh_from_db()
    assert page.current_revision == revision


def test_a_revert_of_a_missing_revision_still_raises(moderator):
    page = make_page("Redis", "First.")

    with pytest.raises(PageRevision.DoesNotExist):
        moderation.page_revert(moderator=moderator, page=page, number=9)
