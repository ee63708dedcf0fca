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
from discussions.models import Challenge
from knowledge.prefill import Draft
from reputation import services as reputation


def can_convert(user, challenge: Challenge) -> bool:
    return bool(
        user.is_authenticated
        and challenge.status == Challenge.Status.SOLVED
        and (user.pk == challenge.author_id or is_moderator(user))
    )


def _accepted_challenge(challenge_id, user) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.visible_to(user), pk=challenge_id)
    if not can_convert(user, challenge):
        raise PermissionDenied(
            "Only the challenge's author or a moderator can turn its accepted solution into "
            "a page, "
            "and only once a solution is accepted."
        )
    return challenge


def wiki_draft(challenge_id, user, *, appending: bool = False) -> Draft:
    """The text the wiki editor starts from: the problem in brief, the solution, the credits."""
    challenge = _accepted_challenge(challenge_id, user)
    solution = challenge.solutions.select_related("author").get(is_accepted=True)
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
    challenge = _accepted_challenge(challenge_id, user)
    first_time = challenge.wiki_page_id is None
    challenge.wiki_page = page
    challenge.save(update_fields=["wiki_page"])
    solution = challenge.solutions.filter(is_accepted=True).select_related("challenge").first()
    if first_time and solution is not None:
        reputation.solution_turned_into_page(solution=solution, page=page, user=user)
    return challenge
