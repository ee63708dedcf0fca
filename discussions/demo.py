"""Demo challenges, solutions, votes and comments (facts from CONTENT.md, in our own words).

`seed(accounts)` is idempotent: a challenge that already exists (same author and title) is left
as it is. One solved challenge (Celery tasks failing silently) has its accepted solution turned
into a wiki page in "Guides". Notifications are fanned out inline, so the demo learners have an
inbox to look at, and no email is sent.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from discussions import services
from discussions.models import Challenge, Comment, Solution

TOPIC_NAMES = {
    "python": "Python",
    "django": "Django",
    "django-rest-framework": "Django REST Framework",
    "graphql": "GraphQL",
    "docker": "Docker",
    "ci-cd": "CI/CD",
    "celery": "Celery",
    "rabbitmq": "RabbitMQ",
    "redis": "Redis",
    "postgresql": "PostgreSQL",
    "caching": "Caching",
    "testing": "Testing",
    "security": "Security",
}

WIKI_PAGE_TITLE = "Celery task retries and time limits"

# Each challenge: who asks (b = backend learner, f = frontend learner, m = moderator), title,
# body, topic slugs, age in days, solutions (author, body, voters, accepted?), comments
# (author, body, on: "c" for the challenge or the index of a solution).
CHALLENGES = [
    {
        "key": "celery-silent",
        "author": "b",
        "title": "Celery tasks fail silently or hang forever",
        "topics": ["celery", "redis", "python"],
        "days": 20,
        "body": """Our nightly Celery task that syncs invoices from the payment provider sometimes
just... doesn't happen. No traceback in the worker log, no error in Sentry. Other times the
worker sits on one task for hours and the queue behind it grows.

```python
@app.task
def sync_invoices():
    for invoice in provider.fetch_new():   # an HTTP call
        store(invoice)
```

How do I make failures visible? Should the task retry when the provider is down, and how
do I stop one stuck call from blocking the worker?""",
        "solutions": [
            {
                "author": "m",
                "accepted": True,
                "voters": ["f"],
                "body": """Two things are missing: a **retry policy** and **time limits**.

**Retry with back-off.** Network calls fail now and then; let Celery retry them, waiting
longer each time, instead of losing the task:

```python
@app.task(
    bind=True,
    autoretry_for=(requests.RequestException,),
    retry_backoff=True,        # 1 s, 2 s, 4 s, 8 s...
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
)
def sync_invoices(self):
    ...
```

After the last retry the task fails *loudly* (state `FAILURE`, logged with its traceback).

**Time limits.** `soft_time_limit` raises `SoftTimeLimitExceeded` inside the task so it can
clean up; `time_limit` kills it if it still runs. Give the HTTP client a timeout too:

```python
@app.task(soft_time_limit=120, time_limit=150)
def sync_invoices():
    provider.fetch_new(timeout=10)
```

**Make failures visible.** Log at the start and end of each task with the task id, and alert
on `FAILURE`. Our silent failures were an exception swallowed in `store()`: never
`except Exception: pass` in a task.""",
            },
            {
                "author": "f",
                "voters": [],
                "body": "Not a full answer, but `acks_late=True` helped us: a task whose worker "
                "dies goes back on the queue instead of vanishing.",
            },
        ],
        "comments": [
            ("f", "c", "Does this happen only at night? Maybe the provider rate-limits you then."),
            ("b", "c", "@finn good thought, it does happen mostly around 02:00."),
            ("b", 0, "The back-off fixed it, thanks @mo. Turning this into a wiki page."),
            ("f", 0, "Bookmarking this: the soft/hard limit difference was new to me."),
        ],
        "wiki": True,
    },
    {
        "key": "slow-api",
        "author": "f",
        "title": "API responses got slow as the data grew",
        "topics": ["django-rest-framework", "postgresql", "caching"],
        "days": 45,
        "body": """The `/api/orders/` endpoint I call from the dashboard used to answer instantly.
Now that the shop has a few hundred thousand orders it takes over two seconds, and the page
feels broken on a phone. What can the backend do, and what should I do on my side?""",
        "solutions": [
            {
                "author": "b",
                "accepted": True,
                "voters": ["f", "m"],
                "body": """It was four fixes together:

- **Pagination**: the endpoint returned every order. DRF's `CursorPagination` with a page size
  of 50 keeps responses small and stable while rows are added.
