"""A permission check answers a question and does nothing else: asking twice (or a hundred
times) counts nothing against a rate limit, and `can_*` and `ensure_*` never disagree."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import permissions as accounts_permissions
from core import ratelimit
from discussions import permissions as discussions_permissions
from discussions import services as discussions
from knowledge import permissions as knowledge_permissions
from knowledge import services as wiki
from knowledge.models import Category
from moderation import permissions as moderation_permissions
from tests.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["challenge", "solution", "comment", "page_edit", "flag"]


@pytest.fixture
def content(other_learner):
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    page = wiki.page_create(title="Redis", category=guides, body="First.", author=other_learner)
    challenge = discussions.challenge_create(author=other_learner, title="Evictions", body="?")
    solution = discussions.solution_create(challenge=challenge, author=other_learner, body="!")
    return {"page": page, "challenge": challenge, "solution": solution}


def _every_ensure(user, content):
    page, challenge, solution = content["page"], content["challenge"], content["solution"]
    discussions_permissions.ensure_can_post_challenge(user)
    discussions_permissions.ensure_can_post_solution(user, challenge)
    discussions_permissions.ensure_can_comment(user, challenge)
    discussions_permissions.ensure_can_comment(user, solution)
    discussions_permissions.ensure_can_vote(user, solution)
    discussions_permissions.ensure_can_watch(user)
    knowledge_permissions.ensure_can_create_page(user)
    knowledge_permissions.ensure_can_edit_page(user, page)
    knowledge_permissions.ensure_can_watch_page(user)
    moderation_permissions.ensure_can_flag(user, solution)


def test_checking_counts_nothing_against_the_rate_limits(settings, learner, content):
    settings.NEXUS_RATE_LIMITS = dict.fromkeys(ACTIONS, "1/3600")

    for _ in range(3):
        _every_ensure(learner, content)

    # Every window is still empty: the first real write of each kind goes through...
    for action in ACTIONS:
        ratelimit.hit(learner, action)
    # ...and only the second one is refused.
    for action in ACTIONS:
        with pytest.raises(ratelimit.RateLimited, match="You are doing that too often"):
            ratelimit.hit(learner, action)


def test_a_hit_is_a_step_of_its_own(settings, learner):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "comment": "2/600"}
    ratelimit.hit(learner, "comment")
    ratelimit.hit(learner, "comment")
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.hit(learner, "comment")
    assert 0 < refused.value.retry_after <= 600
    ratelimit.hit(UserFactory(), "comment")  # counters are per learner


def _people(other_learner):
    suspended = UserFactory(
        suspended_until=timezone.now() + timedelta(days=1), suspension_reason="spam"
    )
    from django.contrib.auth.models import AnonymousUser

    return {
        "reader": AnonymousUser(),
        "learner": UserFactory(),
        "author": other_learner,
        "suspended": suspended,
        "inactive": UserFactory(is_active=False),
        "moderator": ModeratorFactory(),
    }


def _rules(content):
    page, challenge, solution = content["page"], content["challenge"], content["solution"]
    dp, kp, mp = discussions_permissions, knowledge_permissions, moderation_permissions
    return [
        (dp.can_post_solution, dp.ensure_can_post_solution, (challenge,)),
        (dp.can_comment, dp.ensure_can_comment, (challenge,)),
        (dp.can_comment, dp.ensure_can_comment, (solution,)),
        (dp.can_edit, dp.ensure_can_edit, (challenge,)),
        (dp.can_edit, dp.ensure_can_edit, (solution,)),
        (dp.can_withdraw, dp.ensure_can_withdraw, (solution,)),
        (dp.can_vote, dp.ensure_can_vote, (solution,)),
        (dp.can_accept, dp.ensure_can_accept, (solution,)),
        (dp.can_watch, dp.ensure_can_watch, ()),
        (kp.can_edit_page, kp.ensure_can_edit_page, (page,)),
        (kp.can_moderate_page, kp.ensure_can_moderate_page, ()),
        (mp.can_moderate, mp.ensure_can_moderate, ()),
        (mp.can_flag, mp.ensure_can_flag, (solution,)),
        (
            accounts_permissions.can_edit_profile,
            accounts_permissions.ensure_can_edit_profile,
            (content["solution"].author.profile,),
        ),
    ]


def _allowed(ensure, user, args) -> bool:
    try:
        ensure(user, *args)
    except PermissionDenied as refusal:
        assert str(refusal), "a refusal always says why"
        return False
    return True


def test_can_and_ensure_never_disagree(other_learner, content):
    people = _people(other_learner)
    locked = discussions.challenge_create(author=other_learner, title="Locked", body="?")
    locked.is_locked = True
    for who, user in people.items():
        for can, ensure, args in _rules(content):
            assert can(user, *args) == _allowed(ensure, user, args), (who, can.__name__)
        assert discussions_permissions.can_comment(user, locked) is False
        assert _allowed(discussions_permissions.ensure_can_comment, user, (locked,)) is False


def test_the_table_reads_as_the_product_says(other_learner, content):
    people = _people(other_learner)
    solution = content["solution"]
    dp = discussions_permissions
    assert dp.can_vote(people["learner"], solution)
    assert not dp.can_vote(people["author"], solution)  # not their own
    assert dp.can_edit(people["author"], solution) and dp.can_edit(people["moderator"], solution)
    assert not dp.can_edit(people["learner"], solution)
    assert dp.can_withdraw(people["author"], solution)
    assert not dp.can_withdraw(people["moderator"], solution)  # authors withdraw, moderators hide
    assert dp.can_accept(people["author"], solution)  # the challenge's author
    for who in ["reader", "suspended", "inactive"]:
        assert not dp.can_comment(people[who], solution), who
