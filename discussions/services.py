"""Every write to challenges, solutions, comments, votes and watches.

Views check permissions (discussions.permissions) and then call one function here. Counters on
Challenge (solution_count, comment_count, vote_count) are recounted from the rows whenever
something that changes them happens, so they never drift; the list page reads only them.
Notifications are handed to notifications.services, which enqueues ONE background task per
event: the fan-out to watchers and the emails never happen inside the request.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from core.markdown import render_markdown
from core.models import is_moderator
from discussions.mentions import link_mentions
from discussions.models import (
    Challenge,
    ChallengeWatch,
    Comment,
    PostRevision,
    ReopenVote,
    Solution,
    Vote,
)
from knowledge.rendering import wiki_links
from notifications import services as notify
from notifications.models import Kind as NoticeKind
from notifications.services import Recipient, notifications_create
from reputation import registry as reputation_registry
from reputation import services as reputation
from reputation.levels import needs_review


def render_body(text: str, *, comment: bool = False) -> str:
    """The one rendering of a post: mentions and [[wiki links]] linked, then core.markdown's
    sanitised Markdown."""
    text = link_mentions(text)
    return render_markdown(text, extensions=[wiki_links(text)], comment=comment)


def _atomic_after_rendering(*, comment: bool = False):
    """Run the service in a transaction, its `body` rendered (as `body_html`) before the
    transaction begins: rendering a long text takes a while, and on SQLite an open write
    transaction blocks every other writer."""

    def decorate(service):
        atomic_service = transaction.atomic(service)

        @functools.wraps(service)
        def wrapper(*, body: str, **kwargs):
            return atomic_service(body=body, body_html=render_body(body, comment=comment), **kwargs)

        return wrapper

    return decorate


def _record_revision(*, post, editor, title: str = "") -> PostRevision:
    content_type = ContentType.objects.get_for_model(post)
    last = PostRevision.objects.filter(content_type=content_type, object_id=post.pk).aggregate(
        n=Max("number")
    )["n"]
    return PostRevision.objects.create(
        content_type=content_type,
        object_id=post.pk,
        number=(last or 0) + 1,
        title=title,
        body=post.body,
        editor=editor,
    )


EDITED_NOTICE = NoticeKind.EDITED


def _tell_author_of_edit(post, editor, your: str) -> None:
    """A trusted learner (or a moderator) edited someone else's post: the author hears of it,
    and the earlier version stays in the post's history."""
    if editor.pk == post.author_id:
        return
    notifications_create(
        recipients=[
            Recipient(
                post.author_id,
                EDITED_NOTICE,
                f"{editor.username} edited {your}; the earlier version is in its history.",
                post.get_absolute_url(),
            )
        ],
        actor_id=editor.pk,
    )


def revisions_of(post):
    return (
        PostRevision.objects.filter(
            content_type=ContentType.objects.get_for_model(post), object_id=post.pk
        )
        .select_related("editor")
        .order_by("-number")
    )


def _lock_challenge(challenge_id: int) -> None:
    """Hold the challenge row until the transaction ends, so recounts of one challenge run one
    after another and the last one sees every committed row (count-then-update without it lost
    votes on PostgreSQL: 100 voters at once gave a score of 4).

    FOR NO KEY UPDATE, not FOR UPDATE: it does not wait for the key-share locks that inserting a
    solution or comment takes on the challenge. Every write here locks the challenge before any
    solution row, so two of them never wait on each other in a circle.
    """
    list(Challenge.objects.select_for_update(no_key=True).filter(pk=challenge_id).values("pk"))


@transaction.atomic(savepoint=False)
def challenge_refresh_counts(*, challenge: Challenge, touch: bool = False) -> Challenge:
    """Recount the denormalised counters from the rows (public posts only); with `touch`, mark
    the challenge active now in the same UPDATE.

    The status follows the same rule: a challenge is solved while its accepted solution is
    public. Hidden or withdrawn, the acceptance stays on the row (a restore brings "Solved"
    back) but readers see an open challenge, not "Solved" above no solution at all."""
    _lock_challenge(challenge.pk)
    return _recount(challenge, touch=touch)


