"""What a learner does with the wiki, in a real Chromium."""

import re

import pytest
from playwright.sync_api import expect

from knowledge import services
from knowledge.models import Category, Page
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guides(transactional_db):
    category, _ = Category.objects.get_or_create(
        slug="guides", defaults={"name": "Guides", "position": 4}
    )
    return category


def _save_edit(page, live_server, slug, body, summary=""):
    page.goto(f"{live_server.url}/wiki/{slug}/edit/")
    assert_accessible(page)
    page.fill("textarea[name=body]", body)
    page.fill("input[name=summary]", summary)
    page.get_by_role("button", name="Save changes").click()


def test_learner_writes_edits_compares_and_follows_a_missing_link(
    page, browser_login, live_server, guides
):
    browser_login(UserFactory(username="ada"), page)

    page.goto(f"{live_server.url}/wiki/new/")
    assert_accessible(page)
    page.fill("input[name=title]", "Message queues")
    page.fill("textarea[name=body]", "Queues decouple work.\n\nSee [[Dead letter queue]].")
    page.get_by_role("button", name="Create page").click()
    expect(page).to_have_url(re.compile(r"/wiki/message-queues/$"))
    expect(page.get_by_role("heading", name="Message queues")).to_be_visible()
    assert_accessible(page)

    body = "Queues decouple slow work.\n\nSee [[Dead letter queue]]."
    _save_edit(page, live_server, "message-queues", body, "wording")
    expect(page.get_by_text("Saved revision 2.")).to_be_visible()
    _save_edit(page, live_server, "message-queues", body.replace("work.", "work from requests."))
    expect(page.get_by_text("Saved revision 3.")).to_be_visible()

    page.get_by_role("link", name="History").click()
    expect(page.get_by_role("cell", name="wording")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Compare from revision 1").check()
    page.get_by_label("Compare to revision 3").check()
    page.get_by_role("button", name="Compare selected revisions").click()
    expect(page.locator("ins.diff-ins").first).to_contain_text("slow")
    expect(page.get_by_role("heading", name="Revision 1 → revision 3")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/wiki/message-queues/")
    page.locator("a.wikilink-missing", has_text="Dead letter queue").click()
    expect(page.locator("input[name=title]")).to_have_value("Dead letter queue")
    assert_accessible(page)
    page.fill("textarea[name=body]", "Where messages go after too many failed tries.")
    page.get_by_role("button", name="Create page").click()
    expect(page).to_have_url(re.compile(r"/wiki/dead-letter-queue/$"))
    expect(page.get_by_role("link", name="Message queues")).to_be_visible()  # linked from
    assert_accessible(page)

    page.goto(f"{live_server.url}/wiki/message-queues/")
    expect(page.locator("a.wikilink", has_text="Dead letter queue")).to_have_attribute(
        "href", "/wiki/dead-letter-queue/"
    )


def _two_editors(browser_login):
    ada = browser_login(UserFactory(username="ada"))
    grace = browser_login(UserFactory(username="grace"))
    return ada, grace


def test_two_browsers_with_separate_edits_merge(browser_login, live_server, guides):
    author = UserFactory(username="bea")
    services.page_create(
        title="Redis", category=guides, author=author,
        body="Redis keeps data in memory.\n\nIt is a cache.\n\nIt is also a broker.",
    )  # fmt: skip
    ada, grace = _two_editors(browser_login)
    ada.goto(f"{live_server.url}/wiki/redis/edit/")
    grace.goto(f"{live_server.url}/wiki/redis/edit/")
    assert_accessible(grace)
    assert_accessible(ada)

    ada.fill(
        "textarea[name=body]", "Redis keeps data in RAM.\n\nIt is a cache.\n\nIt is also a broker."
    )
    ada.get_by_role("button", name="Save changes").click()
    expect(ada.get_by_text("Saved revision 2.")).to_be_visible()
    assert_accessible(ada)

    grace.fill(
        "textarea[name=body]",
        "Redis keeps data in memory.\n\nIt is a cache.\n\nIt is also a broker for Celery.",
    )
    grace.get_by_role("button", name="Save changes").click()
    expect(grace.get_by_text("both were merged into revision 3")).to_be_visible()
    expect(grace.locator(".wiki-body")).to_contain_text("data in RAM")
    expect(grace.locator(".wiki-body")).to_contain_text("broker for Celery")
    assert_accessible(grace)


def test_two_browsers_with_overlapping_edits_see_a_conflict(browser_login, live_server, guides):
    author = UserFactory(username="bea")
    services.page_create(
        title="Docker", category=guides, author=author, body="Docker runs containers."
    )
    ada, grace = _two_editors(browser_login)
    ada.goto(f"{live_server.url}/wiki/docker/edit/")
    grace.goto(f"{live_server.url}/wiki/docker/edit/")
    assert_accessible(grace)
    assert_accessible(ada)

    ada.fill("textarea[name=body]", "Docker runs isolated containers.")
    ada.get_by_role("button", name="Save changes").click()
    expect(ada.get_by_text("Saved revision 2.")).to_be_visible()
    assert_accessible(ada)

    grace.fill("textarea[name=body]", "Docker packages apps as images and runs containers.")
    grace.get_by_role("button", name="Save changes").click()
    expect(grace.get_by_role("heading", name=re.compile("Edit conflict"))).to_be_visible()
    expect(grace.locator("textarea[name=body]")).to_have_value(
        "Docker packages apps as images and runs containers."
    )
    expect(grace.locator("table.diff")).to_contain_text("isolated")
    assert_accessible(grace)  # the conflict page

    grace.get_by_role("button", name="Save changes").click()  # resolved: keeps her text
    expect(grace.get_by_text("Saved revision 3.")).to_be_visible()
    assert_accessible(grace)
    assert Page.objects.get(slug="docker").current_revision.body.startswith("Docker packages")


def test_creating_and_editing_without_javascript(browser_login, live_server, guides):
    page = browser_login(UserFactory(username="ada"), javascript=False)

    page.goto(f"{live_server.url}/wiki/new/")
    assert_accessible(page)
    page.fill("input[name=title]", "Plain HTML")
    page.fill("textarea[name=body]", "Works **without** scripts.")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".wiki-preview strong")).to_have_text("without")
    page.get_by_role("button", name="Create page").click()
    expect(page).to_have_url(re.compile(r"/wiki/plain-html/$"))
    assert_accessible(page)

    _save_edit(page, live_server, "plain-html", "Works without any scripts at all.", "simpler")
    expect(page.get_by_text("Saved revision 2.")).to_be_visible()
    page.get_by_role("button", name="Watch").click()
    expect(page.get_by_role("button", name="Unwatch")).to_be_visible()
