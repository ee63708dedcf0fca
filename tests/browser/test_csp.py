"""The Content-Security-Policy in a real Chromium: the pages with the most moving parts (the
wiki editor's live preview, @-mentions, search as you type, htmx swaps) break none of its rules,
and the guard in conftest.py catches a page that does."""

import pytest
from playwright.sync_api import expect

from knowledge.models import Category
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory, make_challenge, make_page, make_solution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _document_headers(page) -> list:
    seen = []
    page.on(
        "response",
        lambda r: seen.append((r.url, r.all_headers())) if r.request.resource_type == "document"
        else None,
    )  # fmt: skip
    return seen


def test_the_busiest_pages_keep_to_the_policy(browser_login, live_server):
    Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    ada = UserFactory(username="ada", approved_posts=5)
    grace = UserFactory(username="grace", approved_posts=5)
    wiki = make_page("Connection pooling", "Pools keep connections **open**.", author=grace)
    challenge = make_challenge("Too many connections", "Postgres refuses clients.", author=grace)
    solution = make_solution(challenge, "Put PgBouncer in front of it.", author=grace)
    page = browser_login(ada)
    documents = _document_headers(page)
    base = live_server.url

    page.goto(f"{base}/")
    assert_accessible(page)
    # The logo tile takes the brand colour from site.css now that its style="" is gone.
    tile = page.locator(".site-header .logo")
    brand = page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--brand')")
    assert tile.evaluate("e => getComputedStyle(e).color") == page.evaluate(
        f"(() => {{ const d = document.createElement('i'); d.style.color = '{brand.strip()}';"
        " document.body.append(d); const c = getComputedStyle(d).color; d.remove(); return c; })()"
    )

    # The wiki editor: markdownx's live preview swaps rendered HTML in as you type.
    page.goto(f"{base}{wiki.get_absolute_url()}edit/")
    assert_accessible(page)
    page.locator("textarea[name=body]").fill(
        "## Sizes\n\n| pool | max |\n|---|---|\n| web | 20 |\n\n```python\nPOOL = 20\n```\n"
    )
    expect(page.locator(".markdownx-preview table")).to_be_visible()
    expect(page.locator(".markdownx-preview pre")).to_contain_text("POOL = 20")
    assert_accessible(page)

    # A challenge: related posts load by htmx, @-mentions list learners, a vote swaps in place.
    page.goto(f"{base}{challenge.get_absolute_url()}")
    assert_accessible(page)
    thread = page.locator(f"#comments-c{challenge.pk}")
    thread.get_by_text("Add a comment").click()
    thread.locator("textarea[name=body]").press_sequentially("Ask @gr", delay=30)
    mentions = page.get_by_role("listbox", name="Learners to mention")
    expect(mentions.get_by_role("option")).to_contain_text(["@grace"])
    # Styled by .mention-list in site.css rather than by inline styles.
    assert mentions.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    assert_accessible(page)
    page.keyboard.press("Escape")
    page.locator(f"#vote-{solution.pk}").get_by_role("button", name="Vote up").click()
    expect(page.locator(f"#vote-{solution.pk} .score")).to_have_text("1 vote")

    # Search as you type in the header (axe was run on this page before the list opened: its
    # links inside options are a known nested-interactive finding, see test_search.py).
    page.get_by_role("combobox", name="Search").press_sequentially("pool", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions")).to_contain_text("Connection pooling")

    assert documents, "no page was loaded"
    for url, headers in documents:
        policy = headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "camera=()" in headers.get("permissions-policy", ""), url
    # Any violation on the way fails this test in conftest's guard.


# Does something the policy forbids, and answers whether the page saw a violation for it
# (false after a few seconds without one, rather than waiting for ever).
_TRIP = """(trip) => new Promise((resolve) => {
  document.addEventListener("securitypolicyviolation", () => setTimeout(() => resolve(true)));
  setTimeout(() => resolve(false), 5000);
  if (trip === "style") {
    document.body.setAttribute("style", "background: red");
  } else {
    const img = new Image();
    img.src = "https://tracker.example.org/pixel.png";
    document.body.append(img);
  }
})"""


def test_the_guard_reports_a_violation_with_its_directive_and_url(page, live_server, request):
    page.goto(f"{live_server.url}/")
    assert_accessible(page)
    assert page.evaluate(_TRIP, "style"), "an inline style went through"
    assert page.evaluate(_TRIP, "image"), "an image from another site went through"
    page.evaluate("1")  # every report the page sent has reached the guard
    found = getattr(request.node, "csp_violations", [])
    url = f"{live_server.url}/"
    assert any("style-src" in v and url in v for v in found), found
    assert any(
        v.startswith("img-src blocked https://tracker.example.org/pixel.png on " + url)
        for v in found
    ), found
    # Both tripped on purpose: clear them so the guard lets this test pass.
    found.clear()
