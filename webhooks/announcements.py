"""What an event says, read from the content when it is announced; and whether that content is
still public when a delivery is sent. Only public content is ever described or sent: a missing,
hidden, withdrawn or held item (or one under a challenge that is) gives None / False."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.text import Truncator

from core import events
from discussions.models import Challenge, Comment, Solution
from knowledge.models import PageRevision

EXCERPT_CHARS = 280


@dataclass(frozen=True)
class Announcement:
    event: str
    object_id: int
    title: str  # of the challenge or the page
    url: str  # absolute, to the item itself
    author: str  # username
    topics: tuple[tuple[int, str], ...]  # (id, slug) of the challenge's or the page's topics
    data: dict = field(default_factory=dict)  # the JSON event's "data"

    @property
    def topic_ids(self) -> set[int]:
        return {pk for pk, _slug in self.topics}

    @property
    def topic_tags(self) -> str:
        return " ".join(f"#{slug}" for _pk, slug in self.topics)


def absolute(path: str) -> str:
    return f"{settings.NEXUS_BASE_URL}{path}"


def _excerpt(html: str) -> str:
    text = " ".join(strip_tags(html).split())
    return Truncator(text).chars(EXCERPT_CHARS)


def _person(user) -> dict:
    return {"username": user.username, "url": absolute(user.get_absolute_url())}


def _topics(owner) -> tuple[tuple[int, str], ...]:
    return tuple((t.pk, t.slug) for t in owner.topics.all())


def _challenge_data(challenge: Challenge) -> dict:
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "url": absolute(challenge.get_absolute_url()),
        "topics": [t.slug for t in challenge.topics.all()],
    }


def _public_challenge(pk):
    return Challenge.objects.public().filter(pk=pk)


def _challenge_created(object_id: int) -> Announcement | None:
    challenge = (
        _public_challenge(object_id).select_related("author").prefetch_related("topics").first()
    )
    if challenge is None:
        return None
    return Announcement(
        event=events.CHALLENGE_CREATED,
        object_id=challenge.pk,
        title=challenge.title,
        url=absolute(challenge.get_absolute_url()),
        author=challenge.author.username,
        topics=_topics(challenge),
        data={
            "challenge": {
                **_challenge_data(challenge),
                "author": _person(challenge.author),
                "created_at": challenge.created_at.isoformat(),
                "excerpt": _excerpt(challenge.body_html),
            }
        },
    )


def _public_solutions():
    return Solution.objects.public().filter(_public("challenge__"))


def _solution_accepted(object_id: int) -> Announcement | None:
    solution = (
        _public_solutions()
        .filter(pk=object_id, is_accepted=True)
        .select_related("author", "challenge")
        .prefetch_related("challenge__topics")
        .first()
    )
    if solution is None:
        return None
    challenge = solution.challenge
    return Announcement(
        event=events.SOLUTION_ACCEPTED,
        object_id=solution.pk,
        title=challenge.title,
        url=absolute(solution.get_absolute_url()),
        author=solution.author.username,
        topics=_topics(challenge),
        data={
            "solution": {
                "id": solution.pk,
                "url": absolute(solution.get_absolute_url()),
                "author": _person(solution.author),
                "accepted_at": solution.accepted_at.isoformat() if solution.accepted_at else None,
                "excerpt": _excerpt(solution.body_html),
            },
            "challenge": _challenge_data(challenge),
        },
    )


def _public(prefix: str) -> Q:
    return Q(
        **{
            f"{prefix}hidden_at__isnull": True,
            f"{prefix}withdrawn_at__isnull": True,
            f"{prefix}is_held": False,
        }
    )


def _public_comments():
    # Under a public challenge, or under a public solution of a public challenge.
    return Comment.objects.public().filter(
        Q(challenge__isnull=False) & _public("challenge__")
        | Q(solution__isnull=False) & _public("solution__") & _public("solution__challenge__")
    )


def _comment_created(object_id: int) -> Announcement | None:
    comment = (
        _public_comments()
        .filter(pk=object_id)
        .select_related("author", "challenge", "solution__challenge")
        .first()
    )
    if comment is None:
        return None
    challenge = comment.parent_challenge
    return Announcement(
        event=events.COMMENT_CREATED,
        object_id=comment.pk,
        title=challenge.title,
        url=absolute(comment.get_absolute_url()),
        author=comment.author.username,
        topics=_topics(challenge),
        data={
            "comment": {
                "id": comment.pk,
                "url": absolute(comment.get_absolute_url()),
                "author": _person(comment.author),
                "on": "solution" if comment.solution_id else "challenge",
                "solution_id": comment.solution_id,
                "created_at": comment.created_at.isoformat(),
                "excerpt": _excerpt(comment.body_html),
            },
            "challenge": _challenge_data(challenge),
        },
    )


def _public_revisions():
    return PageRevision.objects.filter(page__hidden_at__isnull=True)


def _page_changed(object_id: int) -> Announcement | None:
    revision = (
        _public_revisions()
        .filter(pk=object_id)
        .select_related("page", "author")
        .prefetch_related("page__topics")
        .first()
    )
    if revision is None:
        return None
    page = revision.page
    return Announcement(
        event=events.PAGE_CHANGED,
        object_id=revision.pk,
        title=page.title,
        url=absolute(page.get_absolute_url()),
        author=revision.author.username,
        topics=_topics(page),
        data={
            "page": {
                "title": page.title,
                "slug": page.slug,
                "url": absolute(page.get_absolute_url()),
                "topics": [t.slug for t in page.topics.all()],
            },
            "revision": {
                "number": revision.number,
                "url": absolute(revision.get_absolute_url()),
                "author": _person(revision.author),
                "summary": revision.summary,
                "created_at": revision.created_at.isoformat(),
                "is_new_page": revision.number == 1,
                "size_delta": revision.size_delta,
            },
        },
    )


_DESCRIBE = {
    events.CHALLENGE_CREATED: _challenge_created,
    events.SOLUTION_ACCEPTED: _solution_accepted,
    events.COMMENT_CREATED: _comment_created,
    events.PAGE_CHANGED: _page_changed,
}

_STILL_PUBLIC = {
    events.CHALLENGE_CREATED: lambda pk: _public_challenge(pk).exists(),
    events.SOLUTION_ACCEPTED: lambda pk: _public_solutions().filter(pk=pk).exists(),
    events.COMMENT_CREATED: lambda pk: _public_comments().filter(pk=pk).exists(),
    events.PAGE_CHANGED: lambda pk: _public_revisions().filter(pk=pk).exists(),
}


def describe(event: str, object_id: int) -> Announcement | None:
    """The announcement of `event` about `object_id`; None unless the content is public."""
    if event not in _DESCRIBE:
        return None
    return _DESCRIBE[event](object_id)


def is_public(event: str, object_id: int | None) -> bool:
    """Checked again right before every attempt: a post hidden since is never sent."""
    if object_id is None or event not in _STILL_PUBLIC:
        return False
    return _STILL_PUBLIC[event](object_id)
