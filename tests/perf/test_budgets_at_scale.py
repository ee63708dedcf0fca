"""The query budgets hold on generated data (`generate_hub --scale tiny`: learners, pages with
revisions and links, challenges with solutions, comments and votes, flags, notifications and a
challenge of 50 solutions x 20 comments), anonymous and logged in, each page's status and
content checked too. The whole-page cache is off here: every request renders."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from discussions.models import Challenge
from hub.generate.scales import BENCH_USERNAME, BIG_TITLE
from knowledge.models import Page

# page name, budget anonymous, budget logged in (session + user included)
BUDGETS = {
    "home": (5, 8),
    "wiki page": (5, 8),
    "history": (5, 8),
    "diff": (5, 8),
    "recent changes": (5, 8),
    "challenge list": (6, 8),
    "big challenge": (8, 10),
    "search": (8, 10),
    "profile": (14, 16),
    "inbox": (None, 8),
}


@pytest.fixture
def hub(db, settings):
    settings.NEXUS_PAGE_CACHE = False
    call_command("generate_hub", scale="tiny", stdout=open("/dev/null", "w"))  # noqa: SIM115
    page = Page.objects.filter(current_revision__number__gte=2).select_related("current_revision")[
        0
    ]
    n = page.current_revision.number
    big = Challenge.objects.get(title=BIG_TITLE)
    return {
        "home": ("/", Page.objects.order_by("-updated_at")[0].title),
        "wiki page": (page.get_absolute_url(), page.title),
        "history": (f"/wiki/{page.slug}/history/", page.title),
        "diff": (f"/wiki/{page.slug}/diff/?from={n - 1}&to={n}", page.title),
        "recent changes": ("/wiki/changes/", "Recent changes"),
        "challenge list": ("/challenges/", "Challenges"),
        "big challenge": (big.get_absolute_url(), "50 solutions"),
        "search": ("/search/?q=celery+retry", "celery"),
        "profile": (f"/u/{BENCH_USERNAME}/", BENCH_USERNAME),
        "inbox": ("/notifications/", "New activity"),
    }


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_every_main_page_keeps_its_budget_on_generated_data(
    hub, logged_in, django_assert_max_num_queries
):
    client = Client()
    if logged_in:
        client.force_login(User.objects.get(username=BENCH_USERNAME))
    for name, (url, text) in hub.items():
        budget = BUDGETS[name][1 if logged_in else 0]
        if budget is None:
            assert client.get(url).status_code == 302  # the inbox: log in first
            continue
        ContentType.objects.clear_cache()  # a cold ContentType cache, as after a restart
        with django_assert_max_num_queries(budget):
            response = client.get(url)
        assert response.status_code == 200, name
        assert text in response.content.decode(), name
