"""Issue 4's "done when", in a real Chromium, with JavaScript on and with it off.

Learner A (ada) posts a challenge, learner B (grace) answers, A comments, B replies, A accepts
B's solution and turns it into a wiki page through the wiki's editor, and B finds the
notifications, opens one (which marks it read) and marks the rest read. Every page the two
learners land on is checked with axe (without JavaScript, through a JS-enabled twin tab:
tests/browser/axe.py).
The same test runs on PostgreSQL in scripts/pg_redis_pass.sh.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from knowledge.models import Category, Page, Topic
from notifications.models import Notification
from notifications.services import forget_unread_counts
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _badge(tab):
    return tab.locator("#unread-badge .badge")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_from_a_challenge_to_a_wiki_page_and_the_notifications(
    browser_login, live_server, javascript
):
    ada = UserFactory(username="ada", track="backend")
    grace = UserFactory(username="grace", track="frontend")
    Topic.objects.create(name="Celery", slug="celery")
    # Flushed by the transactional tests that ran before this one: the wiki needs a category.
    Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    a = browser_login(ada, javascript=javascript)
    b = browser_login(grace, javascript=javascript)

    # A posts a challenge.
    a.goto(f"{live_server.url}/challenges/new/")
    assert_accessible(a)
    a.fill("input[name=title]", "Celery tasks vanish without an error")
    a.fill("textarea[name=body]", "The nightly task **sometimes** never runs.")
    a.get_by_label("Celery").check()
    a.get_by_role("button", name="Post challenge").click()
    expect(a.get_by_role("heading", level=1)).to_have_text("Celery tasks vanish without an error")
    expect(a.locator(".prose strong")).to_have_text("sometimes")
    challenge_url = a.url.split("#")[0]
    challenge_id = re.search(r"/challenges/(\d+)/", challenge_url).group(1)
    assert_accessible(a)

    # B answers.
    b.goto(challenge_url)
    b.fill("form.solution-form textarea[name=body]", "Add retries with back-off and a time limit.")
    b.get_by_role("button", name="Post solution").click()
    solution = b.locator("article.solution").first
    expect(solution).to_contain_text("Add retries with back-off")
    solution_id = solution.get_attribute("id")
    assert_accessible(b)

    # A comments on the solution: in place with htmx, back at the comment's anchor without JS.
    a.goto(challenge_url)
    thread = a.locator(f"#{solution_id} .comments")
    thread.get_by_text("Add a comment").click()  # comments fold behind it
    thread.locator("textarea[name=body]").fill("Which back-off do you use, @grace?")
    thread.get_by_role("button", name="Add comment").click()
    expect(a.locator(f"#{solution_id} .comment-list")).to_contain_text("Which back-off")
    expect(a.locator(f"#{solution_id} .comment-list a", has_text="@grace")).to_have_attribute(
        "href", "/u/grace/"
    )
    if javascript:
        assert "#comment-" not in a.url  # no reload: the thread was swapped in place
        expect(thread.locator("textarea[name=body]")).to_have_value("")
    else:
        assert re.search(r"#comment-\d+$", a.url)
    assert_accessible(a)

    # B replies.
    b.goto(challenge_url)
    b_thread = b.locator(f"#{solution_id} .comments")
    b_thread.get_by_text("Add a comment").click()  # comments fold behind it
    b_thread.locator("textarea[name=body]").fill("Exponential, starting at one second.")
    b_thread.get_by_role("button", name="Add comment").click()
    expect(b.locator(f"#{solution_id} .comment-list")).to_contain_text("Exponential")
    expect(b.locator(f"#{solution_id} .comment-list .comment")).to_have_count(2)
    assert_accessible(b)

    # A accepts B's solution: the challenge is solved.
    a.goto(challenge_url)
    a.locator(f"#{solution_id}").get_by_role("button", name="Accept this solution").click()
    expect(a.locator(f"#{solution_id}")).to_contain_text("Accepted solution")
    expect(a.locator(".status-solved").first).to_be_visible()
    assert_accessible(a)

    # A turns it into a wiki page: the wiki's editor, pre-filled, crediting B and linking back.
    a.get_by_role("link", name="Turn into wiki page").click()
    expect(a).to_have_url(re.compile(rf"/wiki/new/\?from_challenge={challenge_id}$"))
    expect(a.locator("input[name=title]")).to_have_value("Celery tasks vanish without an error")
    body = a.locator("textarea[name=body]")
    expect(body).to_have_value(re.compile(r"Add retries with back-off and a time limit\."))
    expect(body).to_have_value(re.compile(r"Solution by \[@grace\]"))
    expect(body).to_have_value(re.compile(rf"from challenge \[#{challenge_id}:"))
    assert_accessible(a)
    a.fill("input[name=title]", "Celery retries and time limits")
    a.get_by_role("button", name="Create page").click()
    expect(a).to_have_url(re.compile(r"/wiki/celery-retries-and-time-limits/$"))
    expect(a.get_by_role("heading", level=1)).to_contain_text("Celery retries and time limits")
    expect(a.locator(".wiki-body")).to_contain_text("Add retries with back-off")
    back = a.get_by_role("link", name=f"From challenge #{challenge_id}")
    expect(back).to_have_attribute("href", re.compile(rf"^/challenges/{challenge_id}/"))
    assert_accessible(a)
    page_row = Page.objects.get(slug="celery-retries-and-time-limits")
    assert page_row.current_revision.author.username == "ada"
    assert page_row.source_challenges.get().pk == int(challenge_id)

    # Back on the challenge the conversion is done: a link to the page, not the offer again.
    back.click()
    expect(a.locator(".converted")).to_contain_text("Turned into wiki page")
    expect(
        a.locator(".converted").get_by_role("link", name="Celery retries and time limits")
    ).to_have_attribute("href", "/wiki/celery-retries-and-time-limits/")
    expect(a.get_by_role("link", name="Turn into wiki page")).to_have_count(0)
    assert_accessible(a)

    # B also earned badges for the accepted solution (tests/browser/test_reputation_journey.py
    # follows those); read here, they leave the two notifications this journey is about.
    badges = Notification.objects.filter(recipient__username="grace", kind="badge")
    assert badges.exists()
    badges.update(read_at=timezone.now())
    forget_unread_counts([grace.pk])
    # B sees the notifications: the count in the header, then the inbox.
    assert (
        Notification.objects.filter(recipient__username="grace").exclude(kind="badge").count() == 2
    )
    b.goto(f"{live_server.url}/")
    expect(_badge(b)).to_have_text(re.compile(r"^2"))
    assert_accessible(b)
    b.get_by_role("link", name=re.compile("Notifications")).click()
    inbox = b.locator(".notification-list")
    expect(inbox).to_contain_text("commented on your solution")
    expect(inbox).to_contain_text("accepted your solution")
    assert_accessible(b)

    # Opening one (a real link: a new tab works too) takes B to the solution and marks it read.
    inbox.get_by_role("link", name=re.compile("accepted your solution")).click()
    expect(b).to_have_url(re.compile(rf"/challenges/{challenge_id}/.*#{solution_id}$"))
    expect(_badge(b)).to_have_text(re.compile(r"^1"))
    expect(b.locator(".converted")).to_contain_text("Turned into wiki page")
    assert_accessible(b)
    b.get_by_role("link", name=re.compile("Notifications")).click()
    expect(b.locator(".notification.unread")).to_have_count(1)
    expect(b.locator(".notification.unread")).to_contain_text("commented on your solution")
    b.get_by_role("button", name="Mark all read").click()
    expect(_badge(b)).to_have_count(0)
    expect(b.locator(".notification.unread")).to_have_count(0)
    assert_accessible(b)

    # A heard about B's answer and B's reply.
    a.goto(f"{live_server.url}/notifications/")
    expect(a.locator(".notification-list")).to_contain_text("posted a solution to your challenge")
    expect(a.locator(".notification-list")).to_contain_text("commented on your challenge")
    assert_accessible(a)
