"""Who hears about what happens in discussions: the resolvers this app registers with
notifications (see `DiscussionsConfig.ready`). Each turns one event's id into recipients; they
run in the fan-out task, never in the request."""

from __future__ import annotations

from accounts.models import User
from discussions.mentions import mentioned_users
from discussions.models import Challenge, Comment, Solution
from notifications.models import Kind
from notifications.services import Recipient


def _name(user) -> str:
    return user.display_name


def _mentions(post, title: str, url: str, actor) -> list[Recipient]:
    return [
        Recipient(u.pk, Kind.MENTION, f"{_name(actor)} mentioned you in “{title}”", url)
        for u in mentioned_users(post.body).only("pk")
    ]


def _watchers(challenge: Challenge, text: str, url: str) -> list[Recipient]:
    user_ids = challenge.watches.values_list("user_id", flat=True)
    return [Recipient(user_id, Kind.WATCHED_CHALLENGE, text, url) for user_id in user_ids]


def challenge_posted(object_id: int, actor_id: int | None = None):
    challenge = Challenge.objects.select_related("author__profile").filter(pk=object_id).first()
    if challenge is None or not challenge.is_public:
        return None, []
    actor = challenge.author
    url = challenge.get_absolute_url()
    return actor.pk, _mentions(challenge, challenge.title, url, actor)


def solution_posted(object_id: int, actor_id: int | None = None):
    solution = (
        Solution.objects.select_related("author__profile", "challenge").filter(pk=object_id).first()
    )
    if solution is None or not solution.is_public:
        return None, []
    actor, challenge = solution.author, solution.challenge
    url = solution.get_absolute_url()
    title = challenge.title
    return actor.pk, [
        Recipient(
            challenge.author_id,
            Kind.SOLUTION,
            f"{_name(actor)} posted a solution to your challenge “{title}”",
            url,
        ),
        *_mentions(solution, title, url, actor),
        *_watchers(
            challenge, f"{_name(actor)} posted a solution to “{title}”, which you watch", url
        ),
    ]


def comment_posted(object_id: int, actor_id: int | None = None):
    comment = (
        Comment.objects.select_related("author__profile", "challenge", "solution__challenge")
        .filter(pk=object_id)
        .first()
    )
    if comment is None or not comment.is_public:
        return None, []
    actor = comment.author
    challenge = comment.parent_challenge
    title = challenge.title
    url = comment.get_absolute_url()
    direct = []
    if comment.solution_id:
        direct.append(
            Recipient(
                comment.solution.author_id,
                Kind.SOLUTION_COMMENT,
                f"{_name(actor)} commented on your solution to “{title}”",
                url,
            )
        )
    direct.append(
        Recipient(
            challenge.author_id,
            Kind.CHALLENGE_COMMENT,
            f"{_name(actor)} commented on your challenge “{title}”",
            url,
        )
    )
    return actor.pk, [
        *direct,
        *_mentions(comment, title, url, actor),
        *_watchers(challenge, f"{_name(actor)} commented on “{title}”, which you watch", url),
    ]


def solution_accepted(object_id: int, actor_id: int | None = None):
    solution = Solution.objects.select_related("challenge").filter(pk=object_id).first()
    if solution is None or not solution.is_accepted:
        return None, []
    actor = User.objects.select_related("profile").filter(pk=actor_id).first()
    who = _name(actor) if actor else "A moderator"
    return actor_id, [
        Recipient(
            solution.author_id,
            Kind.ACCEPTED,
            f"{who} accepted your solution to “{solution.challenge.title}”",
            solution.get_absolute_url(),
        )
    ]
