"""The wiki's editor starts from whatever a source registered in knowledge.prefill gives it,
without the wiki naming the source (discussions registers `from_challenge`)."""

from http import HTTPStatus

import pytest

from knowledge import prefill
from knowledge.models import Page

pytestmark = pytest.mark.django_db

linked = []


def _draft(source_id, user, *, appending=False):
    return prefill.Draft(
        title=f"Notes {source_id}", body="From the notebook.", summary="From notes",
        source_id=source_id, source_label="the notebook entry", source_title=f"#{source_id}",
        source_url=f"/notes/{source_id}/",
    )  # fmt: skip


@pytest.fixture
def notes_source():
    prefill.register("from_notes", draft=_draft, link=lambda *a, **kw: linked.append((a, kw)))
    yield
    prefill._sources.pop("from_notes")
    linked.clear()


def test_discussions_registers_its_source():
    assert "from_challenge" in prefill.params()


def test_a_registered_source_prefills_and_is_told_of_the_saved_page(
    learner_client, category, notes_source
):
    html = learner_client.get("/wiki/new/?from_notes=7").content.decode()
    assert 'value="Notes 7"' in html and "From the notebook." in html
    assert 'name="from_notes" value="7"' in html
    assert 'Starting from the notebook entry <a href="/notes/7/">#7</a>' in html

    learner_client.post(
        "/wiki/new/",
        {"title": "Notes 7", "category": category.pk, "body": "Tidied.", "from_notes": "7"},
    )
    page = Page.objects.get(title="Notes 7")
    assert linked == [((7,), {"page": page, "user": page.created_by})]


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "99999999999999"])
def test_a_bad_source_id_is_404(learner_client, notes_source, raw):
    assert learner_client.get(f"/wiki/new/?from_notes={raw}").status_code == HTTPStatus.NOT_FOUND