def _recount(challenge: Challenge, *, touch: bool = False) -> Challenge:
    public_solutions = Solution.objects.public().filter(challenge=challenge)
    counts = public_solutions.aggregate(
        n=Count("pk"), accepted=Count("pk", filter=Q(is_accepted=True))
    )
    challenge.solution_count = counts["n"]
    challenge.status = Challenge.Status.SOLVED if counts["accepted"] else Challenge.Status.OPEN
    challenge.comment_count = (
        Comment.objects.public()
        .filter(
            Q(challenge=challenge)
            | Q(
                solution__challenge=challenge,
                solution__hidden_at__isnull=True,
                solution__withdrawn_at__isnull=True,
                solution__is_held=False,
            )
        )
        .count()
    )
    challenge.vote_count = Vote.objects.filter(solution__in=public_solutions).count()
    fields = {
        "solution_count": challenge.solution_count,
        "comment_count": challenge.comment_count,
        "vote_count": challenge.vote_count,
        "status": challenge.status,
    }
    if touch:
        challenge.last_activity_at = fields["last_activity_at"] = timezone.now()
    Challenge.objects.filter(pk=challenge.pk).update(**fields)
    return challenge


def _watch(*, user, challenge: Challenge) -> None:
    # One INSERT … ON CONFLICT DO NOTHING: no read first, no savepoint.
    ChallengeWatch.objects.bulk_create(
        [ChallengeWatch(user=user, challenge=challenge)], ignore_conflicts=True
    )


# --- challenges ------------------------------------------------------------------------------


@_atomic_after_rendering()
def challenge_create(
    *, author, title: str, body: str, body_html: str, topics: Iterable = ()
) -> Challenge:
    challenge = Challenge.objects.create(
        author=author,
        title=title,
        body=body,
        body_html=body_html,
        is_held=needs_review(author),
    )
    challenge.topics.set(topics)
    _record_revision(post=challenge, editor=author, title=title)
    _watch(user=author, challenge=challenge)
    if challenge.is_public:
        notify.post_published(post=challenge)
    return challenge


@_atomic_after_rendering()
def challenge_edit(
    *,
    challenge: Challenge,
    editor,
    title: str,
    body: str,
    body_html: str,
    topics: Iterable | None = None,
) -> Challenge:
    challenge.title = title
    challenge.body = body
    challenge.body_html = body_html
    challenge.edited_at = timezone.now()
    challenge.save(update_fields=["title", "body", "body_html", "edited_at"])
    if topics is not None:
        challenge.topics.set(topics)
    _record_revision(post=challenge, editor=editor, title=title)
    _tell_author_of_edit(challenge, editor, f"your challenge “{challenge.title}”")
    return challenge


# --- withdraw / restore (any post) -----------------------------------------------------------


@transaction.atomic
def post_withdraw(*, post, user) -> None:
    """Soft: the post stays, marked withdrawn, and its author can restore it."""
    if post.withdrawn_at is None:
        post.withdrawn_at = timezone.now()
        post.save(update_fields=["withdrawn_at"])
    challenge_refresh_counts(challenge=post.parent_challenge)


@transaction.atomic
def post_restore(*, post, user) -> None:
    if post.withdrawn_at is not None:
        post.withdrawn_at = None
        post.save(update_fields=["withdrawn_at"])
    challenge_refresh_counts(challenge=post.parent_challenge)


def post_visibility_changed(*, post) -> None:
    """After a moderator hid or restored a post (moderation calls it through the registry, see
    discussions/kinds.py): the counters count public posts only."""
    challenge_refresh_counts(challenge=post.parent_challenge)


@transaction.atomic
def post_approved(*, post) -> None:
    """After a moderator approved a held post (through the registry, see discussions/kinds.py):
    recount, touch the challenge's last activity and notify, as if it had just been posted (a
    held post did none of these)."""
    challenge_refresh_counts(challenge=post.parent_challenge, touch=post.is_public)
    if post.is_public:
        notify.post_published(post=post)