- **Indexes**: the list filters on `status` and sorts on `created_at`; a composite index on
  `(status, created_at)` turned a sequential scan into an index scan.
- **Caching**: the summary numbers at the top change slowly, so they are cached for 60 s
  (cache-aside, invalidated when an order changes status).
- **Throttling**: DRF's `UserRateThrottle` stops one dashboard that polls every second from
  slowing everyone else.

Average response time on our report went from **2.3 s to 180 ms**.""",
            },
        ],
        "comments": [
            (
                "f",
                0,
                "Confirmed from the frontend: the dashboard loads in well under a second now.",
            ),
        ],
    },
    {
        "key": "email-hang",
        "author": "f",
        "title": "Sending emails inside the request makes the signup page hang",
        "topics": ["celery", "rabbitmq", "django"],
        "days": 38,
        "body": """When someone signs up, the page spins for five to ten seconds before it shows
"welcome". The network tab shows the POST itself is slow. Is it the welcome email?""",
        "solutions": [
            {
                "author": "b",
                "accepted": True,
                "voters": ["f"],
                "body": """Yes: the view talks to the SMTP server before it responds. Move the
email to a background worker. We use **Celery with RabbitMQ as the broker**: the view only
publishes a message (a few milliseconds) and a worker sends the email.

```python
send_welcome_email.delay(user.pk)   # in the view
```

Pass the id, not the object, and let the task load fresh data.""",
            },
        ],
        "comments": [("m", "c", "Good catch looking at the network tab first.")],
    },
    {
        "key": "worker-start",
        "author": "b",
        "title": "Celery workers would not start in production",
        "topics": ["celery", "redis", "docker"],
        "days": 30,
        "body": """Locally `celery worker` runs fine. On the server the container exits at once
with `Error: Unable to load celery application` and sometimes a broker connection refused.""",
        "solutions": [
            {
                "author": "m",
                "voters": ["b"],
                "body": """Two separate problems:

- The worker did not find the app: start it with the right `--app` flag, the module that
  defines the Celery instance, e.g. `celery --app project worker --loglevel INFO`.
- The broker URL pointed at `localhost`, which inside a container is the container itself. We
  used **Redis as the broker on the host** and set `CELERY_BROKER_URL` from the environment.""",
            },
        ],
        "comments": [("f", 0, "Same `localhost` trap bit me with the database URL last week.")],
    },
    {
        "key": "works-on-my-machine",
        "author": "f",
        "title": "Works on my machine, fails in deployment",
        "topics": ["docker", "ci-cd"],
        "days": 60,
        "body": """Every other deploy breaks on something that works locally: a different Python
version, a missing system library, an environment variable nobody wrote down.""",
        "solutions": [
            {
                "author": "b",
                "accepted": True,
                "voters": ["f", "m"],
                "body": """Make local and production the same thing: **containerize** the app with
Docker, and describe the whole set-up (web, database, Redis, worker) in **docker-compose** so
everyone runs identical versions. Then a **CI/CD pipeline** builds the image and runs the tests
on every push, and deploys that same image.

After the switch our deployment success rate reached **95%** and deployment time fell by
**70%**.""",
            },
        ],
        "comments": [],
    },
    {
        "key": "race",
        "author": "b",
        "title": "Race conditions corrupted stock counts when several users bought at once",
        "topics": ["postgresql", "django"],
        "days": 15,
        "body": """Two customers buy the last item at the same moment and both succeed; the stock
goes to -1. The code reads the stock, checks it, then saves.""",
        "solutions": [
            {
                "author": "m",
                "voters": ["f"],
                "body": """Read-check-write is a race. Put it in a **database transaction** and
lock the row (`select_for_update()`), or use **optimistic locking**: keep a `version` column
and update `WHERE id = … AND version = …`; zero rows updated means someone else won, so retry.
A conditional `F()` update (`stock = stock - 1 WHERE stock > 0`) also works for counters.""",
            },
            {
                "author": "f",
                "voters": [],
                "body": "From the UI side: disable the buy button while the request runs, so "
                "double clicks do not make it worse.",
            },
        ],
        "comments": [("b", 1, "True, though the server must still be safe on its own.")],
    },
    {
        "key": "versioning",
        "author": "f",
        "title": "A breaking API change broke the mobile app",
        "topics": ["django-rest-framework"],
        "days": 25,
        "body": """A field was renamed in `/api/profile/` and the mobile app, which users update
