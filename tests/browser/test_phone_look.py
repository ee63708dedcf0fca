"""The look on a 375 px phone: a header of at most two rows whose menu opens without JavaScript,
a history that keeps every column, a diff that wraps at spaces, folded challenge filters, and an
empty editor that asks the server for nothing."""

import pytest
from playwright.sync_api import expect

from discussions import services as discussions
from knowledge import services as wiki
from knowledge.models import Category
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
HEADER_ROWS = """() => {
  const tops = [...document.querySelectorAll('.header-row > *')]
    .filter(e => e.getBoundingClientRect().height > 0)
    .map(e => { const r = e.getBoundingClientRect(); return Math.round((r.top + r.bottom) / 40); });
  return new Set(tops).size;
}"""
# Words split over two lines inside one text node of the diff (a token cut in the middle).
SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.diff td.diff-old, .diff td.diff-new')) {
    if (!cell.getClientRects().length) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    assert_accessible(page)
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name=username)
    ).to_be_visible()
    assert_accessible(page)


def _wiki_page_with_history(author):
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    first = (
        "Workers acknowledge a message with acks_late=True only after the task returns.\n\n"
        "Set retry_backoff_max=600 and visibility_timeout=3600 on the broker connection."
    )
    page = wiki.page_create(title="Celery notes", category=guides, body=first, author=author)
    second = first.replace("acks_late=True", "acks_late=True and reject_on_worker_lost=True")
    second = second.replace("visibility_timeout=3600", "visibility_timeout=7200")
    wiki.page_edit(
        page=page,
        author=author,
        body=second,
        base_revision=1,
        summary="Worker loss and a longer timeout",
    )
    return page


def test_the_header_takes_at_most_two_rows_for_every_role(page, live_server):
    UserFactory(username="ada")
    ModeratorFactory(username="mona")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    assert page.evaluate(HEADER_ROWS) <= 2
    for username in ("ada", "mona"):
        page.context.clear_cookies()
        _log_in(page, live_server.url, username)
        page.goto(f"{live_server.url}/challenges/")
        assert_accessible(page)
        assert page.evaluate(HEADER_ROWS) <= 2, username
        expect(page.get_by_role("link", name="Notifications")).to_be_visible()


def test_the_phone_menu_folds_and_opens_to_the_main_links(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    wiki_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Wiki")
    expect(wiki_link).to_be_hidden()
    page.locator(".site-menu > summary").click()
    expect(wiki_link).to_be_visible()
    assert_accessible(page)
    wiki_link.click()
    expect(page).to_have_url(f"{live_server.url}/wiki/")
    assert_accessible(page)


def test_on_a_desktop_the_main_links_stand_in_the_header(page, live_server):
    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Wiki")
    ).to_be_visible()
    assert page.evaluate(HEADER_ROWS) == 1


def test_the_phone_menu_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(f"{live_server.url}/")
        assert_accessible(tab)
        link = tab.locator(".site-menu").get_by_role("link", name="Challenges")
        expect(link).to_be_hidden()
        tab.locator(".site-menu > summary").click()
        link.click()
        expect(tab).to_have_url(f"{live_server.url}/challenges/")
        assert_accessible(tab)
    finally:
        context.close()


def test_the_history_keeps_size_summary_and_diff_on_a_phone(page, live_server):
    ada = UserFactory(username="ada")
    wiki_page = _wiki_page_with_history(ada)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{wiki_page.get_absolute_url()}history/")
    assert_accessible(page)
    newest = page.locator(".wiki-history tbody tr").first
    for cell in (newest.locator("td").nth(5), newest.locator("td").nth(6)):
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(newest).to_contain_text("Worker loss and a longer timeout")
    diff_link = newest.get_by_role("link", name="diff")
    expect(diff_link).to_be_in_viewport()
    diff_link.click()
    expect(page.locator(".diff")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(SPLIT_WORDS) == []


def test_challenge_filters_leave_the_first_screen_to_challenges(page, live_server):
    ada = UserFactory(username="ada")
    for n in range(3):
        discussions.challenge_create(author=ada, title=f"Slow query number {n}", body="x")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/challenges/")
    assert_accessible(page)
    expect(page.locator(".challenge-row").first).to_be_in_viewport()
    status = page.get_by_label("Status")
    expect(status).to_be_hidden()
    page.get_by_text("Filter and sort").click()
    expect(status).to_be_visible()
    status.select_option("open")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{live_server.url}/challenges/?status=open&topic=&track=&sort=newest")
    assert_accessible(page)


def test_an_empty_editor_asks_for_no_preview_until_there_is_text(page, live_server):
    UserFactory(username="ada")
    _log_in(page, live_server.url, "ada")
    previews = []
    page.on("request", lambda r: previews.append(r.url) if "markdownify" in r.url else None)
    page.goto(f"{live_server.url}/challenges/new/")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    assert previews == []
    page.locator("textarea[name=body]").fill("Redis **eviction** policies")
    expect(page.locator(".markdownx-preview strong")).to_have_text("eviction")
    assert previews
