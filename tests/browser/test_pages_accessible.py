"""Pages a reader reaches without an account, checked with axe in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_errors_are_shown_inline_and_accessibly(page, live_server):
    UserFactory(username="taken")
    page.goto(f"{live_server.url}/accounts/signup/")
    assert_accessible(page)
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_label("Username").fill("taken")
    page.get_by_label(re.compile(r"^Password:?$")).fill("12345678")
    page.get_by_label("Password (again)").fill("12345678")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("A user with that username already exists.")).to_be_visible()
    expect(page.get_by_text("This password is too common.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("someone@example.org")
    expect(page.get_by_label("Username")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_password_reset_and_not_found_pages_are_accessible(page, live_server):
    page.goto(f"{live_server.url}/accounts/password/reset/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/no/such/page/")
    expect(page.get_by_role("heading", name="We couldn't find that")).to_be_visible()
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, live_server):
    page.set_viewport_size({"width": 375, "height": 740})  # a phone
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
