"""Issue 15's journey in a real Chromium, with JavaScript on and off: a learner imports their
README, unticks two items, creates the rest, sees the portfolio, exports it, and importing the
export creates nothing new. Every page is checked with axe."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from discussions.models import Challenge, Solution
from knowledge.models import Category, Topic
from portfolios.models import DeclaredTerm, Note
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

README = (Path(__file__).parent.parent / "portfolios" / "readmes" / "emoji_bold_dash.md").read_text(
    encoding="utf-8"
)


def counts():
    return (Challenge.objects.count(), Solution.objects.count(), Note.objects.count(),
            DeclaredTerm.objects.count())  # fmt: skip


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_import_untick_create_see_export_and_reimport(
    browser_login, live_server, javascript, tmp_path
):
    ada = UserFactory(username="ada", track="backend")
    Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    Topic.objects.create(name="Docker", slug="docker")
    # Without JavaScript, on a phone's width: nothing may scroll sideways.
    size = {"width": 1280, "height": 900} if javascript else {"width": 375, "height": 800}
    page = browser_login(ada, javascript=javascript, accept_downloads=True, viewport=size)

    def fits():
        assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]

    # From the profile to the portfolio, then to the import page.
    page.goto(f"{live_server.url}/u/ada/")
    assert_accessible(page)
    page.get_by_role("link", name="Learnings").click()
    expect(page).to_have_url(f"{live_server.url}/u/ada/learnings/")
    assert_accessible(page)
    page.get_by_role("link", name="Import a README").click()
    assert_accessible(page)
    page.fill("textarea[name=readme]", README)
    page.get_by_role("button", name="Preview the import").click()

    # The preview: every item ticked; untick one challenge and one takeaway.
    expect(page.get_by_role("heading", level=1)).to_have_text("What your README becomes")
    boxes = page.locator("input[type=checkbox][name=items]")
    expect(boxes.first).to_be_checked()
    total = boxes.count()
    assert total == page.locator("input[type=checkbox][name=items]:checked").count()
    fits()
    assert_accessible(page)
    page.get_by_label("Emails blocking requests").uncheck()
    page.get_by_label("Document APIs with Swagger.").uncheck()
    page.get_by_role("button", name=re.compile(r"^Create \d+ items")).first.click()

    # The portfolio: the created challenges link to themselves, the unticked ones are absent.
    expect(page).to_have_url(f"{live_server.url}/u/ada/learnings/")
    slow = page.get_by_role("link", name="Slow API responses")
    expect(slow).to_have_attribute("href", re.compile(r"^/challenges/\d+/slow-api-responses/$"))
    expect(page.get_by_role("link", name="Emails blocking requests")).to_have_count(0)
    expect(page.locator(".portfolio-notes")).not_to_contain_text("Swagger")
    expect(page.locator(".portfolio-terms").first).to_contain_text("Docker")
    expect(page.get_by_role("link", name="Docker")).to_have_attribute(
        "href", "/search/topics/docker/"
    )
    assert_accessible(page)
    assert Challenge.objects.filter(author=ada).count() == 2
    before = counts()

    # Export: a README.md download.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export README.md").click()
    download = download_info.value
    assert download.suggested_filename == "README.md"
    exported = tmp_path / "README.md"
    download.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert "| Challenge | Solution |" in text and "Slow API responses" in text

    # Importing the export (uploaded as a file) creates nothing new.
    page.goto(f"{live_server.url}/u/ada/learnings/import/")
    assert_accessible(page)
    page.set_input_files("input[name=file]", str(exported))
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What your README becomes")
    expect(page.locator("input[type=checkbox][name=items]")).to_have_count(0)
    expect(page.locator(".portfolio-preview")).to_contain_text("Already in your portfolio")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^Create 0 items")).first.click()
    expect(page).to_have_url(f"{live_server.url}/u/ada/learnings/")
    expect(page.locator(".messages")).to_contain_text("Nothing new to import")
    assert_accessible(page)
    assert counts() == before


def test_what_learners_learned_for_a_reader_and_a_moderator(browser_login, live_server, page):
    from discussions.models import Solution
    from portfolios.importer import text_key
    from tests.factories import ModeratorFactory, make_challenge, make_solution

    ada = UserFactory(username="ada", track="backend")
    challenge = make_challenge("Emails blocking requests", author=ada)
    solution = make_solution(challenge, "Send them from a worker.", author=ada)
    Solution.objects.filter(pk=solution.pk).update(is_accepted=True)
    challenge.status = "solved"
    challenge.save(update_fields=["status"])
    Note.objects.create(user=ada, body="Write tests first.", body_html="<p>Write tests first.</p>",
                        fingerprint=text_key("Write tests first."))  # fmt: skip

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/learnings/")
    expect(page.get_by_role("link", name="Emails blocking requests")).to_be_visible()
    expect(page.get_by_text("Write tests first.")).to_be_visible()
    expect(page.get_by_role("link", name="Turn into a wiki page")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    page.goto(f"{live_server.url}/u/ada/learnings/")
    expect(page.get_by_role("link", name="Emails blocking requests")).to_be_visible()
    expect(page.get_by_role("link", name="Import a README")).to_have_count(0)
    assert_accessible(page)

    mod = browser_login(ModeratorFactory(username="mo"))
    mod.goto(f"{live_server.url}/learnings/")
    assert_accessible(mod)
    mod.get_by_role("link", name="Turn into a wiki page").click()
    expect(mod).to_have_url(f"{live_server.url}/wiki/new/?from_challenge={challenge.pk}")
    expect(mod.locator("textarea[name=body]")).to_have_value(re.compile("Send them from a worker"))
    assert_accessible(mod)
