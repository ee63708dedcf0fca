"""/api/docs/: Swagger UI from this site's own files, working under a strict
Content-Security-Policy (scripts and styles from 'self' or nonced, no inline code)."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The site's policy (SECURE_CSP, with the nonce Django adds), as the docs view widens it.
POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-abc123'; style-src 'self' 'nonce-abc123'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def test_the_docs_work_under_a_strict_policy(page, live_server):
    outside, violations = [], []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on(
        "request",
        lambda r: (
            outside.append(r.url) if not r.url.startswith((live_server.url, "data:")) else None
        ),
    )

    def with_policy(route):
        response = route.fetch()
        route.fulfill(response=response, headers={**response.headers,
                                                   "content-security-policy": POLICY})  # fmt: skip

    page.route(f"{live_server.url}/api/docs/**", with_policy)
    page.goto(f"{live_server.url}/api/docs/")

    expect(page.get_by_text("List wiki pages").first).to_be_visible()
    expect(page.get_by_role("heading", name="Project Nexus API")).to_be_visible()
    assert_accessible(page)
    assert violations == []
    assert outside == []  # no CDN: everything from the site itself
