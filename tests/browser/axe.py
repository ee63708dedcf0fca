"""Accessibility checks with axe-core (bundled by axe-playwright-python) inside the browser."""

from axe_playwright_python.sync_playwright import Axe

FAILING_IMPACTS = {"serious", "critical"}
_axe = Axe()


def _violations(page) -> list[dict]:
    results = _axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in FAILING_IMPACTS]


def _describe(violations: list[dict], scheme: str, url: str) -> str:
    lines = [f"{len(violations)} serious/critical accessibility violation(s) on {url} ({scheme}):"]
    for v in violations:
        targets = "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} -> {targets}")
    return "\n".join(lines)


def assert_accessible(page) -> None:
    """Fail on serious or critical axe violations, in the light and in the dark scheme.

    Records the URL as checked, so the browser fixtures can tell whether every page a test
    visited was checked. axe is a script, so a page without JavaScript is checked through a
    scripted twin: same browser, same cookies, same URL (so a no-JS test checks pages it
    reached by a GET, as after a post/redirect/get; only a one-off flash message differs).
    """
    if getattr(page.context, "_nexus_javascript", True) is False:
        url = page.url.split("#")[0]
        twin_context = page.context.browser.new_context()
        twin_context.add_cookies(page.context.cookies())
        try:
            twin = twin_context.new_page()
            twin.goto(url)
            assert_accessible(twin)
        finally:
            twin_context.close()
        page._nexus_checked_urls.add(url)
        return
    page.wait_for_load_state("load")
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        found = _violations(page)
        if found:
            problems.append(_describe(found, scheme, page.url))
    page.emulate_media(color_scheme="light")
    checked = getattr(page, "_nexus_checked_urls", None)
    if checked is not None:
        checked.add(page.url.split("#")[0])
    assert not problems, "\n".join(problems)
