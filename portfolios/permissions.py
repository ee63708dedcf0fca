"""Who may change a portfolio: its owner, while they may write at all. Reading is public (what
is hidden stays hidden: the lists use the apps' visible_to querysets)."""

from core.permissions import moderate_refusal, refuse, write_refusal


def edit_portfolio_refusal(user, owner) -> str | None:
    if not user.is_authenticated:
        return "Log in to do that."
    if user.pk != owner.pk:
        return "Only its owner can import into or edit a portfolio."
    return write_refusal(user)


def can_edit_portfolio(user, owner) -> bool:
    return edit_portfolio_refusal(user, owner) is None


def ensure_can_edit_portfolio(user, owner) -> None:
    refuse(edit_portfolio_refusal(user, owner))


def promote_term_refusal(user) -> str | None:
    """Topics are the moderators' to add (as in the admin)."""
    return moderate_refusal(user)


def can_promote_term(user) -> bool:
    return promote_term_refusal(user) is None


def ensure_can_promote_term(user) -> None:
    refuse(promote_term_refusal(user))
