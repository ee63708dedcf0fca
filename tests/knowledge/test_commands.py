import json

import pytest
from django.core.management import CommandError, call_command

from knowledge.markdown_files import import_pages, loads
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


def _write(directory, name, meta, body):
    head = "\n".join(f"{key}: {json.dumps(value)}" for key, value in meta.items())
    (directory / name).write_text(f"---\n{head}\n---\n{body}\n")


def test_later_texts_become_revisions_in_order_with_their_authors(tmp_path, learner, other_learner):
    _write(tmp_path, "retries.md", {"title": "Retries", "category": "Concepts",
           "summary": "First version"}, "One.")  # fmt: skip
    _write(tmp_path, "retries.2.md", {"author": other_learner.username}, "One. Two.")
    _write(tmp_path, "retries.10.md", {"summary": "Three"}, "One. Two. Three.")

    call_command("import_wiki", str(tmp_path), author=learner.username)

    page = Page.objects.get(slug="retries")
    revisions = list(page.revisions.order_by("number"))
    assert [(r.body, r.author, r.summary) for r in revisions] == [
        ("One.", learner, "First version"),
        ("One. Two.", other_learner, "Imported from retries.2.md"),
        ("One. Two. Three.", learner, "Three"),
    ]
    assert page.title == "Retries" and page.category.slug == "concepts"  # inherited


def test_an_existing_page_gets_only_the_newest_text_once(tmp_path, make_page, learner):
    page = make_page(title="Retries", body="Old.")
    _write(tmp_path, "retries.md", {"title": "Retries"}, "One.")
    _write(tmp_path, "retries.2.md", {}, "One. Two.")

    call_command("import_wiki", str(tmp_path), author=learner.username)
    call_command("import_wiki", str(tmp_path), author=learner.username)

    assert list(page.revisions.order_by("number").values_list("body", flat=True)) == [
        "Old.",
        "One. Two.",
    ]


def test_import_order_follows_weight_then_file_name(tmp_path, learner):
    _write(tmp_path, "a.md", {"title": "A"}, "a")
    _write(tmp_path, "b.md", {"title": "B", "weight": 2}, "b")
    _write(tmp_path, "c.md", {"title": "C", "weight": 1}, "c")

    report = import_pages(tmp_path, author=learner)

    assert report.created == ["c", "b", "a"]


def test_skipping_existing_pages_leaves_them_as_they_are(tmp_path, make_page, learner):
    page = make_page(title="Kept", body="Edited on the site.")
    _write(tmp_path, "kept.md", {"title": "Kept"}, "From the folder.")

    report = import_pages(tmp_path, author=learner, update_existing=False)

    assert report.skipped == ["kept"] and page.revisions.count() == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"orphan.2.md": {"title": "Orphan"}}, "orphan.2.md: a later text of orphan.md"),
        ({"who.md": {"title": "Who", "author": "nobody"}}, "who.md: no user called 'nobody'"),
        ({"who.md": {"title": "Who"}, "who.2.md": {"author": "nobody"}}, "who.2.md: no user"),
    ],
)
def test_import_names_the_file_it_cannot_read(tmp_path, learner, files, message):
    for name, meta in files.items():
        _write(tmp_path, name, meta, "text")

    with pytest.raises(CommandError, match=message):
        call_command("import_wiki", str(tmp_path), author=learner.username)
    assert not Page.objects.exists()
