"""Browser tests: a log-in fixture, and the guard that every page a test visits passes axe.

The guard wraps `browser.new_context` for the test, so it follows every page of every context:
the `page` fixture's, the ones `browser_login` opens, and any a test makes itself.
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


def _track(page, pages: list) -> None:
    if any(p is page for p in pages):
        return
    page._nexus_checked_urls = set()
    page._nexus_visited = []

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
    new_context = browser.new_context

    def tracked_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context._nexus_javascript = kwargs.get("java_script_enabled", True)
        new_page = context.new_page

        def tracked_page(*a, **kw):
            page = new_page(*a, **kw)
            _track(page, pages)
            return page

        context.new_page = tracked_page
        context.on("page", lambda page: _track(page, pages))  # pop-ups
        contexts.append(context)
        return context

    monkeypatch.setattr(browser, "new_context", tracked_context)
    yield
    missed = [url for page in pages for url in page._nexus_visited
              if url not in page._nexus_checked_urls]  # fmt: skip
    for context in contexts:
        with contextlib.suppress(Exception):  # already closed by the test or pytest-playwright
            context.close()
    assert not missed, f"pages visited without assert_accessible(page): {missed}"


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
