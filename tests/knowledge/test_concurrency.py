"""Many learners saving the same wiki page at once (PostgreSQL: real row locks, real races)."""

from knowledge import services
from knowledge.models import Category, Page
from knowledge.services import EditStatus
from tests.concurrency import at_once, needs_postgres
from tests.factories import UserFactory

pytestmark = needs_postgres

EDITORS = 20
# Editors change lines far apart, so most edits merge cleanly; the ones that cannot merge
# must get the conflict answer, never an error.
LINES = [f"line {n}" for n in range(EDITORS * 3)]


def _page(author):
    category, _ = Category.objects.get_or_create(slug="concepts", defaults={"name": "Concepts"})
    return services.page_create(
        title="Shared page", category=category, body="\n".join(LINES), author=author
    )


def test_twenty_editors_at_once_each_get_a_revision_a_merge_or_the_conflict_answer():
    authors = [UserFactory(username=f"editor{i}") for i in range(EDITORS)]
    page = _page(authors[0])

    def edit(i):
        lines = list(LINES)
        lines[i * 3] = f"line {i * 3} edited by editor {i}"
        return services.page_edit(
            page=Page.objects.get(pk=page.pk),
            author=authors[i],
            body="\n".join(lines),
            base_revision=1,
            summary=f"editor {i}",
        )

    outcomes = at_once(edit, EDITORS)

    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    statuses = [o.status for o in outcomes]
    assert set(statuses) <= {EditStatus.SAVED, EditStatus.MERGED, EditStatus.CONFLICT}
    saved = [i for i, o in enumerate(outcomes) if o.status != EditStatus.CONFLICT]
    numbers = list(page.revisions.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, len(saved) + 2))  # contiguous, one per saved edit
    page.refresh_from_db()
    final = page.current_revision.body
    for i in saved:
        assert f"edited by editor {i}" in final
    for outcome in outcomes:
        if outcome.status == EditStatus.CONFLICT:
            assert outcome.merged_text  # the learner's text comes back with the markers


def test_twenty_editors_changing_the_same_line_one_saves_the_rest_conflict():
    authors = [UserFactory(username=f"clash{i}") for i in range(EDITORS)]
    page = _page(authors[0])

    def edit(i):
        return services.page_edit(
            page=Page.objects.get(pk=page.pk),
            author=authors[i],
            body="\n".join([f"everyone edits this line: version {i}", *LINES[1:]]),
            base_revision=1,
        )

    outcomes = at_once(edit, EDITORS)

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    statuses = sorted(o.status for o in outcomes)
    assert statuses.count(EditStatus.SAVED) == 1
    assert statuses.count(EditStatus.CONFLICT) == EDITORS - 1
    assert list(page.revisions.values_list("number", flat=True).order_by("number")) == [1, 2]