slowly, started crashing. How do we change APIs without breaking clients?""",
        "solutions": [
            {
                "author": "b",
                "accepted": True,
                "voters": ["f"],
                "body": """**Version the API.** DRF has versioning classes
(`URLPathVersioning` for `/api/v2/…`, or `AcceptHeaderVersioning`); serializers pick fields by
`request.version`. Keep v1 working until clients have moved, announce the deprecation, and agree
the contract with the frontend before building.""",
            },
        ],
        "comments": [("m", "c", "Worth a wiki page on API versioning too.")],
    },
    {
        "key": "uploads",
        "author": "b",
        "title": "Large file uploads exhausted the server's memory",
        "topics": ["django", "security"],
        "days": 10,
        "body": """Users upload videos of a few hundred megabytes and the web process gets killed
by the OOM killer during the upload.""",
        "solutions": [
            {
                "author": "m",
                "voters": ["f"],
                "body": """Never hold the whole file in memory: stream it. Keep Django's
in-memory upload limit small so large files go to a temporary file, stream downloads with
`FileResponse`, and store files in **S3-compatible object storage** (django-storages) instead
of the web server's disk; for very large files let the browser upload straight to the bucket.""",
            },
        ],
        "comments": [],
    },
    {
        "key": "n-plus-one",
        "author": "f",
        "title": "The articles page is slow and makes hundreds of queries",
        "topics": ["django", "postgresql"],
        "days": 8,
        "body": """The list of 50 articles with their authors and tags takes a second to render.""",
        "solutions": [
            {
                "author": "b",
                "accepted": True,
                "voters": ["f", "m"],
                "body": """Classic N+1. **Django Debug Toolbar** showed one query per article for
the author and one per article for the tags. `select_related("author")` joins the author in
the same query and `prefetch_related("tags")` fetches all tags in one more: from 101 queries
to 2.""",
            },
        ],
        "comments": [("f", 0, "The Debug Toolbar's SQL panel is eye-opening.")],
    },
    {
        "key": "abuse",
        "author": "b",
        "title": "Bursts of abusive traffic hit the login endpoint",
        "topics": ["security", "redis"],
        "days": 2,
        "body": """Every few hours a script tries thousands of passwords per minute against our
login API. What is the simplest protection that does not annoy real users?""",
        "solutions": [],
        "comments": [("f", "c", "Following: we see the same on the GraphQL endpoint.")],
    },
]


def _topics(slugs):
    from knowledge.models import Topic

    topics = []
    for slug in slugs:
        topic, _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": TOPIC_NAMES.get(slug, slug.title())}
        )
        topics.append(topic)
    return topics


class NotificationDates:
    """Dates the notifications each seeding step fans out (inline) as that step.

    Made before seeding, it leaves older notifications (a re-seed, a site in use) as they are.
    """

    def __init__(self):
        from notifications.models import Notification

        self.notifications = Notification.objects
        self.dated_up_to = self.notifications.aggregate(newest=Max("pk"))["newest"] or 0

    def date_new(self, when) -> None:
        fresh = self.notifications.filter(pk__gt=self.dated_up_to)
        newest = fresh.aggregate(newest=Max("pk"))["newest"]
        if newest is not None:
            fresh.filter(pk__lte=newest).update(created_at=when)
            self.dated_up_to = newest


def _age(model, pk, days: float, notified: NotificationDates) -> None:
    when = timezone.now() - timedelta(days=days)
    fields = {"created_at": when}
    if model is Challenge:
        fields["last_activity_at"] = when
    model.objects.filter(pk=pk).update(**fields)
    notified.date_new(when)


def _wiki_page(challenge: Challenge, user):
    """Turn the accepted solution into a page the way the product does: the conversion's draft,
    saved by the wiki's own service, then linked back ("From challenge #N")."""
    from discussions.conversion import link_page, wiki_draft
    from knowledge import services as wiki
    from knowledge.models import Category, Page, Topic

    draft = wiki_draft(challenge.pk, user)
    page = Page.objects.filter(slug=wiki.slug_from_title(WIKI_PAGE_TITLE)).first()
    if page is None:
        category, _ = Category.objects.get_or_create(
            slug="guides",
            defaults={"name": "Guides", "description": "How-tos that grew out of challenges."},
        )
        page = wiki.page_create(
            title=WIKI_PAGE_TITLE,
            category=category,
            body=draft.body,
            author=user,
            summary=draft.summary,
            topics=Topic.objects.filter(pk__in=draft.topic_ids),
        )
    link_page(challenge_id=challenge.pk, page=page, user=user)
    return page


