"""Who may do what to challenges, solutions and comments (PRODUCT.md's permission table).

Each rule is one `*_refusal` function: the message the 403 page shows, or None when allowed.
`can_*` (booleans for templates) and `ensure_*` (views and services) both ask it, so they
cannot disagree. Rate limits are not checked here (core.ratelimit, in the views).
"""

from __future__ import annotations

from core.permissions import is_moderator, refuse, write_refusal
from discussions.models import Challenge, Solution

LOCKED_MESSAGE = (
    "This challenge is locked by a moderator: it takes no new solutions, comments or votes."
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
    return _open_refusal(solution, "solution")


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
