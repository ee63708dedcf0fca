"""Bulk-insert a generated hub, batch by batch: memory stays flat whatever the scale (only
ids are kept between batches, and only of learners and topics)."""

from __future__ import annotations

import contextlib
import random
import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Profile, Track, User
from discussions.models import Challenge, Comment, Solution, Vote
from hub.generate.scales import (
    BENCH_PASSWORD,
    BENCH_USERNAME,
    BIG_COMMENTS,
    BIG_SOLUTIONS,
    BIG_TITLE,
    Scale,
)
from hub.generate.text import WORDS, Bodies
from knowledge.models import Category, Page, PageLink, PageRevision, Topic
from moderation.models import Flag, FlagReason
from notifications.models import EmailState, Kind, Notification

TOPICS = ["Python", "Django", "Django REST Framework", "GraphQL", "Docker", "CI/CD", "Celery",
          "RabbitMQ", "Redis", "PostgreSQL", "Caching", "Authentication", "Testing", "Security",
          "Observability", "Deployment", "Migrations", "Rate limiting", "API versioning",
          "System design", "Kafka", "gRPC", "WebSockets", "Elasticsearch", "Nginx", "Kubernetes",
          "Terraform", "OAuth", "Idempotency", "Event sourcing", "CQRS", "Sharding",
          "Profiling", "Connection pooling", "Feature flags", "Backpressure", "Outbox pattern",
          "Consistent hashing", "Service mesh", "Load testing"]  # fmt: skip
# Topics are drawn Zipf-like, as on a real hub: the first few are on a good share of the
# posts, the last ones on a handful (the challenge list filtered by either must stay fast).
TOPIC_SKEW = 1.5
SPAN = timedelta(days=730)


