"""A learner logged out in another tab while editing loses nothing: after logging in again
the editor holds what they typed, and Save saves it."""

import re

import pytest
from playwright.sync_api import expect

from knowledge import services
from knowledge.models import Category
from tests.browser.axe import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_edit_sent_after_logging_out_elsewhere_comes_back_after_log_in(page, live_server):
    ada = UserFactory(username="ada")
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    wiki_page = services.page_create(title="Redis", category=guides, body="First.", author=ada)

    page.goto(f"{live_server.url}/accounts/login/?next=/wiki/redis/edit/")
    assert_accessible(page)
    page.fill("input[name=login]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/wiki/redis/edit/$"))
    assert_accessible(page)
    page.fill("textarea[name=body]", "Eviction: allkeys-lru for a cache.")
    page.fill("input[name=summary]", "Eviction notes")

    # Another tab of the same browser logs out.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    assert_accessible(other)
    other.get_by_role("button", name="Log out").click()
    expect(other.get_by_role("link", name="Log in")).to_be_visible()
    other.close()

    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text("What you typed is kept")).to_be_visible()
    assert_accessible(page)
    page.fill("input[name=login]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(re.compile(r"/wiki/redis/edit/$"))
    expect(page.get_by_text("What you typed is back in the form")).to_be_visible()
    expect(page.locator("textarea[name=body]")).to_have_value("Eviction: allkeys-lru for a cache.")
    expect(page.locator("input[name=summary]")).to_have_value("Eviction notes")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Save")).click()
    expect(page.locator(".prose")).to_contain_text("allkeys-lru")
    assert_accessible(page)
    wiki_page.refresh_from_db()
    assert wiki_page.current_revision.number == 2
    assert wiki_page.current_revision.summary == "Eviction notes"


def test_a_comment_with_a_stale_token_shows_the_text_back_with_javascript(page, live_server):
    from discussions import services as discussions

    ada = UserFactory(username="ada")
    challenge = discussions.challenge_create(author=ada, title="Flaky tests", body="Why?")
    page.goto(f"{live_server.url}/accounts/login/?next={challenge.get_absolute_url()}")
    assert_accessible(page)
    page.fill("input[name=login]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Flaky tests")
    assert_accessible(page)

    # The token the page holds no longer matches the browser's (as after logging in elsewhere).
    page.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
    thread = page.locator(f"#comments-c{challenge.pk}")
    thread.get_by_text("Add a comment").click()  # comments fold behind it
    thread.locator("textarea[name=body]").fill("Run them with -p no:randomly.")
    thread.get_by_role("button", name="Add comment").click()

    expect(page.get_by_role("heading", name="That form had gone stale")).to_be_visible()
    expect(page.get_by_label("Text")).to_have_value("Run them with -p no:randomly.")
    assert_accessible(page)
    assert not challenge.comments.exists()
