"""What a profile page shows of a learner's contributions: their challenges, solutions (with
how many were accepted), wiki edits, and an inline SVG chart of activity per week over the last
year. A fixed number of queries whatever the learner's history (lists are capped, with links).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from discussions.models import Challenge, Comment, Solution
from knowledge.models import Page, PageRevision

LIST_CAP = 10
WEEKS = 52


@dataclass
class WeekBar:
    index: int
    start: date
    count: int
    x: int = 0
    y: int = 0
    height: int = 0


@dataclass
class ActivityChart:
    weeks: list[WeekBar]
    total: int
    busiest: WeekBar | None
    width: int
    height: int
    bar_width: int


def _daily_counts(qs, field: str, since) -> dict[date, int]:
    rows = (
        qs.filter(**{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def activity_chart(profile_user, *, today: date | None = None) -> ActivityChart:
    today = today or timezone.localdate()
    first_week = today - timedelta(days=today.weekday()) - timedelta(weeks=WEEKS - 1)
    since = timezone.make_aware(datetime.combine(first_week, time.min))
    counts = [0] * WEEKS
    sources = [
        (Challenge.objects.public().filter(author=profile_user), "created_at"),
        (Solution.objects.public().filter(author=profile_user), "created_at"),
        (Comment.objects.public().filter(author=profile_user), "created_at"),
        (
            PageRevision.objects.filter(author=profile_user, page__hidden_at__isnull=True),
            "created_at",
        ),
    ]
    for qs, field in sources:
        for day, n in _daily_counts(qs, field, since).items():
            index = (day - first_week).days // 7
            if 0 <= index < WEEKS:
                counts[index] += n
    bar_width, gap, chart_height = 8, 2, 48
    peak = max(counts) or 1
    weeks = []
    for i, n in enumerate(counts):
        height = round(n / peak * chart_height) if n else 0
        weeks.append(
            WeekBar(
                index=i,
                start=first_week + timedelta(weeks=i),
                count=n,
                x=i * (bar_width + gap),
                y=chart_height - height,
                height=max(height, 1) if n else 0,
            )
        )
    busiest = max(weeks, key=lambda w: w.count) if any(counts) else None
    return ActivityChart(
        weeks=weeks,
        total=sum(counts),
        busiest=busiest,
        width=WEEKS * (bar_width + gap),
        height=chart_height,
        bar_width=bar_width,
    )


# The lists name posts and pages, never show their text: the bodies (markdown and its HTML,
# kilobytes each) stay in the database.
BODY = ("body", "body_html")
REVISION_BODY = ("body", "body_html", "toc_html")


def _under(relation: str, fields) -> list[str]:
    return [f"{relation}__{name}" for name in fields]


def contributions_for(profile_user, viewer) -> dict:
    challenges = Challenge.objects.visible_to(viewer).filter(author=profile_user)
    solutions = (
        Solution.objects.visible_to(viewer)
        .filter(author=profile_user)
        .filter(
            challenge__hidden_at__isnull=True,
            challenge__withdrawn_at__isnull=True,
            challenge__is_held=False,
        )
    )
    solution_totals = solutions.aggregate(
        total=Count("pk"), accepted=Count("pk", filter=Q(is_accepted=True))
    )
    edits = PageRevision.objects.filter(author=profile_user, page__hidden_at__isnull=True)
    return {
        "contrib_challenges": list(challenges.defer(*BODY).order_by("-created_at")[:LIST_CAP]),
        "contrib_challenge_total": challenges.count(),
        "contrib_solutions": list(
            solutions.select_related("challenge")
            .defer(*BODY, *_under("challenge", BODY))
            .order_by("-created_at")[:LIST_CAP]
        ),
        "contrib_solution_total": solution_totals["total"],
        "contrib_accepted_total": solution_totals["accepted"],
        "contrib_edits": list(
            edits.select_related("page").defer(*REVISION_BODY).order_by("-created_at")[:LIST_CAP]
        ),
        "contrib_edit_total": edits.count(),
        "activity": activity_chart(profile_user),
        "list_cap": LIST_CAP,
    }


# --- the contributions page (/u/<username>/contributions/) -----------------------------------

KIND_LABELS = {
    "challenge": "Challenge",
    "solution": "Solution",
    "comment": "Comment",
    "edit": "Wiki edit",
}


@dataclass
class Contribution:
    kind: str
    at: datetime
    obj: object | None

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def _rows(qs, kind: str):
    return (
        qs.annotate(kind=Value(kind, output_field=CharField()), at=F("created_at"))
        .order_by()
        .values_list("kind", "pk", "at")
    )


def contribution_rows(profile_user, viewer):
    """Everything the learner wrote that the viewer may see, newest first, as one UNION of
    (kind, id, date) rows: a page of it costs one query, whatever the history's size."""

    # The parents' visibility as correlated EXISTS by key, not `IN (every visible
    # challenge)`: the learner's own rows are few, the hub's are not (IN lists of 100,000
    # challenges and 400,000 solutions cost 0.9 s a view on the full hub).
    def visible_challenge(ref):
        return Exists(Challenge.objects.visible_to(viewer).filter(pk=OuterRef(ref)))

    def visible_solution(ref):
        return Exists(
            Solution.objects.visible_to(viewer)
            .filter(pk=OuterRef(ref))
            .filter(visible_challenge("challenge_id"))
        )

    challenges = Challenge.objects.visible_to(viewer).filter(author=profile_user)
    solutions = (
        Solution.objects.visible_to(viewer)
        .filter(author=profile_user)
        .filter(visible_challenge("challenge_id"))
    )
    comments = (
        Comment.objects.visible_to(viewer)
        .filter(author=profile_user)
        .filter(Q(visible_challenge("challenge_id")) | Q(visible_solution("solution_id")))
    )
    pages = Page.objects.filter(pk=OuterRef("page_id"), hidden_at__isnull=True)
    edits = PageRevision.objects.filter(author=profile_user).filter(Exists(pages))
    return (
        _rows(challenges, "challenge")
        .union(
            _rows(solutions, "solution"), _rows(comments, "comment"), _rows(edits, "edit"), all=True
        )
        .order_by("-at", "-kind", "-pk")
    )


def contributions_page(rows) -> list[Contribution]:
    """A page of rows with their objects: one query per kind present on the page."""
    wanted: dict[str, set[int]] = {}
    for kind, pk, _at in rows:
        wanted.setdefault(kind, set()).add(pk)
    loaders = {
        "challenge": Challenge.objects.defer(*BODY),
        "solution": Solution.objects.select_related("challenge").defer(
            *BODY, *_under("challenge", BODY)
        ),
        "comment": Comment.objects.select_related("challenge", "solution__challenge").defer(
            *BODY,
            *_under("challenge", BODY),
            *_under("solution", BODY),
            *_under("solution__challenge", BODY),
        ),
        "edit": PageRevision.objects.select_related("page").defer(*REVISION_BODY),
    }
    found = {kind: loaders[kind].in_bulk(ids) for kind, ids in wanted.items()}
    return [Contribution(kind, at, found[kind].get(pk)) for kind, pk, at in rows]
