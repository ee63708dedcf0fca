"""Demo challenges, solutions, votes and comments (challenges.toml), through the discussions
services.

`seed(accounts)` is idempotent: a challenge that already exists (same author and title) is left
as it is. A challenge with `wiki_page` has its accepted solution turned into a wiki page, as the
product does. Notifications are fanned out inline, so the demo learners have an inbox to look
at, and no email is sent. Everything is dated in the past (`days_ago`), in a believable order.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from discussions import services
from discussions.conversion import link_page, wiki_draft
from discussions.models import Challenge, Comment, Solution
from hub.demo.files import read_toml
from hub.demo.pages import ensure_topics
from knowledge import services as wiki
from knowledge.categories import GUIDES, ensure_categories
from knowledge.models import Category, Page, PageRevision, Topic
from notifications.models import Notification
from notifications.services import delivered_inline, forget_unread_counts
from reputation.services import serial_votes_unchecked
from search.indexing import index

UNREAD_LEFT = 3  # each demo user's newest notifications stay unread; older ones are read


def challenge_specs() -> list[dict]:
    return read_toml("challenges.toml")["challenge"]


class NotificationDates:
    """Dates the notifications each seeding step fans out (inline) as that step.

    Made before seeding, it leaves older notifications (a re-seed, a site in use) as they are.
    """

    def __init__(self):
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


def _wiki_page(challenge: Challenge, user, title: str) -> Page:
    """Turn the accepted solution into a page the way the product does: the conversion's draft,
    saved by the wiki's own service, then linked back ("From challenge #N")."""
    draft = wiki_draft(challenge.pk, user)
    page = Page.objects.filter(slug=wiki.slug_from_title(title)).first()
    if page is None:
        page = wiki.page_create(
            title=title,
            category=ensure_categories(Category)[GUIDES.slug],
            body=draft.body,
            author=user,
            summary=draft.summary,
            topics=Topic.objects.filter(pk__in=draft.topic_ids),
        )
    link_page(challenge_id=challenge.pk, page=page, user=user)
    return page


def _seed_challenge(spec: dict, people: dict, notified: NotificationDates) -> Challenge | None:
    author = people[spec["author"]]
    if Challenge.objects.filter(author=author, title=spec["title"]).exists():
        return None
    days = spec["days_ago"]
    challenge = services.challenge_create(
        author=author, title=spec["title"], body=spec["body"], topics=ensure_topics(spec["topics"])
    )
    _age(Challenge, challenge.pk, days, notified)
    solutions = []
    for i, s in enumerate(spec.get("solution", [])):
        solution = services.solution_create(
            challenge=challenge, author=people[s["author"]], body=s["body"]
        )
        _age(Solution, solution.pk, days - 0.5 - i * 0.3, notified)
        for voter in s["votes"]:
            with serial_votes_unchecked():  # these votes happened over days, not seconds
                services.solution_vote(solution=solution, user=people[voter])
        solutions.append((solution, s))
    comments = [(challenge, c) for c in spec.get("comment", [])]
    comments += [(solution, c) for solution, s in solutions for c in s.get("comment", [])]
    for j, (target, c) in enumerate(comments):
        comment = services.comment_create(target=target, author=people[c["author"]], body=c["body"])
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
    index(challenge)  # search results show the re-dated post, not the seeding moment
    if spec.get("wiki_page"):
        page = _wiki_page(challenge, author, spec["wiki_page"])
        _date_page(page, solved_days - 0.1, notified)
    return challenge


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


def _date_page(page: Page, days: float, notified: NotificationDates) -> None:
    """The demo's converted page was written when the challenge was solved, not at seed time."""
    when = timezone.now() - timedelta(days=days)
    notified.date_new(when)
    PageRevision.objects.filter(page=page, created_at__gt=when).update(created_at=when)
    Page.objects.filter(pk=page.pk, updated_at__gt=when).update(created_at=when, updated_at=when)
    page.refresh_from_db()
    index(page)


@transaction.atomic
def seed(accounts) -> list[Challenge]:
    """Create whatever demo challenges are missing; returns those created this time."""
    notified = NotificationDates()
    created = []
    with delivered_inline():
        for spec in challenge_specs():
            challenge = _seed_challenge(spec, accounts.people, notified)
            if challenge is not None:
                created.append(challenge)
    users = list(accounts.people.values())
    for user in users:
        old = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by(
            "-created_at", "-pk"
        )[UNREAD_LEFT:]
        Notification.objects.filter(pk__in=list(old.values_list("pk", flat=True))).update(
            read_at=timezone.now()
        )
    forget_unread_counts([user.pk for user in users])
    return created
