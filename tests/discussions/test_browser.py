"""The whole loop in a real browser, with JavaScript on and off:
A posts a challenge, B answers, A comments, B replies, A accepts, A finds the
"turn into wiki page" link, and B reads the notifications."""

import re

import pytest
from playwright.sync_api import expect

from knowledge.models import Topic
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(context, live_server, username):
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name=username)).to_be_visible()
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_challenge_journey(browser, live_server, javascript):
    UserFactory(username="ada", track="backend")
    UserFactory(username="grace", track="frontend")
    Topic.objects.create(name="Celery", slug="celery")
    a = _login(browser.new_context(java_script_enabled=javascript), live_server, "ada")
    b = _login(browser.new_context(java_script_enabled=javascript), live_server, "grace")

    # A posts a challenge.
    a.goto(f"{live_server.url}/challenges/new/")
    a.fill("input[name=title]", "Celery tasks vanish without an error")
    a.fill("textarea[name=body]", "The nightly task **sometimes** never runs.")
    a.get_by_label("Celery").check()
    a.get_by_role("button", name="Post challenge").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Celery tasks vanish without an error")
    expect(a.locator(".prose strong")).to_have_text("sometimes")
    challenge_url = a.url

    # B answers.
    b.goto(challenge_url)
    b.fill("form.solution-form textarea[name=body]", "Add retries with back-off and a time limit.")
    b.get_by_role("button", name="Post solution").click()
    solution = b.locator("article.solution").first
    expect(solution).to_contain_text("Add retries with back-off")
    solution_id = solution.get_attribute("id")

    # A comments on the solution: in place with htmx, back at the anchor without JS.
    a.goto(challenge_url)
    thread = a.locator(f"#{solution_id} .comments")
    thread.locator("textarea[name=body]").fill("Which back-off do you use, @grace?")
    thread.get_by_role("button", name="Add comment").click()
    expect(a.locator(f"#{solution_id} .comment-list")).to_contain_text("Which back-off")
    if javascript:
        assert "#comment-" not in a.url  # no reload: the thread was swapped in place
        expect(a.locator(f"#{solution_id} .comments textarea[name=body]")).to_have_value("")
    else:
        assert re.search(r"#comment-\d+$", a.url)

    # B replies.
    b.goto(challenge_url)
    b_thread = b.locator(f"#{solution_id} .comments")
    b_thread.locator("textarea[name=body]").fill("Exponential, starting at one second.")
    b_thread.get_by_role("button", name="Add comment").click()
    expect(b.locator(f"#{solution_id} .comment-list")).to_contain_text("Exponential")

    # A accepts B's solution; the challenge is solved and can become a wiki page.
    a.goto(challenge_url)
    a.locator(f"#{solution_id}").get_by_role("button", name="Accept this solution").click()
    expect(a.locator(f"#{solution_id}")).to_contain_text("Accepted solution")
    expect(a.locator(".status-solved").first).to_be_visible()
    challenge_id = re.search(r"/challenges/(\d+)/", challenge_url).group(1)
    link = a.get_by_role("link", name="Turn into wiki page")
    expect(link).to_have_attribute("href", f"/wiki/new/?from_challenge={challenge_id}")

    # B sees the notifications, with the unread count in the header.
    b.goto(f"{live_server.url}/")
    expect(b.locator("#unread-badge .badge")).to_be_visible()
    b.get_by_role("link", name=re.compile("Notifications")).click()
    expect(b.locator(".notification-list")).to_contain_text("accepted your solution")
    expect(b.locator(".notification-list")).to_contain_text("commented on your solution")
    b.get_by_role("button", name="Mark all read").click()
    expect(b.locator("#unread-badge .badge")).to_have_count(0)
