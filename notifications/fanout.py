"""Who hears about what. Runs inside the background task, never in the request."""

from __future__ import annotations

from notifications.models import Kind
from notifications.services import Recipient


def _name(user) -> str:
    return user.display_name


def _mentions(post, title: str, url: str, actor) -> list[Recipient]:
    from discussions.mentions import mentioned_users

    return [
        Recipient(u.pk, Kind.MENTION, f"{_name(actor)} mentioned you in “{title}”", url)
        for u in mentioned_users(post.body).only("pk")
    ]


def _watchers(challenge, text: str, url: str) -> list[Recipient]:
    user_ids = challenge.watches.values_list("user_id", flat=True)
    return [Recipient(user_id, Kind.WATCHED_CHALLENGE, text, url) for user_id in user_ids]


def recipients_for(event: str, object_id: int, actor_id=None) -> tuple[int | None, list]:
    """(actor id, recipients in priority order) for one event; unknown ids give nobody."""
    from discussions.models import Challenge, Comment, Solution

    if event == "challenge":
        challenge = Challenge.objects.select_related("author__profile").filter(pk=object_id).first()
        if challenge is None or not challenge.is_public:
            return None, []
        actor = challenge.author
        url = challenge.get_absolute_url()
        return actor.pk, _mentions(challenge, challenge.title, url, actor)

    if event == "solution":
        solution = (
            Solution.objects.select_related("author__profile", "challenge")
            .filter(pk=object_id)
            .first()
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

    if event == "comment":
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

    if event == "accepted":
        solution = Solution.objects.select_related("challenge").filter(pk=object_id).first()
        if solution is None or not solution.is_accepted:
            return None, []
        from accounts.models import User

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

    if event == "pagerevision":
        from knowledge.models import PageRevision

        revision = (
            PageRevision.objects.select_related("page", "author__profile")
            .filter(pk=object_id)
            .first()
        )
        if revision is None or revision.page.is_hidden:
            return None, []
        page, actor = revision.page, revision.author
        text = f"{_name(actor)} changed the page “{page.title}” (revision {revision.number})"
        if revision.summary:
            text += f": {revision.summary}"
        url = page.get_absolute_url()
        return actor.pk, [
            Recipient(user_id, Kind.WATCHED_PAGE, text, url)
            for user_id in page.watches.values_list("user_id", flat=True)
        ]

    return None, []
