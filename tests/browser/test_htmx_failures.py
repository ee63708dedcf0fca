"""When the server fails an htmx request (a 5xx, no answer in time, a dropped connection), the
page says so in words next to the form that asked, and what the learner typed stays there.

The failures are made with Playwright's routing: the request never reaches Django, or its
answer is replaced, exactly as a proxy in front of a failing server would do.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.factories import UserFactory, make_challenge, make_solution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "Have you tried a connection pool in front of the database?"


@pytest.fixture
def challenge_page(browser_login, live_server):
    ada = UserFactory(username="ada", approved_posts=5)
    grace = UserFactory(username="grace", approved_posts=5)
    challenge = make_challenge("Too many connections", "Postgres refuses clients.", author=grace)
    solution = make_solution(challenge, "Put PgBouncer in front of it.", author=grace)
    page = browser_login(ada)
    page.goto(f"{live_server.url}{challenge.get_absolute_url()}")
    assert_accessible(page)
    return page, challenge, solution


def _fail_htmx_posts(page, url_glob, handler):
    """Route only htmx's POSTs to `url_glob` to `handler`; everything else reaches the server."""

    def route(route):
        request = route.request
        if request.method == "POST" and request.headers.get("hx-request") == "true":
            handler(route)
        else:
            route.continue_()

    page.route(url_glob, route)


def _open_comment_form(page, challenge):
    thread = page.locator(f"#comments-c{challenge.pk}")
    thread.get_by_text("Add a comment").click()
    box = thread.locator("textarea[name=body]")
    box.fill(TEXT)
    return thread, box


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (500, "Something went wrong on our side, so this may not have been saved."),
        (503, "The site is too busy right now; nothing was saved."),
    ],
)
def test_a_server_error_on_a_comment_says_so_and_keeps_the_text(challenge_page, status, said):
    page, challenge, _ = challenge_page
    _fail_htmx_posts(
        page,
        f"**/challenges/{challenge.pk}/comments/",
        lambda route: route.fulfill(status=status, body="upstream failure"),
    )
    thread, box = _open_comment_form(page, challenge)
    thread.get_by_role("button", name="Add comment").click()

    alert = thread.locator(".comment-form").get_by_role("alert")
    expect(alert).to_have_text(f"{said} Your text is still here. Try again in a moment.")
    expect(box).to_have_value(TEXT)
    assert_accessible(page)

    # The server is back: the same text posts, and the message goes with the old form.
    page.unroute_all()
    thread.get_by_role("button", name="Add comment").click()
    expect(thread.locator(".comment-list")).to_contain_text(TEXT)
    expect(page.locator(".htmx-failure")).to_have_count(0)
    assert_accessible(page)


def test_a_dropped_connection_on_a_comment_says_nothing_was_saved(challenge_page):
    page, challenge, _ = challenge_page
    _fail_htmx_posts(page, f"**/challenges/{challenge.pk}/comments/", lambda r: r.abort())
    thread, box = _open_comment_form(page, challenge)
    thread.get_by_role("button", name="Add comment").click()

    expect(thread.get_by_role("alert")).to_have_text(
        "Could not reach the server; nothing was saved. Your text is still here. Try again."
    )
    expect(box).to_have_value(TEXT)
    assert_accessible(page)


def test_a_comment_the_server_never_answers_times_out_with_a_message(challenge_page):
    page, challenge, _ = challenge_page
    # What the site sets: long enough for a slow answer, short enough not to leave one waiting.
    assert 5_000 <= page.evaluate("htmx.config.timeout") <= 30_000
    page.evaluate("htmx.config.timeout = 1000")  # the test needs not wait the full time
    held = []
    _fail_htmx_posts(page, f"**/challenges/{challenge.pk}/comments/", held.append)  # no answer
    thread, box = _open_comment_form(page, challenge)
    thread.get_by_role("button", name="Add comment").click()

    expect(thread.get_by_role("alert")).to_have_text(
        "The server took too long to answer, so this may not have been saved. "
        "Your text is still here. Try again in a moment."
    )
    expect(box).to_have_value(TEXT)
    assert held, "the comment never reached the route"
    assert_accessible(page)
    page.unroute_all(behavior="ignoreErrors")


def test_a_vote_that_fails_says_so_beside_the_button(challenge_page):
    page, _, solution = challenge_page
    _fail_htmx_posts(page, f"**/solutions/{solution.pk}/vote/", lambda r: r.abort())
    vote = page.locator(f"#vote-{solution.pk}")
    vote.get_by_role("button", name="Vote up").click()
    expect(vote.get_by_role("alert")).to_have_text(
        "Could not reach the server; nothing was saved. Try again."
    )
    expect(vote.locator(".score")).to_have_text("0 votes")
    assert_accessible(page)

    page.unroute_all()
    vote.get_by_role("button", name="Vote up").click()
    expect(page.locator(f"#vote-{solution.pk} .score")).to_have_text("1 vote")
    expect(page.locator(".htmx-failure")).to_have_count(0)


def test_search_as_you_type_says_when_the_server_fails_and_recovers(page, live_server):
    make_challenge("Celery task retry never stops", "It retries forever.")
    page.goto(f"{live_server.url}/search/")
    assert_accessible(page)
    page.route("**/search/suggest/**", lambda route: route.fulfill(status=500, body="boom"))
    box = page.get_by_role("combobox", name="Search")
    box.press_sequentially("celery", delay=30)
    search = page.locator("form.header-search")
    expect(search.get_by_role("alert")).to_have_text(
        "Something went wrong on our side. Try again in a moment."
    )
    expect(box).to_have_value("celery")
    assert_accessible(page)

    page.unroute_all()
    box.press_sequentially(" retry", delay=30)
    expect(page.get_by_role("listbox", name="Suggestions")).to_contain_text(
        "Celery task retry never stops"
    )
    expect(search.locator(".htmx-failure")).to_have_count(0)
