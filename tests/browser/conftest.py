"""Shared browser-test helpers: every page a browser test visits must pass axe."""

import pytest

from tests.browser.axe import assert_accessible

__all__ = ["assert_accessible"]


@pytest.fixture(autouse=True)
def _every_visited_page_is_checked(request):
    """Fail a browser test that navigated to a page without `assert_accessible(page)`."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    visited: list[str] = []
    page._nexus_checked_urls = set()

    def record(frame):
        if frame == page.main_frame:
            url = frame.url.split("#")[0]
            if url.startswith("http") and url not in visited:
                visited.append(url)

    page.on("framenavigated", record)
    yield
    missed = [url for url in visited if url not in page._nexus_checked_urls]
    assert not missed, f"pages visited without assert_accessible(page): {missed}"
