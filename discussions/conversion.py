"""From answer to knowledge: an accepted solution becomes (part of) a wiki page.

The wiki's own editor does the writing: this module is its `from_challenge` prefill source
(knowledge.prefill, registered in DiscussionsConfig.ready). `/wiki/new/?from_challenge=N` (a
new page) and `/wiki/<slug>/edit/?from_challenge=N` (append to a page) ask `wiki_draft` for
the text to pre-fill, carry `from_challenge` through the form, and call `link_page` once the
page is saved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404

from core.models import is_moderator
from discussions.models import Challenge, Solution
from knowledge.prefill import Draft
from reputation import services as reputation

NOT_PUBLIC = (
    "Only what every reader can see becomes a wiki page: this challenge or its accepted "
    "solution is hidden, withdrawn or awaiting review."
)


def can_convert(user, challenge: Challenge) -> bool:
    """A wiki page is public: only a public challenge's accepted solution (itself public:
    `_accepted`) may become one, whoever asks, moderators included."""
    return bool(
        user.is_authenticated
        and challenge.status == Challenge.Status.SOLVED
        and challenge.is_public
        and (user.pk == challenge.author_id or is_moderator(user))
    )


def _accepted(challenge_id, user) -> tuple[Challenge, Solution]:
    challenge = get_object_or_404(Challenge.objects.visible_to(user), pk=challenge_id)
    if not challenge.is_public and challenge.status == Challenge.Status.SOLVED:
        raise PermissionDenied(NOT_PUBLIC)
    if not can_convert(user, challenge):
        raise PermissionDenied(
            "Only the challenge's author or a moderator can turn its accepted solution into "
            "a page, "
            "and only once a solution is accepted."
        )
    solution = (
        Solution.objects.filter(challenge=challenge, is_accepted=True)
        .select_related("author")
        .first()
    )
    if solution is None or not solution.is_public:
        raise PermissionDenied(NOT_PUBLIC)
    return challenge, solution


def wiki_draft(challenge_id, user, *, appending: bool = False) -> Draft:
    """The text the wiki editor starts from: the problem in brief, the solution, the credits."""
    challenge, solution = _accepted(challenge_id, user)
    url = challenge.get_absolute_url()
    problem = challenge.body.strip()
    if len(problem) > 1200:
        problem = problem[:1200].rsplit(" ", 1)[0] + " …"
    # Appended to an existing page the draft goes under a section of its own.
    heading = "###" if appending else "##"
    body = (
        f"{heading} The problem\n\n{problem}\n\n"
        f"{heading} What solved it\n\n{solution.body.strip()}\n\n"
        f"*Solution by [@{solution.author.username}]({solution.author.get_absolute_url()}), "
        f"from challenge [#{challenge.pk}: {challenge.title}]({url}).*\n"
    )
    return Draft(
        title=challenge.title,
        body=body,
        summary=f"From challenge #{challenge.pk}, solution by @{solution.author.username}",
        source_id=challenge.pk,
        source_label="the accepted solution of",
        source_title=f"challenge #{challenge.pk}",
        source_url=url,
        topic_ids=list(challenge.topics.values_list("pk", flat=True)),
    )


@transaction.atomic
def link_page(challenge_id, *, page, user) -> Challenge:
    """Record that `page` now carries the challenge's accepted solution ("From challenge #N")."""
    challenge, accepted = _accepted(challenge_id, user)
    first_time = challenge.wiki_page_id is None
    challenge.wiki_page = page
    challenge.save(update_fields=["wiki_page"])
    if first_time and accepted is not None:
        reputation.solution_turned_into_page(solution=accepted, page=page, user=user)
    return challenge
