"""Kind leaderboards: who helped most this week and this month, overall and per track (home
page) or per topic (topic pages). Never all-time: a newcomer can top next week's board.

Summed from ReputationEvent over the window (reversals included), in one query per board set,
cached briefly and dropped whenever reputation changes (reputation.services.boards_version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Track
from discussions.models import Solution
from reputation.models import ReputationEvent
from reputation.services import boards_version

SHOWN = 5
WEEK, MONTH = 7, 30


@dataclass
class Helper:
    username: str
    name: str
    track: str
    points: int

    @property
    def url(self) -> str:
        return reverse("hub:profile_detail", args=[self.username])


@dataclass
class Board:
    title: str
    week: list[Helper] = field(default_factory=list)
    month: list[Helper] = field(default_factory=list)


def _rows(events):
    """(username, display name, track, week total, month total) per learner active this month."""
    now = timezone.now()
    week_start, month_start = now - timedelta(days=WEEK), now - timedelta(days=MONTH)
    return (
        events.filter(created_at__gte=month_start, user__is_active=True)
        .values("user_id", "user__username", "user__profile__display_name", "user__profile__track")
        .annotate(
            week=Sum("amount", filter=Q(created_at__gte=week_start), default=0),
            month=Sum("amount"),
        )
        .order_by()
    )


def _top(rows, key: str, track: str | None = None) -> list[Helper]:
    chosen = [
        r for r in rows if r[key] > 0 and (track is None or r["user__profile__track"] == track)
    ]
    chosen.sort(key=lambda r: (-r[key], r["user__username"]))
    return [
        Helper(
            username=r["user__username"],
            name=r["user__profile__display_name"] or r["user__username"],
            track=r["user__profile__track"] or "",
            points=r[key],
        )
        for r in chosen[:SHOWN]
    ]


def _cached(key: str, build):
    key = f"hub:boards:{boards_version()}:{key}"
    boards = cache.get(key)
    if boards is None:
        boards = build()
        cache.set(key, boards, settings.NEXUS_LEADERBOARD_TTL)
    return boards


def home_boards() -> list[Board]:
    """Everyone, then each track."""

    def build():
        rows = list(_rows(ReputationEvent.objects.all()))
        boards = [Board("Everyone", _top(rows, "week"), _top(rows, "month"))]
        for value, label in Track.choices:
            boards.append(Board(label, _top(rows, "week", value), _top(rows, "month", value)))
        return boards

    return _cached("home", build)


def topic_board(topic) -> Board:
    """Reputation earned by solutions to challenges on `topic`."""

    def build():
        solutions = Solution.objects.filter(challenge__topics=topic).values("pk")
        events = ReputationEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Solution), object_id__in=solutions
        )
        rows = list(_rows(events))
        return Board(topic.name, _top(rows, "week"), _top(rows, "month"))

    return _cached(f"topic:{topic.pk}", build)
