"""On a phone, long code and long words scroll or wrap inside their box: the page itself
never scrolls sideways."""

import pytest
from playwright.sync_api import expect

from discussions import services as discussions
from knowledge import services as wiki
from knowledge.models import Category
from tests.browser.axe import assert_accessible
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
LONG_CODE = (
    "```python\n"
    + "settings = configure("
    + ", ".join(f"option_{n}=True" for n in range(20))
    + ")\n```"
)
LONG_WORD = "django.core.cache.backends.redis.RedisCache.with_a_very_long_dotted_name_indeed"


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_long_code_and_words_do_not_widen_the_page_on_a_phone(page, browser_login, live_server):
    ada = UserFactory(username="ada")
    grace = UserFactory(username="grace")
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    page_ = wiki.page_create(
        title="Caching", category=guides, body=f"Use {LONG_WORD}.\n\n{LONG_CODE}", author=ada
    )
    challenge = discussions.challenge_create(
        author=ada, title="Cache misses everywhere", body=f"Set to {LONG_WORD}.\n\n{LONG_CODE}"
    )
    discussions.solution_create(
        challenge=challenge, author=grace, body=f"Try this:\n\n{LONG_CODE}\n\nand {LONG_WORD}"
    )

    page.set_viewport_size(PHONE)
    browser_login(ada, page)

    for path in (
        challenge.get_absolute_url(),  # the solution's code, beside its vote column on a laptop
        page_.get_absolute_url(),
        f"{page_.get_absolute_url()}edit/",  # the editor and its live preview
        "/search/?q=redis",  # the snippet carries the long dotted name
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()
        assert _page_width(page) <= PHONE["width"], path
        assert_accessible(page)
    expect(page.locator(".search-snippet").first).to_contain_text("RedisCache")


def test_a_tour_of_the_demo_on_a_phone(page, browser_login, live_server):
    """The demo's real content (code, tables, long threads), as the moderator sees it: no page
    scrolls sideways, and each passes axe."""
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from discussions.models import Challenge

    call_command("seed_demo", stdout=StringIO())
    celery = Challenge.objects.get(title__icontains="celery tasks fail silently")
    page.set_viewport_size(PHONE)
    browser_login(User.objects.get(username="mo"), page)

    for path in (
        "/",
        "/wiki/",
        "/wiki/celery/",
        "/wiki/celery/history/",
        "/wiki/celery/diff/?from=1&to=2",
        "/wiki/changes/",
        "/challenges/",
        celery.get_absolute_url(),
        "/search/?q=celery+retry",
        "/search/topics/celery/",
        "/u/bea/",
        "/notifications/",
        "/moderation/",
        "/moderation/log/",
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_be_visible()
        assert _page_width(page) <= PHONE["width"], path
        assert_accessible(page)
