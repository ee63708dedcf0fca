"""Control characters never reach the database from a form, feeds stay valid XML with rows
stored before that, their summaries are plain text, and their links use the site's address."""

import xml.etree.ElementTree as ET
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.contrib.sites.models import Site
from django.urls import reverse

from core.markdown import render_markdown
from core.sites import sync_site
from discussions import services as discussions
from discussions.models import Challenge
from knowledge import services as knowledge
from knowledge.models import Category, Page

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return ET.fromstring(response.content)  # raises on invalid XML


@pytest.fixture
def bad_rows(learner):
    """Rows stored before input was cleaned: a title with \\x0b, an edit summary with \\x01."""
    challenge = discussions.challenge_create(
        author=learner, title="Tabs\x0bbreak feeds", body="<b>Bold</b> and *em* & <script>x"
    )
    page = knowledge.page_create(
        title="Redis", category=Category.objects.first(), body="One.", author=learner,
        summary="first\x01 summary",
    )  # fmt: skip
    knowledge.page_edit(page=page, author=learner, body="Two.", base_revision=1, summary="\x01")
    return challenge, page


def test_feeds_with_control_characters_in_stored_rows_are_valid_xml(client, bad_rows, settings):
    challenge, page = bad_rows
    feeds = [
        reverse("discussions:challenge_feed"),
        reverse("knowledge:recent_changes_feed"),
        reverse("knowledge:page_history_feed", args=[page.slug]),
    ]

    for url in feeds:
        root = _feed(client, url)
        entries = root.findall(f"{ATOM}entry")
        assert entries, url
        for entry in entries:
            link = entry.find(f"{ATOM}link").get("href")
            assert link.startswith(settings.NEXUS_BASE_URL + "/"), link
    titles = [e.findtext(f"{ATOM}title") for e in _feed(client, feeds[0]).iter(f"{ATOM}entry")]
    assert titles == ["Tabsbreak feeds"]


def test_feed_summaries_are_plain_text(client, bad_rows):
    root = _feed(client, reverse("discussions:challenge_feed"))

    summary = root.find(f"{ATOM}entry").find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "Bold and em &"
    wiki = _feed(client, reverse("knowledge:recent_changes_feed")).find(f"{ATOM}entry")
    assert wiki.find(f"{ATOM}summary").get("type") == "text"


def test_the_site_row_has_the_sites_address(settings):
    assert Site.objects.get_current().domain == urlsplit(settings.NEXUS_BASE_URL).netloc

    settings.NEXUS_BASE_URL = "https://nexus.example.org"
    sync_site()

    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("nexus.example.org", settings.SITE_NAME)


def test_forms_strip_control_characters(learner_client):
    learner_client.post(
        "/challenges/new/", {"title": "Vertical\x0b tab\x00 here", "body": "Body\x01 text\x7f"}
    )
    learner_client.post(
        reverse("knowledge:page_new"),
        {"title": "Bell\x07 page", "category": Category.objects.first().pk,
         "body": "Text\x1b[31m", "summary": "sum\x01mary\tand\ttabs"},
    )  # fmt: skip

    challenge = Challenge.objects.get()
    assert (challenge.title, challenge.body) == ("Vertical tab here", "Body text")
    revision = Page.objects.get().current_revision
    assert (revision.title, revision.body) == ("Bell page", "Text[31m")
    assert revision.summary == "summary\tand\ttabs"


def test_control_characters_never_reach_rendered_html(learner):
    # (A NUL cannot be stored on PostgreSQL at all: the forms strip it before any save.)
    challenge = discussions.challenge_create(author=learner, title="Raw row", body="a\x0bb\x01c")

    assert challenge.body_html == "<p>abc</p>"
    assert render_markdown("a\x0bb\x00c") == "<p>abc</p>"
