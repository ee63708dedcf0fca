import pytest
from django.core.management import CommandError, call_command

from knowledge.markdown_files import loads
from knowledge.models import Page

pytestmark = pytest.mark.django_db


def test_export_writes_front_matter_and_body(tmp_path, make_page, topic):
    make_page(title='Caching: "the hard part"', body="## TTLs\n\nExpire things.", topics=[topic])

    call_command("export_wiki", str(tmp_path))

    page_file = loads((tmp_path / "caching-the-hard-part.md").read_text())
    assert page_file.title == 'Caching: "the hard part"'
    assert page_file.category == "Concepts"
    assert page_file.topics == ["celery"]
    assert page_file.revision == 1
    assert page_file.body.strip() == "## TTLs\n\nExpire things."


def test_round_trip_changes_only_what_changed(tmp_path, make_page, learner):
    kept = make_page(title="Kept", body="Stays the same.")
    changed = make_page(title="Changed", body="Old text.")
    call_command("export_wiki", str(tmp_path))
    path = tmp_path / "changed.md"
    path.write_text(path.read_text().replace("Old text.", "New text from git."))
    (tmp_path / "brand-new.md").write_text(
        '---\ntitle: "Brand new"\ncategory: "Guides"\ntopics: ["docker"]\n---\nHello [[Kept]].\n'
    )

    call_command("import_wiki", str(tmp_path), author=learner.username)

    kept.refresh_from_db()
    changed.refresh_from_db()
    assert kept.current_revision.number == 1
    assert changed.current_revision.number == 2
    assert changed.current_revision.body == "New text from git."
    new = Page.objects.get(slug="brand-new")
    assert new.category.slug == "guides"
    assert [t.slug for t in new.topics.all()] == ["docker"]
    assert 'href="/wiki/kept/"' in new.current_revision.body_html


def test_import_rejects_a_file_without_front_matter(tmp_path, learner):
    (tmp_path / "bad.md").write_text("just text")

    with pytest.raises(CommandError, match="bad.md"):
        call_command("import_wiki", str(tmp_path), author=learner.username)
