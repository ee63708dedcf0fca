"""Moderation as people live it, in a real browser, with JavaScript (htmx swaps in place) and
without it (plain forms and redirects). Every page visited passes axe, light and dark.

- B flags A's solution; a moderator hides it with a reason; A sees the reason, others see
  "hidden by a moderator"; the moderator restores it; the log shows both actions.
- A new account's first comment waits for review (only its author sees it, marked "awaiting
  review") until a moderator approves it; then everyone sees it and the usual notification
  reaches the challenge's author.
- A suspended learner reads with a banner giving the reason and the end; a write is refused
  with 403 and that message.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discussions import services as discussions
from moderation.models import ModerationLogEntry
from tests.browser.axe import assert_accessible
from tests.factories import ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Celery task retries pile up after a broker restart"
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def visit(page, url):
    page.goto(url)
    assert_accessible(page)


@JS
def test_flag_hide_restore_and_the_log(browser_login, live_server, javascript):
    bea = UserFactory(username="bea")
    finn = UserFactory(username="finn")
    cy = UserFactory(username="cy")
    mo = ModeratorFactory(username="mo")
    challenge = discussions.challenge_create(author=cy, title=TITLE, body="Why do they pile up?")
    solution = discussions.solution_create(
        challenge=challenge, author=bea, body="Set **acks_late** and a visibility timeout."
    )
    url = live_server.url + challenge.get_absolute_url()
    solution_box = f"#solution-{solution.pk}"

    # B flags A's solution.
    b = browser_login(finn, javascript=javascript)
    visit(b, url)
    tools = b.locator(f"#item-tools-solution-{solution.pk}")
    if javascript:
        b.evaluate("window.stillTheSamePage = true")
    # A link: with JavaScript the form comes in place, without it the flag page opens.
    tools.get_by_text("Flag", exact=True).click()
    form = tools if javascript else b
    if not javascript:
        expect(b.get_by_role("heading", level=1)).to_contain_text("Flag Solution by bea")
        assert_accessible(b)
    form.get_by_label("What is wrong with it?").select_option("incorrect")
    form.get_by_label("Note for the moderators (optional)").fill("acks_late loses tasks here")
    form.get_by_role("button", name="Send flag").click()
    if javascript:
        expect(tools).to_contain_text("Thank you: a moderator will look at it.")
        assert b.evaluate("window.stillTheSamePage") is True  # swapped in place
    else:
        expect(b.locator(".messages")).to_contain_text("Thank you: a moderator will look at it.")
    expect(b.locator(f"#item-tools-solution-{solution.pk}")).to_contain_text("You flagged this")
    assert_accessible(b)

    # The moderator hides it from the queue, with a reason.
    m = browser_login(mo, javascript=javascript)
    visit(m, f"{live_server.url}/moderation/")
    expect(m.get_by_role("link", name="Review queue")).to_contain_text("1")
    row = m.locator(f"#review-solution-{solution.pk}")
    expect(row).to_contain_text("Solution by bea to")
    expect(row).to_contain_text("acks_late loses tasks here")
    row.get_by_label("Reason for hiding").fill("Loses tasks on restart; see the comments")
    row.get_by_role("button", name="Hide").click()
    if javascript:
        expect(row).to_contain_text("Hidden.")
        expect(row.get_by_role("button", name="Restore")).to_be_visible()
    else:
        expect(m.locator(".messages")).to_contain_text("Hidden.")
        expect(m.locator(f"#review-solution-{solution.pk}")).to_have_count(0)  # dealt with
    assert_accessible(m)

    # A sees the reason; others see only that a moderator hid it.
    a = browser_login(bea, javascript=javascript)
    visit(a, url)
    expect(a.locator(solution_box)).to_contain_text(
        "Hidden by a moderator: Loses tasks on restart; see the comments"
    )
    expect(a.locator(solution_box)).to_contain_text("acks_late")
    c = browser_login(cy, javascript=javascript)
    visit(c, url)
    expect(c.locator(solution_box)).to_contain_text("This solution was hidden by a moderator.")
    expect(c.locator(solution_box)).not_to_contain_text("acks_late")
    expect(c.locator("#solutions-h")).to_have_text("0 solutions")

    # The moderator restores it: in the queue row with htmx, on the challenge page without.
    if javascript:
        row.get_by_role("button", name="Restore").click()
        expect(row).to_contain_text("Restored.")
    else:
        visit(m, url)
        m.locator(f"#item-tools-solution-{solution.pk}").get_by_role(
            "button", name="Restore"
        ).click()
        expect(m.locator(".messages")).to_contain_text("Restored.")
    assert_accessible(m)
    visit(c, url)
    expect(c.locator(solution_box)).to_contain_text("acks_late")
    expect(c.locator("#solutions-h")).to_have_text("1 solution")

    # The log shows both, with a readable, linked target; it filters by action.
    visit(m, f"{live_server.url}/moderation/log/")
    table = m.locator("table.log-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Hid")
    expect(table).to_contain_text("Restored")
    expect(table).to_contain_text("Loses tasks on restart")
    target = table.get_by_role("link", name=f"Solution by bea to “{TITLE}”").first
    expect(target).to_have_attribute("href", solution.get_absolute_url())
    m.get_by_label("Action").select_option("hide")
    m.get_by_role("button", name="Filter").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).not_to_contain_text("Restored")
    expect(table.get_by_role("link", name="mo")).to_be_visible()
    assert_accessible(m)
    assert ModerationLogEntry.objects.count() == 2


@JS
def test_a_new_accounts_first_comment_waits_for_review(browser_login, live_server, javascript):
    ada = UserFactory(username="ada")
    grace = UserFactory(username="grace")
    nell = UserFactory(username="nell", approved_posts=0)  # a brand-new account
    mo = ModeratorFactory(username="mo")
    challenge = discussions.challenge_create(author=ada, title=TITLE, body="Why?")
    url = live_server.url + challenge.get_absolute_url()

    n = browser_login(nell, javascript=javascript)
    visit(n, url)
    thread = n.locator(f"#comments-c{challenge.pk}")
    thread.get_by_text("Add a comment").click()  # comments fold behind it
    thread.locator("textarea[name=body]").fill("Is the broker Redis or RabbitMQ?")
    thread.get_by_role("button", name="Add comment").click()
    comment = n.locator(".comment", has_text="Is the broker Redis or RabbitMQ?")
    expect(comment).to_contain_text("Awaiting review")
    expect(comment).to_contain_text("Until then only you can see it.")
    assert_accessible(n)

    g = browser_login(grace, javascript=javascript)
    visit(g, url)
    expect(g.get_by_text("Is the broker Redis or RabbitMQ?")).to_have_count(0)

    m = browser_login(mo, javascript=javascript)
    visit(m, f"{live_server.url}/moderation/")
    row = m.locator("li.review-row", has_text="Comment by nell on")
    expect(row).to_contain_text("Awaiting review")
    row.get_by_role("button", name="Approve").click()
    if javascript:
        expect(row).to_contain_text("Approved and published.")
    else:
        expect(m.locator(".messages")).to_contain_text("Approved and published.")
    assert_accessible(m)

    visit(g, url)
    expect(g.locator(".comment", has_text="Is the broker Redis or RabbitMQ?")).to_be_visible()
    visit(n, url)
    expect(n.locator(".comment", has_text="Is the broker Redis or RabbitMQ?")).not_to_contain_text(
        "Awaiting review"
    )
    a = browser_login(ada, javascript=javascript)
    visit(a, f"{live_server.url}/notifications/")
    expect(a.locator("main")).to_contain_text(f"nell commented on your challenge “{TITLE}”")


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_a_suspended_learner_reads_but_cannot_write(browser_login, live_server, color_scheme):
    sam = UserFactory(
        username="sam",
        suspended_until=timezone.now() + timezone.timedelta(days=3),
        suspension_reason="Posting spam links",
    )
    challenge = discussions.challenge_create(
        author=UserFactory(username="ada"), title=TITLE, body="Why?"
    )
    s = browser_login(sam, color_scheme=color_scheme)
    visit(s, live_server.url + challenge.get_absolute_url())
    end = f"{timezone.localtime(sam.suspended_until):%Y-%m-%d %H:%M}"
    banner = s.locator(".banner-warning")
    expect(banner).to_contain_text("Your account is suspended until")
    expect(banner).to_contain_text(end)
    expect(banner).to_contain_text("Posting spam links")
    expect(s.locator(".comment-form")).to_have_count(0)  # nothing to write with here

    # No write buttons, and the write page answers with the notice rather than a form whose
    # text would be thrown away (a refused POST shows the text back: tests/discussions).
    expect(s.get_by_role("link", name="Post a challenge")).to_have_count(0)
    answer = s.goto(f"{live_server.url}/challenges/new/")
    assert answer.status == 403
    expect(s.locator("input[name=title]")).to_have_count(0)
    expect(s.get_by_role("heading", level=1)).to_have_text("You can't do that")
    expect(s.locator("main")).to_contain_text(f"suspended until {end}")
    expect(s.locator("main")).to_contain_text("Posting spam links")
    assert_accessible(s)
    assert challenge.__class__.objects.count() == 1
