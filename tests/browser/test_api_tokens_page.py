"""/settings/tokens/ in Chromium: made and revoked without JavaScript, on a 375 px phone."""

import pytest
from playwright.sync_api import expect

from api.models import ApiToken
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_and_revoke_a_token_on_a_phone_without_javascript(browser_login, live_server):
    user = UserFactory(username="grace")
    page = browser_login(user, javascript=False, viewport={"width": 375, "height": 800})
    page.goto(f"{live_server.url}/u/grace/edit/")
    assert_accessible(page)
    page.get_by_role("link", name="API tokens").click()
    assert_accessible(page)

    page.get_by_label("Name").fill("My React app")
    page.get_by_label("Read and write").check()
    page.get_by_role("button", name="Make token").click()

    secret = page.get_by_role("textbox", name="Token").input_value()
    assert secret.startswith("nxs_")
    token = ApiToken.objects.get(user=user)
    assert token.scope == "write" and secret not in token.key_hash
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)

    page.get_by_role("button", name="Revoke My React app").click()
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()
    assert secret not in page.content()
    assert_accessible(page)
    token.refresh_from_db()
    assert token.revoked_at is not None