# --- solutions -------------------------------------------------------------------------------


@_atomic_after_rendering()
def solution_create(*, challenge: Challenge, author, body: str, body_html: str) -> Solution:
    solution = Solution.objects.create(
        challenge=challenge,
        author=author,
        body=body,
        body_html=body_html,
        is_held=needs_review(author),
    )
    _record_revision(post=solution, editor=author)
    # Solvers follow the challenge they answered.
    _watch(user=author, challenge=challenge)
    # A held post is news only once a moderator approves it (post_approved touches then).
    challenge_refresh_counts(challenge=challenge, touch=solution.is_public)
    if solution.is_public:
        notify.post_published(post=solution)
    return solution


@_atomic_after_rendering()
def solution_edit(*, solution: Solution, editor, body: str, body_html: str) -> Solution:
    solution.body = body
    solution.body_html = body_html
    solution.edited_at = timezone.now()
    solution.save(update_fields=["body", "body_html", "edited_at"])
    _record_revision(post=solution, editor=editor)
    _tell_author_of_edit(solution, editor, f"your solution to “{solution.challenge.title}”")
    return solution


def _refresh_score(solution: Solution) -> None:
    _lock_challenge(solution.challenge_id)  # then the count sees every committed vote
    solution.score = solution.votes.count()
    Solution.objects.filter(pk=solution.pk).update(score=solution.score)
    _recount(solution.challenge)


@transaction.atomic
def solution_vote(*, solution: Solution, user) -> bool:
    """Up-vote once. Voting again changes nothing; returns whether a vote was added."""
    _, created = Vote.objects.get_or_create(user=user, solution=solution)
    if created:
        _refresh_score(solution)
        reputation.solution_voted(solution=solution, voter=user)
    return created


@transaction.atomic
def solution_unvote(*, solution: Solution, user) -> bool:
    deleted, _ = Vote.objects.filter(user=user, solution=solution).delete()
    if deleted:
        _refresh_score(solution)
        reputation.solution_unvoted(solution=solution, voter=user)
    return bool(deleted)


@transaction.atomic
def solution_accept(*, solution: Solution, user) -> Solution:
    """Accept `solution`; acceptance moves off any other solution of the same challenge.

    The partial UniqueConstraint allows one accepted solution per challenge, so the old one
    is unset before the new one is set, in this one transaction (the challenge row locked).
    """
    challenge = Challenge.objects.select_for_update(no_key=True).get(pk=solution.challenge_id)
    # Read after the lock: a click that waited for another accept of this solution is a no-op.
    if Solution.objects.filter(pk=solution.pk, is_accepted=True).exists():
        solution.is_accepted = True
        return solution
    now = timezone.now()
    previous = Solution.objects.filter(challenge=challenge, is_accepted=True).first()
    Solution.objects.filter(challenge=challenge, is_accepted=True).update(
        is_accepted=False, accepted_at=None
    )
    Solution.objects.filter(pk=solution.pk).update(is_accepted=True, accepted_at=now)
    solution.is_accepted, solution.accepted_at = True, now
    challenge.status = Challenge.Status.SOLVED
    challenge.last_activity_at = now
    challenge.save(update_fields=["status", "last_activity_at"])
    solution.challenge = challenge
    if previous is not None:
        previous.challenge = challenge
    reputation.solution_accepted(solution=solution, accepter=user, previous=previous)
    notify.solution_accepted(solution=solution, actor=user)
    return solution


# --- comments --------------------------------------------------------------------------------


@_atomic_after_rendering(comment=True)
def comment_create(*, target: Challenge | Solution, author, body: str, body_html: str) -> Comment:
    on_solution = isinstance(target, Solution)
    comment = Comment.objects.create(
        challenge=None if on_solution else target,
        solution=target if on_solution else None,
        author=author,
        body=body,
        body_html=body_html,
        is_held=needs_review(author),
    )
    _record_revision(post=comment, editor=author)
    challenge = comment.parent_challenge
    # A held post is news only once a moderator approves it (post_approved touches then).
    challenge_refresh_counts(challenge=challenge, touch=comment.is_public)
    if comment.is_public:
        notify.post_published(post=comment)
    return comment


