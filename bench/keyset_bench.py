"""The long lists' first and deep pages, in-process (the Django test client, whole-page and
fragment caches off): p50 and query count of page 1, of an old `?page=N` link (capped COUNT +
OFFSET) and of the same position reached by cursor (`?after=`, keyset).

Run it on a hub made by `manage.py generate_hub --scale small|full` (on a copy: it only reads,
but `migrate` first):

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/copy.sqlite3 .venv/bin/python bench/keyset_bench.py

`REPS` (default 15) sets the timed requests per URL. Run from an older checkout (its
`core.pagination` has no `cursor_for`), it times the numbered pages only: before and after.
"""

import logging
import os
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
os.environ["NEXUS_PAGE_CACHE"] = "0"

import django  # noqa: E402

django.setup()
logging.disable(logging.WARNING)

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402
from core import pagination  # noqa: E402
from discussions.models import Challenge  # noqa: E402
from discussions.views.challenges import SORTS  # noqa: E402
from hub.generate.scales import BENCH_USERNAME  # noqa: E402
from knowledge.models import Page, PageRevision, Topic  # noqa: E402
from notifications.models import Notification  # noqa: E402

REPS = int(os.environ.get("REPS", "15"))
DEEP = 400
PER_PAGE = 20
cursor_for = getattr(pagination, "cursor_for", None)


def p50(client, url):
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(REPS):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times) * 1000, len(queries)


def the_list(name, client, url, rows, ordering, last_page):
    """Page 1, `?page=N` and the same page by cursor (the row before it as the cursor's edge)."""
    sep = "&" if "?" in url else "?"
    deep = max(1, min(DEEP, last_page))
    yield f"{name}, page 1", client, url
    yield f"{name}, ?page={deep}", client, f"{url}{sep}page={deep}"
    if cursor_for and deep > 1:
        edge = rows.order_by(*ordering)[(deep - 1) * PER_PAGE - 1]
        yield (
            f"{name}, cursor to page {deep}",
            client,
            (f"{url}{sep}after={cursor_for(edge, ordering, deep)}"),
        )


def main():
    anonymous, learner = Client(), Client()
    user = User.objects.get(username=BENCH_USERNAME)
    learner.force_login(user)
    visible = PageRevision.objects.filter(page__hidden_at__isnull=True)
    urls = list(
        the_list("recent changes", anonymous, "/wiki/changes/", visible,
                 ("-created_at", "-pk"), visible.count() // PER_PAGE)
    )  # fmt: skip
    challenges = Challenge.objects.public()
    for sort, ordering in SORTS.items():
        urls += the_list(f"challenges by {sort}", anonymous, f"/challenges/?sort={sort}",
                         challenges, ordering, challenges.count() // PER_PAGE)  # fmt: skip
    page = Page.objects.order_by("-current_revision__number").first()
    urls += the_list(f"history ({page.revisions.count()} revisions)", anonymous,
                     f"/wiki/{page.slug}/history/", page.revisions.all(), ("-number",),
                     -(-page.revisions.count() // PER_PAGE))  # fmt: skip
    inbox = Notification.objects.filter(recipient=user)
    urls += the_list(f"inbox ({inbox.count()} notifications)", learner, "/notifications/",
                     inbox, ("-created_at", "-pk"), -(-inbox.count() // PER_PAGE))  # fmt: skip
    # The challenge list by topic: the most common topic and the rarest (generate_hub draws
    # topics Zipf-like), each in its own way (discussions.selectors._in_topic).
    topics = Topic.objects.annotate(n=Count("challenges")).filter(n__gt=0).order_by("-n", "pk")
    for topic in (topics.first(), topics.last()):
        in_topic = challenges.filter(topics=topic)
        urls += the_list(f"topic {topic.slug} ({topic.n} challenges)", anonymous,
                         f"/challenges/?topic={topic.slug}", in_topic, SORTS["newest"],
                         in_topic.count() // PER_PAGE)  # fmt: skip
    # A learner's contributions: numbered pages over a union of their own rows.
    urls.append(
        ("contributions (benchlearner), page 1", anonymous, f"/u/{user.username}/contributions/")
    )
    urls.append(("contributions (benchlearner), page 5", anonymous,
                 f"/u/{user.username}/contributions/?page=5"))  # fmt: skip
    dummy = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    with override_settings(ALLOWED_HOSTS=["*"], CACHES={**settings.CACHES, "default": dummy}):
        for name, client, url in urls:
            ms, queries = p50(client, url)
            print(f"{name:48s} {ms:7.1f} ms  {queries:2d} queries", flush=True)


if __name__ == "__main__":
    main()
