"""Who may do what to challenges, solutions and comments (PRODUCT.md's permission table).

Each rule is one `*_refusal` function: the message the 403 page shows, or None when allowed.
`can_*` (booleans for templates) and `ensure_*` (views and services) both ask it, so they
cannot disagree. Rate limits are not checked here (core.ratelimit, in the views).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.permissions import is_moderator, refuse, write_refusal
from discussions.models import Challenge, Comment, Solution
from reputation.levels import CLOSE_DUPLICATE, EDIT_OTHERS, has_privilege, privilege_refusal

LOCKED_MESSAGE = (
    "This challenge is locked by a moderator: it takes no new solutions, comments or votes."
)


DUPLICATE_MESSAGE = (
    "This challenge is closed as a duplicate: answer and discuss it on the original challenge."
)


def _open_refusal(target, what: str) -> str | None:
    """Refuse writes under a hidden, withdrawn, held or locked challenge/solution."""
    challenge = target.parent_challenge
    if challenge.is_hidden or target.is_hidden:
        return f"This {what} was hidden by a moderator; it takes no new posts."
    if challenge.is_withdrawn or target.is_withdrawn:
        return f"This {what} was withdrawn by its author; it takes no new posts."
    if challenge.is_held or target.is_held:
        return f"This {what} is awaiting review; it takes no posts until then."
    if challenge.is_locked:
        return LOCKED_MESSAGE
    if challenge.duplicate_of_id is not None:
        return DUPLICATE_MESSAGE
    return None


def is_author(user, post) -> bool:
    return bool(user.is_authenticated and post.author_id == user.pk)


# --- posting ---------------------------------------------------------------------------------


def ensure_can_post_challenge(user) -> None:
    refuse(write_refusal(user))


def post_solution_refusal(user, challenge: Challenge) -> str | None:
    return _open_refusal(challenge, "challenge") or write_refusal(user)


def can_post_solution(user, challenge: Challenge) -> bool:
    return post_solution_refusal(user, challenge) is None


def ensure_can_post_solution(user, challenge: Challenge) -> None:
    refuse(post_solution_refusal(user, challenge))


def comment_refusal(user, target) -> str | None:
    what = "solution" if isinstance(target, Solution) else "challenge"
    return _open_refusal(target, what) or write_refusal(user)


def can_comment(user, target) -> bool:
    return comment_refusal(user, target) is None


def ensure_can_comment(user, target) -> None:
    refuse(comment_refusal(user, target))


# --- editing and withdrawing -----------------------------------------------------------------


def edit_refusal(user, post) -> str | None:
    if reason := write_refusal(user):
        return reason
    if is_moderator(user):
        return None
    if post.is_hidden:
        return "A moderator hid this post; it cannot be edited until restored."
    if not is_author(user, post):
        # Trusted learners (trust level regular) may improve others' challenges and solutions;
        # the edit is kept as a revision and the author is told.
        if not isinstance(post, Comment) and has_privilege(user, EDIT_OTHERS):
            return None
        return "Only the author (or a moderator) can edit this."
    return None


def can_edit(user, post) -> bool:
    return edit_refusal(user, post) is None


def ensure_can_edit(user, post) -> None:
    refuse(edit_refusal(user, post))


def withdraw_refusal(user, post) -> str | None:
    if reason := write_refusal(user):
        return reason
    if not is_author(user, post):
        return "Only the author can withdraw or restore this post."
    return None


def can_withdraw(user, post) -> bool:
    return withdraw_refusal(user, post) is None


def ensure_can_withdraw(user, post) -> None:
    refuse(withdraw_refusal(user, post))


# --- votes, acceptance, watching, locking ----------------------------------------------------


def vote_refusal(user, solution: Solution) -> str | None:
    if reason := write_refusal(user):
        return reason
    if is_author(user, solution):
        return "You cannot vote on your own solution."
    if reason := new_account_vote_refusal(user):
        return reason
    return _open_refusal(solution, "solution")


def new_account_vote_refusal(user) -> str | None:
    """Sock puppets: an account younger than NEXUS_VOTE_MIN_ACCOUNT_HOURS cannot vote."""
    hours = settings.NEXUS_VOTE_MIN_ACCOUNT_HOURS
    if not user.is_authenticated or is_moderator(user) or not hours:
        return None
    can_vote_at = user.date_joined + timedelta(hours=hours)
    if timezone.now() < can_vote_at:
        when = timezone.localtime(can_vote_at)
        return (
            f"New accounts can vote once they are {hours} hours old: yours can from "
            f"{when:%Y-%m-%d %H:%M} UTC."
        )
    return None


def can_vote(user, solution: Solution) -> bool:
    return vote_refusal(user, solution) is None


def ensure_can_vote(user, solution: Solution) -> None:
    refuse(vote_refusal(user, solution))


def accept_refusal(user, solution: Solution) -> str | None:
    if reason := write_refusal(user):
        return reason
    challenge = solution.challenge
    if not (is_author(user, challenge) or is_moderator(user)):
        return "Only the challenge's author (or a moderator) can accept a solution."
    if not solution.is_public:
        return "Only a visible, published solution can be accepted."
    if challenge.is_hidden or challenge.is_withdrawn:
        return "This challenge is not open: no solution can be accepted."
    return None


def can_accept(user, solution: Solution) -> bool:
    return accept_refusal(user, solution) is None


def ensure_can_accept(user, solution: Solution) -> None:
    refuse(accept_refusal(user, solution))


def can_watch(user) -> bool:
    return write_refusal(user) is None


def ensure_can_watch(user) -> None:
    refuse(write_refusal(user))


def can_lock(user) -> bool:
    return is_moderator(user)


# --- duplicates ------------------------------------------------------------------------------


def close_duplicate_refusal(user, challenge: Challenge) -> str | None:
    """Members (trust level) and moderators close a challenge as a duplicate of another."""
    if reason := privilege_refusal(user, CLOSE_DUPLICATE):
        return reason
    if challenge.duplicate_of_id is not None:
        return "This challenge is already closed as a duplicate."
    if challenge.is_hidden or challenge.is_withdrawn or challenge.is_held:
        return "Only a published, visible challenge can be closed as a duplicate."
    return None


def can_close_duplicate(user, challenge: Challenge) -> bool:
    return close_duplicate_refusal(user, challenge) is None


def ensure_can_close_duplicate(user, challenge: Challenge) -> None:
    refuse(close_duplicate_refusal(user, challenge))


def reopen_refusal(user, challenge: Challenge) -> str | None:
    """Members vote to reopen a challenge closed as a duplicate; a moderator reopens it."""
    if reason := privilege_refusal(user, CLOSE_DUPLICATE):
        return reason
    if challenge.duplicate_of_id is None:
        return "This challenge is not closed as a duplicate."
    return None


def can_reopen(user, challenge: Challenge) -> bool:
    return reopen_refusal(user, challenge) is None


def ensure_can_reopen(user, challenge: Challenge) -> None:
    refuse(reopen_refusal(user, challenge))