@_atomic_after_rendering(comment=True)
def comment_edit(*, comment: Comment, editor, body: str, body_html: str) -> Comment:
    comment.body = body
    comment.body_html = body_html
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _record_revision(post=comment, editor=editor)
    return comment


# --- watching --------------------------------------------------------------------------------


def challenge_watch(*, challenge: Challenge, user) -> None:
    _watch(user=user, challenge=challenge)


def challenge_unwatch(*, challenge: Challenge, user) -> None:
    ChallengeWatch.objects.filter(user=user, challenge=challenge).delete()


# --- duplicates ------------------------------------------------------------------------------


class DuplicateError(ValueError):
    """The chosen original cannot be one (the message says why)."""


@transaction.atomic
def challenge_close_duplicate(*, challenge: Challenge, original: Challenge, user) -> Challenge:
    """Close `challenge` as a duplicate of `original` (permissions checked by the caller).

    Readers of the duplicate see a notice and a link; it takes no new posts, search ranks it
    below the original, and members can vote to reopen it. Logged for the moderators."""
    if original.pk == challenge.pk:
        raise DuplicateError("A challenge cannot be a duplicate of itself.")
    if not original.is_public:
        raise DuplicateError(f"Challenge #{original.pk} is not published; choose another.")
    if original.duplicate_of_id is not None:
        raise DuplicateError(
            f"Challenge #{original.pk} is itself closed as a duplicate of "
            f"#{original.duplicate_of_id}: choose that one."
        )
    now = timezone.now()
    updated = Challenge.objects.filter(pk=challenge.pk, duplicate_of__isnull=True).update(
        duplicate_of=original, closed_at=now, closed_by=user
    )
    if not updated:
        raise DuplicateError("This challenge is already closed as a duplicate.")
    challenge.duplicate_of, challenge.closed_at, challenge.closed_by = original, now, user
    ReopenVote.objects.filter(challenge=challenge).delete()
    # Saved again for search (post_save): the document of a duplicate carries its title only.
    challenge.save(update_fields=["duplicate_of", "closed_at", "closed_by"])
    reputation_registry.log(
        action=reputation_registry.DUPLICATE,
        actor=user,
        target=challenge,
        reason=f"Closed as a duplicate of #{original.pk} “{original.title}” by {user.username}.",
    )
    return challenge


@transaction.atomic
def challenge_reopen_vote(*, challenge: Challenge, user) -> tuple[bool, int]:
    """A member's vote to reopen (a moderator's reopens at once). Returns (reopened, votes)."""
    if is_moderator(user):
        return _reopen(challenge, user, "Reopened by a moderator."), 0
    ReopenVote.objects.bulk_create(
        [ReopenVote(user=user, challenge=challenge)], ignore_conflicts=True
    )
    votes = ReopenVote.objects.filter(challenge=challenge).count()
    if votes >= settings.NEXUS_REOPEN_VOTES:
        names = ", ".join(
            ReopenVote.objects.filter(challenge=challenge)
            .order_by("created_at")
            .values_list("user__username", flat=True)
        )
        return _reopen(challenge, None, f"Reopened by {votes} votes ({names})."), votes
    return False, votes


def _reopen(challenge: Challenge, user, reason: str) -> bool:
    original_id = challenge.duplicate_of_id
    updated = Challenge.objects.filter(pk=challenge.pk, duplicate_of__isnull=False).update(
        duplicate_of=None, closed_at=None, closed_by=None
    )
    if not updated:
        return False
    challenge.duplicate_of, challenge.closed_at, challenge.closed_by = None, None, None
    ReopenVote.objects.filter(challenge=challenge).delete()
    challenge.save(update_fields=["duplicate_of", "closed_at", "closed_by"])  # reindexed
    reputation_registry.log(
        action=reputation_registry.REOPEN,
        actor=user,
        target=challenge,
        reason=f"{reason} It was a duplicate of #{original_id}.",
    )
    return True
