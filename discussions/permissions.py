"""Who may do what to challenges, solutions and comments (PRODUCT.md's permission table).

`can_*` answer booleans for templates; `ensure_*` raise PermissionDenied with a message the 403
page shows. Every write in views goes through an `ensure_*`, which starts with
core.permissions.ensure_can_write (readers, suspended learners, rate limits).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.permissions import can_write, ensure_can_write, is_moderator
from discussions.models import Challenge, Comment, Solution

LOCKED_MESSAGE = (
    "This challenge is locked by a moderator: it takes no new solutions, comments or votes."
)


def _challenge_of(target) -> Challenge:
    if isinstance(target, Challenge):
        return target
    if isinstance(target, Solution):
        return target.challenge
    if isinstance(target, Comment):
        return target.challenge if target.challenge_id else target.solution.challenge
    raise TypeError(target)


def _ensure_open_target(target, what: str) -> None:
    """Refuse writes under a hidden, withdrawn, held or locked challenge/solution."""
    challenge = _challenge_of(target)
    if challenge.is_hidden or target.is_hidden:
        raise PermissionDenied(f"This {what} was hidden by a moderator; it takes no new posts.")
    if challenge.is_withdrawn or target.is_withdrawn:
        raise PermissionDenied(f"This {what} was withdrawn by its author; it takes no new posts.")
    if challenge.is_held or target.is_held:
        raise PermissionDenied(f"This {what} is awaiting review; it takes no posts until then.")
    if challenge.is_locked:
        raise PermissionDenied(LOCKED_MESSAGE)


def is_author(user, post) -> bool:
    return bool(user.is_authenticated and post.author_id == user.pk)


# --- reading ---------------------------------------------------------------------------------


def can_view_challenge(user, challenge: Challenge) -> bool:
    return challenge.is_public or is_moderator(user) or is_author(user, challenge)


def ensure_can_view_challenge(user, challenge: Challenge) -> None:
    if not can_view_challenge(user, challenge):
        raise Http404("No such challenge.")


# --- posting ---------------------------------------------------------------------------------


def ensure_can_post_challenge(user) -> None:
    ensure_can_write(user, "challenge")


def can_post_solution(user, challenge: Challenge) -> bool:
    return can_write(user) and challenge.is_public and not challenge.is_locked


def ensure_can_post_solution(user, challenge: Challenge) -> None:
    _ensure_open_target(challenge, "challenge")
    ensure_can_write(user, "solution")


def can_comment(user, target) -> bool:
    challenge = _challenge_of(target)
    return can_write(user) and target.is_public and challenge.is_public and not challenge.is_locked


def ensure_can_comment(user, target) -> None:
    _ensure_open_target(target, "solution" if isinstance(target, Solution) else "challenge")
    ensure_can_write(user, "comment")


# --- editing and withdrawing -----------------------------------------------------------------


def can_edit(user, post) -> bool:
    if not can_write(user):
        return False
    return is_moderator(user) or (is_author(user, post) and not post.is_hidden)


def ensure_can_edit(user, post) -> None:
    ensure_can_write(user)
    if post.is_hidden and not is_moderator(user):
        raise PermissionDenied("A moderator hid this post; it cannot be edited until restored.")
    if not can_edit(user, post):
        raise PermissionDenied("Only the author (or a moderator) can edit this.")


def can_withdraw(user, post) -> bool:
    return can_write(user) and is_author(user, post)


def ensure_can_withdraw(user, post) -> None:
    ensure_can_write(user)
    if not can_withdraw(user, post):
        raise PermissionDenied("Only the author can withdraw or restore this post.")


# --- votes, acceptance, watching, locking ----------------------------------------------------


def can_vote(user, solution: Solution) -> bool:
    return (
        can_write(user)
        and not is_author(user, solution)
        and solution.is_public
        and not solution.challenge.is_locked
    )


def ensure_can_vote(user, solution: Solution) -> None:
    ensure_can_write(user)
    if is_author(user, solution):
        raise PermissionDenied("You cannot vote on your own solution.")
    _ensure_open_target(solution, "solution")
    if solution.is_held:
        raise PermissionDenied("This solution is awaiting review; it cannot be voted on yet.")


def can_accept(user, challenge: Challenge) -> bool:
    return can_write(user) and (is_author(user, challenge) or is_moderator(user))


def ensure_can_accept(user, solution: Solution) -> None:
    ensure_can_write(user)
    if not can_accept(user, solution.challenge):
        raise PermissionDenied(
            "Only the challenge's author (or a moderator) can accept a solution."
        )
    if not solution.is_public:
        raise PermissionDenied("Only a visible, published solution can be accepted.")
    if solution.challenge.is_hidden or solution.challenge.is_withdrawn:
        raise PermissionDenied("This challenge is not open: no solution can be accepted.")


def can_watch(user) -> bool:
    return can_write(user)


def ensure_can_watch(user) -> None:
    ensure_can_write(user)


def can_lock(user) -> bool:
    return is_moderator(user)
