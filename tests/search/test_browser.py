"""What a learner does: type in the header box, see highlighted results, pick one by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.search.factories import make_challenge, make_page, make_topic

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
    return {"page": page, "challenge": challenge}


def test_search_as_you_type_and_keyboard(page, live_server, content):
    page.goto(f"{live_server.url}/search/")
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


def test_enter_without_choosing_submits_the_search(page, live_server, content):
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("celery retry", delay=40)
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_visible()
    box.press("Escape")
    expect(page.get_by_role("listbox", name="Suggestions")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=celery\+retry$"))
    expect(page.locator(".search-result mark").first).to_be_visible()


def test_header_search_works_without_javascript(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    page.get_by_role("combobox", name="Search").fill("celery retry")
    page.get_by_role("search").first.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=celery\+retry$"))
    results = page.locator(".search-result")
    expect(results.first).to_contain_text("Celery task retry never stops")
    expect(results.filter(has_text="Wiki page")).to_have_count(1)
    expect(page.locator(".search-result mark").first).to_have_text(
        re.compile("celery|retr", re.IGNORECASE)
    )
    context.close()