def _seed_challenge(spec, people, notified: NotificationDates) -> Challenge | None:
    author = people[spec["author"]]
    if Challenge.objects.filter(author=author, title=spec["title"]).exists():
        return None
    days = spec["days"]
    challenge = services.challenge_create(
        author=author, title=spec["title"], body=spec["body"], topics=_topics(spec["topics"])
    )
    _age(Challenge, challenge.pk, days, notified)
    solutions = []
    for i, s in enumerate(spec["solutions"]):
        solution = services.solution_create(
            challenge=challenge, author=people[s["author"]], body=s["body"]
        )
        _age(Solution, solution.pk, days - 0.5 - i * 0.3, notified)
        for voter in s["voters"]:
            services.solution_vote(solution=solution, user=people[voter])
        solutions.append((solution, s))
    for j, (who, on, body) in enumerate(spec["comments"]):
        target = challenge if on == "c" else solutions[on][0]
        comment = services.comment_create(target=target, author=people[who], body=body)
        _age(Comment, comment.pk, days - 0.4 - j * 0.2, notified)
    solved_days = max(days - 1.5, days / 2)  # after the answers, as it would have happened
    for solution, s in solutions:
        if s.get("accepted"):
            solution.refresh_from_db()
            services.solution_accept(solution=solution, user=author)
            accepted_at = timezone.now() - timedelta(days=solved_days)
            Solution.objects.filter(pk=solution.pk).update(accepted_at=accepted_at)
            notified.date_new(accepted_at)
    _settle_activity(challenge)
    challenge.refresh_from_db()
    _reindex(challenge)
    if spec.get("wiki"):
        _date_page(_wiki_page(challenge, author), solved_days - 0.1, notified)
    return challenge


def _reindex(challenge: Challenge) -> None:
    """Search results show when a post changed: the re-dated one, not the seeding moment."""
    from search.indexing import index_challenge

    index_challenge(challenge)


def _settle_activity(challenge: Challenge) -> None:
    """Last activity is the newest of the dated posts and acceptance, not the seeding moment."""
    solutions = Solution.objects.filter(challenge=challenge)
    times = [
        Challenge.objects.values_list("created_at", flat=True).get(pk=challenge.pk),
        *solutions.values_list("created_at", flat=True),
        *solutions.exclude(accepted_at=None).values_list("accepted_at", flat=True),
        *Comment.objects.filter(challenge=challenge).values_list("created_at", flat=True),
        *Comment.objects.filter(solution__challenge=challenge).values_list("created_at", flat=True),
    ]
    Challenge.objects.filter(pk=challenge.pk).update(last_activity_at=max(times))


def _date_page(page, days: float, notified: NotificationDates) -> None:
    """The demo's converted page was written when the challenge was solved, not at seed time."""
    from knowledge.models import Page, PageRevision
    from search.indexing import index_page

    when = timezone.now() - timedelta(days=days)
    notified.date_new(when)
    PageRevision.objects.filter(page=page, created_at__gt=when).update(created_at=when)
    Page.objects.filter(pk=page.pk, updated_at__gt=when).update(created_at=when, updated_at=when)
    page.refresh_from_db()
    index_page(page)


@transaction.atomic
def seed(accounts) -> list[Challenge]:
    from notifications.models import Notification
    from notifications.services import delivered_inline

    people = {"b": accounts.backend, "f": accounts.frontend, "m": accounts.moderator}
    notified = NotificationDates()
    created = []
    with delivered_inline():
        for spec in CHALLENGES:
            challenge = _seed_challenge(spec, people, notified)
            if challenge is not None:
                created.append(challenge)
    # Leave a few notifications unread for each demo learner; older ones read.
    for user in (accounts.backend, accounts.frontend, accounts.moderator):
        old = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by(
            "-created_at", "-pk"
        )[3:]
        Notification.objects.filter(pk__in=list(old.values_list("pk", flat=True))).update(
            read_at=timezone.now()
        )
    from notifications.services import forget_unread_counts

    forget_unread_counts([accounts.backend.pk, accounts.frontend.pk, accounts.moderator.pk])
    return created
