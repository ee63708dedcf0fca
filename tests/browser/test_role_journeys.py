"""Issue 12's "done when": a journey per role (reader, learner, suspended learner, moderator), each
on a desktop (1280x860) and on a phone (390x844), in a real Chromium with JavaScript.

On the phone the main links sit behind the header's "Menu"; every page visited passes axe (light
and dark) and scrolls no wider than the screen.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from moderation.models import ModerationLogEntry
from tests.browser.axe import assert_accessible
from tests.factories import (
    FlagFactory,
    ModeratorFactory,
    UserFactory,
    make_challenge,
    make_page,
    make_solution,
    make_topic,
    revise_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
TITLE = "Gunicorn workers time out under load"


def check(page):
    """axe, light and dark, and no sideways scroll."""
    assert_accessible(page)
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} scrolls sideways: {scroll_width} > {width}"


def visit(page, url):
    page.goto(url)
    check(page)


def go(page, name):
    """Follow a main link: in the header on a desktop, behind the "Menu" on a phone."""
    link = page.get_by_role("navigation", name="Main").get_by_role("link", name=name)
    menu = page.locator(".site-menu > summary")
    if page.viewport_size["width"] < 600:
        expect(link).to_be_hidden()
        menu.click()
    else:
        expect(menu).to_be_hidden()
    expect(link).to_be_visible()
    link.click()
    check(page)


@VIEWPORTS
def test_a_reader_browses_searches_and_is_asked_to_log_in_to_post(page, live_server, viewport):
    page.set_viewport_size(viewport)
    ada = UserFactory(username="ada")
    make_challenge(TITLE, "The **sync** workers block on slow upstream calls.", author=ada)
    make_challenge("Redis evicts keys too early", "maxmemory-policy is allkeys-lru.", author=ada)
    wiki_page = make_page("Celery", "Celery runs tasks in workers.", author=ada)
    revise_page(wiki_page, "Celery runs tasks in workers; retries back off.", author=ada)
    base = live_server.url

    visit(page, f"{base}/")
    go(page, "Challenges")
    expect(page).to_have_url(f"{base}/challenges/")
    page.locator(".challenge-list").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose strong")).to_have_text("sync")
    expect(page.get_by_role("button", name="Post solution")).to_have_count(0)
    check(page)

    box = page.get_by_role("combobox", name="Search")
    expect(box).to_be_visible()
    box.fill("gunicorn")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=gunicorn$"))
    results = page.locator(".search-result")
    expect(results.first).to_contain_text(TITLE)
    expect(results.filter(has_text="Redis evicts")).to_have_count(0)
    check(page)

    go(page, "Wiki")
    expect(page).to_have_url(f"{base}/wiki/")
    page.locator("main").get_by_role("link", name="Celery", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Celery")
    expect(page.locator(".wiki-body")).to_contain_text("retries back off")
    check(page)
    page.get_by_role("link", name="History").click()
    expect(page).to_have_url(f"{base}/wiki/celery/history/")
    expect(page.locator(".wiki-history tbody tr")).to_have_count(2)
    check(page)

    visit(page, f"{base}/")
    page.get_by_role("link", name="Post a challenge").click()
    expect(page).to_have_url(
        re.compile(r"/accounts/login/\?next=(/|%2F)challenges(/|%2F)new(/|%2F)$")
    )
    expect(page.locator("input[name=login]")).to_be_visible()
    check(page)


@VIEWPORTS
def test_a_learner_posts_comments_and_watches(browser_login, live_server, viewport):
    ada = UserFactory(username="ada", approved_posts=5, track="backend")
    grace = UserFactory(username="grace", track="frontend")
    make_topic("Celery")
    other = make_challenge(TITLE, "The sync workers block on slow upstream calls.", author=grace)
    base = live_server.url
    page = browser_login(ada, viewport=viewport)

    visit(page, f"{base}/")
    page.get_by_role("link", name="Post a challenge").click()
    expect(page).to_have_url(f"{base}/challenges/new/")
    check(page)
    page.fill("input[name=title]", "Celery beat runs every task twice")
    page.fill("textarea[name=body]", "Two beat processes? The task **runs twice** at midnight.")
    page.get_by_label("Celery").check()
    page.get_by_role("button", name="Post challenge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Celery beat runs every task twice")
    expect(page.locator(".prose strong")).to_have_text("runs twice")
    expect(page.locator(".topics")).to_contain_text("Celery")
    expect(page.get_by_text("Awaiting review")).to_have_count(0)  # past the held-posts threshold
    check(page)

    go(page, "Challenges")
    page.locator(".challenge-list").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    check(page)
    thread = page.locator(f"#comments-c{other.pk}")
    thread.get_by_text("Add a comment").click()  # comments fold behind it
    thread.locator("textarea[name=body]").fill("Have you tried gevent workers, @grace?")
    thread.get_by_role("button", name="Add comment").click()
    comment = page.locator(f"#comments-c{other.pk} .comment", has_text="Have you tried gevent")
    expect(comment).to_be_visible()
    expect(comment).not_to_contain_text("Awaiting review")
    check(page)

    watch = page.locator(".watch-form button")
    expect(watch).to_have_text("Watch")
    watch.click()
    expect(page.locator(".watch-form button")).to_have_text("Stop watching")
    expect(page.locator(".watch-form button")).to_have_attribute("aria-pressed", "true")
    check(page)

    page.get_by_role("navigation", name="Account").get_by_role("link", name="ada").click()
    expect(page).to_have_url(f"{base}/u/ada/")
    check(page)
    page.get_by_role("link", name="What you watch").click()
    expect(page).to_have_url(f"{base}/u/ada/watching/")
    watched = page.locator(".watch-list").first
    expect(watched.get_by_role("link", name=TITLE)).to_be_visible()
    expect(watched.get_by_role("link", name="Celery beat runs every task twice")).to_be_visible()
    check(page)


@VIEWPORTS
def test_a_suspended_learner_reads_but_cannot_post(browser_login, live_server, viewport):
    sam = UserFactory(
        username="sam",
        suspended_until=timezone.now() + timezone.timedelta(days=3),
        suspension_reason="Posting spam links",
    )
    make_challenge(TITLE, "The **sync** workers block.", author=UserFactory(username="ada"))
    end = f"{timezone.localtime(sam.suspended_until):%Y-%m-%d %H:%M}"
    base = live_server.url
    page = browser_login(sam, viewport=viewport)

    visit(page, f"{base}/")
    banner = page.locator(".banner-warning")
    expect(banner).to_contain_text(f"Your account is suspended until {end}")
    expect(banner).to_contain_text("Posting spam links")
    expect(page.get_by_role("link", name="Post a challenge")).to_have_count(0)
    expect(page.get_by_role("link", name="Write a page")).to_have_count(0)

    answer = page.goto(f"{base}/challenges/new/")
    assert answer.status == 403
    expect(page.locator("main")).to_contain_text(f"suspended until {end}")
    expect(page.locator("main")).to_contain_text("Posting spam links")
    expect(page.locator("form.challenge-form")).to_have_count(0)
    expect(page.locator("input[name=title]")).to_have_count(0)
    check(page)

    go(page, "Challenges")
    expect(page.get_by_role("link", name="Post a challenge")).to_have_count(0)
    page.locator(".challenge-list").get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".prose strong")).to_have_text("sync")
    expect(page.locator(".comment-form")).to_have_count(0)
    expect(page.locator("form.solution-form")).to_have_count(0)
    expect(banner).to_contain_text("Posting spam links")
    check(page)


@VIEWPORTS
def test_a_moderator_hides_a_flagged_post_reads_the_log_and_restores_it(
    browser_login, live_server, viewport
):
    mo = ModeratorFactory(username="mo")
    bea = UserFactory(username="bea")
    finn = UserFactory(username="finn")
    challenge = make_challenge(TITLE, "The sync workers block.", author=finn)
    solution = make_solution(challenge, "Turn the **timeout** off: `--timeout 0`.", author=bea)
    FlagFactory(target=solution, flagger=finn, note="Hides the real problem")
    base = live_server.url
    page = browser_login(mo, viewport=viewport)

    visit(page, f"{base}/")
    queue_link = page.get_by_role("navigation", name="Account").get_by_role(
        "link", name=re.compile("Review queue")
    )
    expect(queue_link).to_be_visible()
    expect(queue_link).to_contain_text("1")
    queue_link.click()
    expect(page).to_have_url(f"{base}/moderation/")
    row = page.locator(f"#review-solution-{solution.pk}")
    expect(row).to_contain_text("Solution by bea to")
    expect(row.locator(".review-body strong")).to_have_text("timeout")
    expect(row.locator(".review-body")).to_contain_text("--timeout 0")
    expect(row).to_contain_text("Hides the real problem")
    check(page)

    row.get_by_label("Reason for hiding").fill("Unsafe advice: workers hang forever")
    row.get_by_role("button", name="Hide").click()
    expect(row).to_contain_text("Hidden.")
    expect(row.get_by_role("button", name="Restore")).to_be_visible()
    check(page)

    visit(page, f"{base}/moderation/log/")
    table = page.locator("table.log-table")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Hid")
    expect(table).to_contain_text("Unsafe advice: workers hang forever")
    table.get_by_role("link", name=f"Solution by bea to “{TITLE}”").click()
    expect(page).to_have_url(re.compile(rf"/challenges/{challenge.pk}/.*#solution-{solution.pk}$"))
    box = page.locator(f"#solution-{solution.pk}")
    expect(box).to_contain_text("Hidden by a moderator: Unsafe advice: workers hang forever")
    check(page)

    page.locator(f"#item-tools-solution-{solution.pk}").get_by_role(
        "button", name="Restore"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Restored.")
    expect(page.locator(f"#solution-{solution.pk}")).not_to_contain_text("Hidden by a moderator")
    check(page)
    solution.refresh_from_db()
    assert solution.hidden_at is None

    visit(page, f"{base}/moderation/log/")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Restored")
    assert ModerationLogEntry.objects.count() == 2
