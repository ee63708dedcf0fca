"""A moderator works the queue in a real browser: hide with a reason, restore, read the log.

(The learner's side, flagging on a challenge page, is in test_moderation_journeys.py.)
"""

import pytest
from playwright.sync_api import expect

from moderation import services
from tests.browser.axe import assert_accessible
from tests.factories import ChallengeFactory, ModeratorFactory, SolutionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_moderator_hides_and_restores_from_the_queue_and_reads_the_log(
    page, browser_login, live_server
):
    author = UserFactory(username="bea")
    flagger = UserFactory(username="finn")
    moderator = ModeratorFactory(username="mo")
    challenge = ChallengeFactory(author=flagger, title="Celery workers will not start")
    solution = SolutionFactory(challenge=challenge, author=author)
    services.flag_create(
        flagger=flagger, target=solution, reason="incorrect", note="The broker URL is wrong"
    )
    browser_login(moderator, page)

    page.goto(f"{live_server.url}/moderation/")
    expect(page.get_by_role("link", name="Review queue")).to_contain_text("1")
    row = page.locator(f"#review-solution-{solution.pk}")
    expect(row).to_contain_text("The broker URL is wrong")
    assert_accessible(page)
    page.evaluate("window.stillTheSamePage = true")

    row.get_by_role("button", name="Hide").click()  # no reason yet: an inline error
    expect(row).to_contain_text("Give a reason")
    row.get_by_label("Reason for hiding").fill("Wrong advice that breaks production")
    row.get_by_role("button", name="Hide").click()
    expect(row).to_contain_text("Hidden.")
    expect(row).to_contain_text("Wrong advice that breaks production")

    row.get_by_role("button", name="Restore").click()
    expect(row).to_contain_text("Restored.")
    assert_accessible(page)
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in place, no reload
    solution.refresh_from_db()
    assert solution.hidden_at is None

    page.goto(f"{live_server.url}/moderation/log/")
    table = page.locator("table.log-table")
    expect(table).to_contain_text("Hid")
    expect(table).to_contain_text("Restored")
    expect(table).to_contain_text("Wrong advice that breaks production")
    assert_accessible(page)
    page.get_by_label("Action").select_option("hide")
    page.get_by_role("button", name="Filter").click()
    expect(table).not_to_contain_text("Restored")
    expect(table.get_by_role("link", name="mo")).to_be_visible()
    assert_accessible(page)
