"""Issue 16's "Done when", in a real Chromium: a new learner starts at "new", rises to
"member" by accepted solutions, sees their posts skip review, earns a badge and closes a
duplicate; a reader lands on the duplicate's notice and follows it to the original; the home
page's helpers and the badge page list the learner. Every page is checked with axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from discussions import services as discussions
from moderation import services as moderation
from tests.browser.axe import assert_accessible
from tests.factories import ChallengeFactory, ModeratorFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_learner_rises_to_member_and_closes_a_duplicate(browser_login, live_server, page):
    nova = UserFactory(
        username="nova",
        approved_posts=0,
        date_joined=timezone.now() - timedelta(days=5),
        track="frontend",
    )
    mod = ModeratorFactory(username="mia")
    askers = [UserFactory(username=f"asker{i}", track="backend") for i in range(4)]
    challenges = [
        ChallengeFactory(author=a, title=f"Slow API page number {i}", body="It is slow.")
        for i, a in enumerate(askers)
    ]
    tab = browser_login(nova)

    # New: the profile says so, and the first solution waits for review.
    tab.goto(f"{live_server.url}/u/nova/")
    expect(tab.locator(".trust-level")).to_have_text("New")
    assert_accessible(tab)
    tab.goto(f"{live_server.url}{challenges[0].get_absolute_url()}")
    tab.fill("form.solution-form textarea[name=body]", "Add an index on the filtered column.")
    tab.get_by_role("button", name="Post solution").click()
    expect(tab.get_by_text("Awaiting review")).to_be_visible()
    assert_accessible(tab)

    # A moderator approves it; three more answers, now published at once.
    first = challenges[0].solutions.get()
    moderation.post_approve(moderator=mod, post=first)
    for challenge in challenges[1:]:
        tab.goto(f"{live_server.url}{challenge.get_absolute_url()}")
        tab.fill("form.solution-form textarea[name=body]", "Paginate and cache the list.")
        tab.get_by_role("button", name="Post solution").click()
        expect(tab.locator("article.solution").first).to_contain_text("Paginate and cache")
        expect(tab.get_by_text("Awaiting review")).to_have_count(0)
        assert_accessible(tab)

    # The askers accept: 60 reputation, four accepted solutions, five days in: member.
    for asker, challenge in zip(askers, challenges, strict=True):
        discussions.solution_accept(solution=challenge.solutions.get(), user=asker)
    tab.goto(f"{live_server.url}/u/nova/")
    expect(tab.locator(".trust-level")).to_have_text("Member")
    expect(tab.locator(".reputation-total")).to_have_text("60")
    expect(tab.locator(".reputation-history li")).to_have_count(4)
    expect(tab.locator(".badges")).to_contain_text("Bridge builder")
    assert_accessible(tab)

    # Member: close a duplicate, first with a typo (kept, with an error), then right.
    duplicate = ChallengeFactory(title="My API page is slow", body="Slow page.")
    tab.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    tab.get_by_text("Close as a duplicate").first.click()
    tab.get_by_label("The original challenge: its number or its link").fill("the slow one")
    tab.get_by_role("button", name="Close as duplicate").click()
    expect(tab.locator("#original-error")).to_contain_text("number")
    expect(tab.get_by_label("The original challenge: its number or its link")).to_have_value(
        "the slow one"
    )
    assert_accessible(tab)
    tab.get_by_label("The original challenge: its number or its link").fill(f"#{challenges[0].pk}")
    tab.get_by_role("button", name="Close as duplicate").click()
    expect(tab.locator("#duplicate-notice")).to_contain_text("Closed as a duplicate")
    assert_accessible(tab)

    # A reader lands on the duplicate, reads the notice and follows it to the original.
    page.goto(f"{live_server.url}{duplicate.get_absolute_url()}")
    assert_accessible(page)
    page.locator("#duplicate-notice a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Slow API page number 0")
    assert re.search(rf"/challenges/{challenges[0].pk}/", page.url)
    assert_accessible(page)

    # The home page's helpers and the badge's page list nova.
    page.goto(live_server.url + "/")
    expect(page.locator(".helpers")).to_contain_text("nova")
    assert_accessible(page)
    page.goto(f"{live_server.url}/badges/bridge-builder/")
    expect(page.locator(".badge-holders")).to_contain_text("nova")
    assert_accessible(page)


def test_a_moderator_demotes_a_member_from_the_profile(browser_login, live_server):
    from reputation.models import Standing

    member = UserFactory(username="max")
    Standing.objects.create(user=member, reputation=80, level="member", level_locked=True)
    tab = browser_login(ModeratorFactory(username="mia"))
    tab.goto(f"{live_server.url}/u/max/")
    assert_accessible(tab)
    tab.get_by_role("link", name="Change the trust level").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Trust level of max")
    assert_accessible(tab)
    tab.get_by_label("Level").select_option("basic")
    tab.get_by_label("Why (for the moderation log)").fill("Voting ring")
    tab.get_by_role("button", name="Set and lock this level").click()
    expect(tab.get_by_text("max is now at “Basic” (locked)")).to_be_visible()
    expect(tab.locator("main")).to_contain_text("Now at Basic (locked by a moderator)")
    assert_accessible(tab)
    tab.goto(f"{live_server.url}/badges/")
    expect(tab.get_by_role("heading", name="Bridge builder")).to_be_visible()
    assert_accessible(tab)
