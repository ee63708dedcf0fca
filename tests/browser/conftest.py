"""Browser tests: a log-in fixture, and the guard that every page a test visits passes axe and
breaks no rule of the Content-Security-Policy.

The guard wraps `browser.new_context` for the test, so it follows every page of every context:
the `page` fixture's, the ones `browser_login` opens, and any a test makes itself. A CSP
violation (the page's `securitypolicyviolation` event, or Chromium's console message about the
Content Security Policy) fails the test with the directive and the URL, and so does a
Permissions-Policy header that Chromium cannot read.
"""

import contextlib
import os

import pytest
from django.conf import settings
from django.test import Client

from tests.browser.axe import assert_accessible

__all__ = ["assert_accessible"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still plain synchronous ones.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, live_server):
    # Asking for live_server here starts it before the browser, so it stops after the browser
    # (fixtures tear down last-in, first-out): Chromium closes its keep-alive connections
    # while the server and its request threads are still up.
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"],
    }  # fmt: skip


# Runs first in every document of a guarded context, before the page's own scripts.
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : "";
  const sample = event.sample ? `: ${event.sample}` : "";
  window.__nexusCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ` +
    `${event.documentURI}${where}${sample}`
  );
}, true);
"""


def _track(page, pages: list, violations: list) -> None:
    if any(p is page for p in pages):
        return
    page._nexus_checked_urls = set()
    page._nexus_visited = []

    def console(message):
        # Chromium's own words for a blocked load or inline code, and for a Permissions-Policy
        # header it cannot read (a misspelt or unknown feature is silently not turned off).
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", console)

    def record(frame):
        if frame == page.main_frame:
            url = frame.url.split("#")[0]
            if url.startswith("http") and url not in page._nexus_visited:
                page._nexus_visited.append(url)

    page.on("framenavigated", record)
    pages.append(page)


@pytest.fixture(autouse=True)
def _every_visited_page_is_checked(request, monkeypatch):
    """Fail a browser test that navigated to a page without `assert_accessible(page)`."""
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    pages: list = []
    contexts: list = []
    # Kept on the test's node, so a test of the guard itself can read (and clear) it.
    violations: list = []
    request.node.csp_violations = violations
    new_context = browser.new_context

    def tracked_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context._nexus_javascript = kwargs.get("java_script_enabled", True)
        if context._nexus_javascript:
            context.expose_binding(
                "__nexusCspViolation", lambda source, text: violations.append(text)
            )
            context.add_init_script(_REPORT_CSP_VIOLATIONS)
        new_page = context.new_page

        def tracked_page(*a, **kw):
            page = new_page(*a, **kw)
            _track(page, pages, violations)
            return page

        context.new_page = tracked_page
        context.on("page", lambda page: _track(page, pages, violations))  # pop-ups
        contexts.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", tracked_context)
    yield
    missed = [url for page in pages for url in page._nexus_visited
              if url not in page._nexus_checked_urls]  # fmt: skip
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test or pytest-playwright
            context.close()
    problems = []
    if missed:
        problems.append(f"pages visited without assert_accessible(page): {missed}")
    if violations:
        problems.append("Content-Security-Policy violations:")
        problems.extend(f"- {v}" for v in dict.fromkeys(violations))
    assert not problems, "\n".join(problems)


@pytest.fixture
def browser_login(browser, live_server):
    """browser_login(user, page=None, *, javascript=True, **context_args) -> a logged-in page.

    Logs `user` in on the server (a session cookie, no log-in form): into `page`'s context, or
    into a new context (JavaScript on or off, plus any Playwright context arguments) whose new
    page it returns. test_account_journey.py drives the log-in form itself.
    """

    def log_in(user, page=None, *, javascript=True, **context_args):
        if page is None:
            context = browser.new_context(java_script_enabled=javascript, **context_args)
            page = context.new_page()
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        return page

    return log_in
