"""The demo content is data (hub/demo/): every file is complete and names people and topics
that exist, the wiki loads through the same importer as `manage.py import_wiki`, and seeding
twice creates nothing new."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from discussions.models import Challenge, Comment, Solution, Vote
from hub.demo.challenges import challenge_specs
from hub.demo.files import WIKI, read_toml, topic_names
from hub.demo.people import DEMO_PASSWORD, demo_accounts
from knowledge.categories import CATEGORIES
from knowledge.markdown_files import front_matter, read_folder
from knowledge.models import Page, PageLink, PageRevision, Topic
from moderation.models import Flag, ModerationLogEntry
from notifications.models import Notification

PEOPLE = read_toml("people.toml")


def test_every_page_file_has_title_category_topics_author_and_summary():
    pages = read_folder(WIKI)
    assert len(pages) >= 30
    for page in pages:
        meta, body = front_matter((WIKI / page.names[0]).read_text())
        assert meta.keys() >= {"title", "category", "topics", "author", "summary"}, page.names
        assert meta["category"] in {c.name for c in CATEGORIES}, page.names
        assert set(meta["topics"]) <= set(topic_names()), page.names
        assert body.strip()
        for name, text in zip(page.names, page.texts, strict=True):
            assert text.author in PEOPLE and text.summary, name
    assert sorted(p.first.weight for p in pages) == list(range(1, len(pages) + 1))


def test_every_challenge_names_demo_people_and_topics():
    specs = challenge_specs()
    assert len(specs) >= 8
    for spec in specs:
        names = [spec["author"], *(c["author"] for c in spec.get("comment", []))]
        for solution in spec.get("solution", []):
            names += [solution["author"], *solution["votes"]]
            names += [c["author"] for c in solution.get("comment", [])]
        assert set(names) <= set(PEOPLE), spec["title"]
        assert set(spec["topics"]) <= set(topic_names()), spec["title"]
        assert sum(bool(s.get("accepted")) for s in spec.get("solution", [])) <= 1
    flags = read_toml("flags.toml")
    assert {f["by"] for f in flags["flag"]} | {flags["approval"]["by"]} <= set(PEOPLE)


@pytest.mark.django_db
def test_the_demo_wiki_loads_through_import_wiki():
    accounts = demo_accounts()

    call_command("import_wiki", str(WIKI), author=accounts.moderator.username, stdout=StringIO())

    files = read_folder(WIKI)
    assert Page.objects.count() == len(files)
    assert PageRevision.objects.count() == sum(len(f.texts) for f in files)
    celery = Page.objects.get(slug="celery")
    authors = celery.revisions.order_by("number").values_list("author__username", flat=True)
    assert list(authors) == [t.author for f in files if f.names[0] == "celery.md" for t in f.texts]
    assert not PageLink.objects.filter(target__isnull=True).exists(), "every demo link resolves"


COUNTED = [User, Page, PageRevision, PageLink, Topic, Challenge, Solution, Comment, Vote,
           Notification, Flag, ModerationLogEntry]  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.mark.django_db
def test_seed_demo_twice_creates_nothing_new_and_prints_the_log_ins():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())

    assert _counts() == first
    assert first["Page"] == len(read_folder(WIKI)) + 1  # and the page a solution turned into
    assert first["Challenge"] == len(challenge_specs())
    assert first["Flag"] == 2 and first["ModerationLogEntry"] == 1
    for username, spec in PEOPLE.items():
        assert re.search(
            rf"{spec['role']} +username {username} +password {DEMO_PASSWORD}", out.getvalue()
        )


@pytest.mark.django_db
def test_the_demo_has_portfolios_without_adding_challenges(client):
    """readmes/*.md go through the portfolio importer: overview, terms and takeaways only."""
    from portfolios.models import DeclaredTerm, Note, Portfolio

    call_command("seed_demo", stdout=StringIO())
    challenges = Challenge.objects.count()
    counts = (Portfolio.objects.count(), DeclaredTerm.objects.count(), Note.objects.count())
    assert counts[0] == 2 and counts[2] >= 5
    call_command("seed_demo", stdout=StringIO())
    assert (Portfolio.objects.count(), DeclaredTerm.objects.count(), Note.objects.count()) == counts
    assert Challenge.objects.count() == challenges == len(challenge_specs())

    page = client.get("/u/bea/learnings/").content.decode()
    assert "Notes from the backend track" in page
    assert "Agree on the API contract with the frontend" in page
    assert "Across 2 portfolios" in client.get("/learnings/").content.decode()
