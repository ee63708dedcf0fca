"""Asked of the site's database (run with the site's settings): the URLs to load and a
logged-in session for the bench learner. Prints JSON. Names ending in ", API" are the REST
API's JSON for the HTML page named before them (hub_bench.py checks they answer JSON)."""

import json
import os
import sys

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from accounts.models import User  # noqa: E402
from discussions.models import Challenge, Comment, Solution, Vote  # noqa: E402
from hub.generate.scales import BENCH_USERNAME, BIG_TITLE  # noqa: E402
from knowledge.models import Page, PageRevision  # noqa: E402
from notifications.models import Notification  # noqa: E402


def main():
    from django.conf import settings

    user = User.objects.get(username=BENCH_USERNAME)
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    big = Challenge.objects.get(title=BIG_TITLE)
    # A page in the middle of the wiki with several revisions.
    page = (
        Page.objects.filter(current_revision__number__gte=3)
        .order_by("pk")[Page.objects.count() // 2 :]
        .select_related("current_revision")
        .first()
    )
    n = page.current_revision.number
    urls = {
        "home": "/",
        "wiki page": page.get_absolute_url(),
        # The API's detail of the same page, next to its HTML page (issue 14).
        "wiki page, API": f"/api/v1/pages/{page.slug}/",
        "history": f"/wiki/{page.slug}/history/",
        "diff": f"/wiki/{page.slug}/diff/?from={n - 1}&to={n}",
        "recent changes": "/wiki/changes/",
        "challenge list": "/challenges/",
        "big challenge": big.get_absolute_url(),
        "big challenge, API": f"/api/v1/challenges/{big.pk}/",
        "search": "/search/?q=celery+retry",
        "profile": user.get_absolute_url(),
        "inbox": "/notifications/",
    }
    print(
        json.dumps(
            {
                "urls": urls,
                "session_cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}",
                "counts": {
                    "learners": User.objects.count(),
                    "pages": Page.objects.count(),
                    "revisions": PageRevision.objects.count(),
                    "challenges": Challenge.objects.count(),
                    "solutions": Solution.objects.count(),
                    "comments": Comment.objects.count(),
                    "votes": Vote.objects.count(),
                    "notifications": Notification.objects.count(),
                    "big challenge solutions": big.solution_count,
                    "big challenge comments": big.comment_count,
                },
            }
        )
    )


main()
