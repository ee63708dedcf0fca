"""The first journey in a real browser: sign up, confirm, log in, edit the profile, log out."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "river-lantern-orbit-42"
PASSWORD_LABEL = re.compile(r"^Password:?$")


def test_sign_up_confirm_log_in_edit_profile_log_out(page, live_server):
    base = live_server.url
    page.goto(f"{base}/")
    assert_accessible(page)

    page.get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email").fill("lin@example.org")
    page.get_by_label("Username").fill("lin")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(f"{base}/accounts/confirm-email/")
    assert_accessible(page)
    assert len(mail.outbox) == 1
    confirm_path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body)

    # The mail is opened later, in a fresh session.
    page.context.clear_cookies()
    page.goto(f"{base}{confirm_path.group(1)}")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert_accessible(page)
    page.get_by_label("Username or email").fill("lin")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page).to_have_url(f"{base}/")
    header = page.get_by_role("navigation", name="Account")
    expect(header.get_by_role("link", name="lin")).to_be_visible()
    assert_accessible(page)

    header.get_by_role("link", name="lin").click()
    expect(page).to_have_url(f"{base}/u/lin/")
    assert_accessible(page)
    page.get_by_role("link", name="Edit profile").click()
    assert_accessible(page)
    page.get_by_label("Display name").fill("Lin Backend")
    page.get_by_label("Track").select_option("backend")
    page.get_by_label("Short bio").fill("Learning Django and PostgreSQL.")
    page.get_by_label("GitHub").fill("https://github.com/lin")
    page.get_by_label("Portfolio or website").fill("https://lin.example.org/")
    page.get_by_role("button", name="Save profile").click()

    expect(page).to_have_url(f"{base}/u/lin/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lin Backend")
    expect(page.get_by_text("Backend", exact=True)).to_be_visible()
    expect(page.get_by_text("Learning Django and PostgreSQL.")).to_be_visible()
    expect(page.get_by_role("link", name="GitHub")).to_have_attribute(
        "href", "https://github.com/lin"
    )
    expect(page.get_by_role("link", name="Portfolio")).to_have_attribute(
        "href", "https://lin.example.org/"
    )
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved.")
    assert_accessible(page)

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="lin")
    ).to_have_count(0)
    assert_accessible(page)