@contextlib.contextmanager
def explicit_dates():
    """Let bulk inserts keep the dates given (auto_now / auto_now_add would overwrite them)."""
    fields = [
        f
        for model in (Page, PageRevision, Challenge, Solution, Comment, Vote, Notification, Flag)
        for f in model._meta.fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in saved:
            f.auto_now, f.auto_now_add = now, add


class Builder:
    def __init__(self, scale: Scale, *, seed: int = 2026, out=print):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 (made-up bench data, seeded to repeat)
        self.out = out
        self.now = timezone.now()
        self.start = self.now - SPAN
        self.bodies = Bodies(self.rng)
        self.counts: dict[str, int] = {}

    def when(self, i: int, n: int):
        return self.start + SPAN * (i / max(n, 1)) + timedelta(seconds=self.rng.randint(0, 3600))

    def step(self, label: str, started: float, count: int):
        self.counts[label] = self.counts.get(label, 0) + count
        self.out(f"  {label}: {self.counts[label]:,} ({time.perf_counter() - started:.1f} s)")

    def run(self) -> dict:
        with explicit_dates():
            self.learners()
            self.topics_and_categories()
            self.pages()
            self.challenges()
            self.big_challenge()
            self.notifications()
            self.flags()
        return self.counts

    # --- people ------------------------------------------------------------------------------

    def learners(self):
        started = time.perf_counter()
        password = make_password(BENCH_PASSWORD)
        n = self.scale.learners
        first = User.objects.filter(username=BENCH_USERNAME).first()
        if first is None:
            first = User.objects.create(username=BENCH_USERNAME, email="bench@example.org",
                                        password=password, approved_posts=5)  # fmt: skip
            Profile.objects.get_or_create(user=first)
        tracks = Track.values
        for lo in range(0, n - 1, self.scale.batch):
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"learner{i}",
                        email=f"learner{i}@example.org",
                        password=password,
                        approved_posts=5,
                        date_joined=self.when(i, n),
                    )
                    for i in range(lo, min(lo + self.scale.batch, n - 1))
                ]
            )
            Profile.objects.bulk_create(
                [
                    Profile(user=u, display_name=u.username.title(), track=tracks[u.pk % 3])
                    for u in users
                ]
            )
        self.user_ids = list(User.objects.order_by("pk").values_list("pk", flat=True))
        self.bench_user_id = first.pk
        self.step("learners", started, len(self.user_ids))

    def someone(self) -> int:
        return self.rng.choice(self.user_ids)

    def some_topics(self) -> set[int]:
        """One to three topics for a page or a challenge, common ones more often."""
        return set(self.rng.choices(self.topic_ids, self.topic_weights, k=self.rng.randint(1, 3)))

    def topics_and_categories(self):
        existing = set(Topic.objects.values_list("slug", flat=True))
        Topic.objects.bulk_create(
            [Topic(name=t, slug=slugify(t)) for t in TOPICS if slugify(t) not in existing]
        )
        ids = dict(Topic.objects.values_list("slug", "pk"))
        self.topic_ids = [ids[slugify(t)] for t in TOPICS] + sorted(
            set(ids.values()) - {ids[slugify(t)] for t in TOPICS}
        )
        self.topic_weights = [1 / (rank**TOPIC_SKEW) for rank in range(1, len(self.topic_ids) + 1)]
        if not Category.objects.exists():
            Category.objects.create(name="General", slug="general")
        self.category_ids = list(Category.objects.values_list("pk", flat=True))

    # --- the wiki ----------------------------------------------------------------------------

    def pages(self):
        started = time.perf_counter()
        n, batch = self.scale.pages, self.scale.batch
        per_page = max(1, self.scale.revisions // max(n, 1))
        for lo in range(0, n, batch):
            hi = min(lo + batch, n)
            titles = [
                f"{self.rng.choice(WORDS).capitalize()} {self.rng.choice(WORDS)} {i}"
                for i in range(lo, hi)
            ]
            slugs = [slugify(t) for t in titles]
            with transaction.atomic():
                pages = Page.objects.bulk_create(
                    [
                        Page(
                            title=t,
                            slug=s,
                            category_id=self.rng.choice(self.category_ids),
                            created_by_id=self.someone(),
                            created_at=self.when(i, n),
                            updated_at=self.when(i, n) + timedelta(days=self.rng.randint(0, 60)),
                        )
                        for i, t, s in zip(range(lo, hi), titles, slugs, strict=True)
                    ]
                )
                revisions, links = [], []
                for k, page in enumerate(pages):
                    a, b = self.rng.sample(range(len(pages)), 2) if len(pages) > 1 else (0, 0)
                    count = self.rng.randint(1, 2 * per_page - 1)
                    size = 0
                    for number in range(1, count + 1):
                        md, html, toc, linked = self.bodies.page(
                            f"{page.title}, revision {number}",
                            (titles[a], slugs[a]),
                            (titles[b], slugs[b]),
                        )
                        revisions.append(
                            PageRevision(
                                page=page,
                                number=number,
                                author_id=self.someone() if number > 1 else page.created_by_id,
                                created_at=page.created_at
                                + (page.updated_at - page.created_at) * (number / count),
                                summary=f"Revision {number}" if number > 1 else "First version",
                                title=page.title,
                                body=md,
                                body_html=html,
                                toc_html=toc,
                                size=len(md),
                                size_delta=len(md) - size,
                            )
                        )
                        size = len(md)
                    for slug in sorted(set(linked)):
                        target = pages[slugs.index(slug, 0)] if slug in slugs else None
                        links.append(PageLink(source=page, target_slug=slug, target=target))
                    links.append(PageLink(source=page, target_slug="zqlinkmissingq"))
                    del k
                PageRevision.objects.bulk_create(revisions, batch_size=500)
                PageLink.objects.bulk_create(links)
                Page.topics.through.objects.bulk_create(
                    [
                        Page.topics.through(page_id=p.pk, topic_id=t)
                        for p in pages
                        for t in self.some_topics()
                    ]
                )
            self.step("revisions", started, len(revisions))
            self.step("pages", started, len(pages))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE knowledge_page SET current_revision_id = (SELECT r.id FROM "
                "knowledge_pagerevision r WHERE r.page_id = knowledge_page.id "
                "ORDER BY r.number DESC LIMIT 1) WHERE current_revision_id IS NULL"
            )

    # --- challenges, solutions, comments, votes ----------------------------------------------

    def challenges(self):
        started = time.perf_counter()
        s = self.scale
        n = s.challenges
        sol_mean = s.solutions / max(n, 1)
        com_mean = s.comments / max(n + s.solutions, 1)
        for lo in range(0, n, s.batch):
            hi = min(lo + s.batch, n)
            plans = [self._plan(i, n, sol_mean, com_mean) for i in range(lo, hi)]
            self._insert(plans)
            self.step("challenges", started, hi - lo)

    def _plan(self, i, n, sol_mean, com_mean, *, solutions=None, comments=None, title=None):
        """One challenge with its solutions and comments, decided before anything is inserted
        (its counters are then right at once)."""
        created = self.when(i, n)
        n_sol = solutions if solutions is not None else self.rng.randint(0, int(2 * sol_mean))
        rng = self.rng

        def thread():
            return comments if comments is not None else rng.randint(0, int(2 * com_mean))

        sols = [
            {
                "author": self.someone(),
                "votes": rng.sample(self.user_ids, min(len(self.user_ids), rng.randint(0, 4))),
                "comments": thread(),
                "created": created + timedelta(hours=k + 1),
            }
            for k in range(n_sol)
        ]
        solved = bool(sols) and rng.random() < 0.4
        if solved:
            sols[0]["accepted"] = True
        words = rng.sample(WORDS, 3)
        return {
            "title": title or f"{words[0].capitalize()} {words[1]} fails with {words[2]} ({i})",
            "author": self.someone(),
            "created": created,
            "solutions": sols,
            "comments": thread(),
            "solved": solved,
            "hidden": rng.random() < 0.01,
        }

    def _insert(self, plans):
        now = self.now
        with transaction.atomic():
            challenges = []
            for p in plans:
                md, html = self.bodies.post("challenges", p["title"])
                n_comments = p["comments"] + sum(x["comments"] for x in p["solutions"])
                last = max([p["created"]] + [x["created"] for x in p["solutions"]])
                challenges.append(
                    Challenge(
                        title=p["title"],
                        author_id=p["author"],
                        body=md,
                        body_html=html,
                        created_at=p["created"],
                        last_activity_at=last,
                        status="solved" if p["solved"] else "open",
                        solution_count=len(p["solutions"]),
                        comment_count=n_comments,
                        vote_count=sum(len(x["votes"]) for x in p["solutions"]),
                        hidden_at=now if p["hidden"] else None,
                        hidden_reason="Off-topic" if p["hidden"] else "",
                    )
                )
            challenges = Challenge.objects.bulk_create(challenges)
            Challenge.topics.through.objects.bulk_create(
                [
                    Challenge.topics.through(challenge_id=c.pk, topic_id=t)
                    for c in challenges
                    for t in self.some_topics()
                ]
            )
            solutions = []
            for c, p in zip(challenges, plans, strict=True):
                for x in p["solutions"]:
                    md, html = self.bodies.post("solutions", f"solution to {c.pk}")
                    solutions.append(
                        Solution(
                            challenge=c,
                            author_id=x["author"],
                            body=md,
                            body_html=html,
                            created_at=x["created"],
                            score=len(x["votes"]),
                            is_accepted=x.get("accepted", False),
                            accepted_at=x["created"] if x.get("accepted") else None,
                        )
                    )
            solutions = Solution.objects.bulk_create(solutions, batch_size=1000)
            plan_sols = [x for p in plans for x in p["solutions"]]
            Vote.objects.bulk_create(
                [
                    Vote(user_id=u, solution=s, created_at=s.created_at)
                    for s, x in zip(solutions, plan_sols, strict=True)
                    for u in x["votes"]
                ],
                batch_size=2000,
            )
            comments = []
            for c, p in zip(challenges, plans, strict=True):
                comments += self._comments(p["comments"], c.created_at, challenge=c)
            for s, x in zip(solutions, plan_sols, strict=True):
                comments += self._comments(x["comments"], s.created_at, solution=s)
            Comment.objects.bulk_create(comments, batch_size=2000)
        self.counts["solutions"] = self.counts.get("solutions", 0) + len(solutions)
        self.counts["comments"] = self.counts.get("comments", 0) + len(comments)
        return challenges

    def _comments(self, count, after, **target):
        made = []
        for k in range(count):
            md, html = self.bodies.post("comments", f"comment {k + 1}")
            made.append(
                Comment(
                    author_id=self.someone(),
                    body=md,
                    body_html=html,
                    created_at=after + timedelta(minutes=10 * (k + 1)),
                    **target,
                )
            )
        return made

    def big_challenge(self):
        started = time.perf_counter()
        plan = self._plan(
            self.scale.challenges,
            self.scale.challenges,
            0,
            0,
            solutions=BIG_SOLUTIONS,
            comments=BIG_COMMENTS,
            title=BIG_TITLE,
        )
        plan["hidden"] = False
        plan["solutions"][1]["author"] = self.bench_user_id
        (challenge,) = self._insert([plan])
        self.big_challenge_id = challenge.pk
        self.step("big challenge", started, 1)

    # --- notifications and flags -------------------------------------------------------------

    def notifications(self):
        started = time.perf_counter()
        n, batch = self.scale.notifications, self.scale.batch
        for lo in range(0, n, batch):
            rows = []
            for i in range(lo, min(lo + batch, n)):
                mine = i % 10 == 0  # a tenth go to the bench learner: a full inbox
                created = self.when(i, n)
                rows.append(
                    Notification(
                        recipient_id=self.bench_user_id if mine else self.someone(),
                        actor_id=self.someone(),
                        kind=Kind.WATCHED_CHALLENGE,
                        text=f"New activity on a challenge you watch ({i})",
                        url=f"/challenges/{self.big_challenge_id}/",
                        created_at=created,
                        read_at=None if i > n - n // 20 else created,
                        email_state=EmailState.SKIPPED,
                    )
                )
            Notification.objects.bulk_create(rows)
            self.step("notifications", started, len(rows))

    def flags(self):
        started = time.perf_counter()
        solution_type = ContentType.objects.get_for_model(Solution)
        ids = list(Solution.objects.order_by("?").values_list("pk", flat=True)[:200])
        Flag.objects.bulk_create(
            [
                Flag(
                    content_type=solution_type,
                    object_id=pk,
                    flagger_id=self.someone(),
                    reason=FlagReason.INCORRECT,
                    created_at=self.now,
                )
                for pk in ids
            ],
            ignore_conflicts=True,
        )
        self.step("flags", started, len(ids))
