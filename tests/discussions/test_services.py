import pytest

from discussions import services
from discussions.mentions import link_mentions, mentioned_usernames
from discussions.models import Solution
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_counters_follow_withdraw_and_restore(challenge, solution, learner):
    services.comment_create(target=solution, author=learner, body="one")
    services.comment_create(target=challenge, author=learner, body="two")
    services.solution_vote(solution=solution, user=learner)
    challenge.refresh_from_db()
    assert (challenge.solution_count, challenge.comment_count, challenge.vote_count) == (1, 2, 1)
    services.post_withdraw(post=solution, user=solution.author)
    challenge.refresh_from_db()
    # a withdrawn solution takes its comments and votes out of the counts
    assert (challenge.solution_count, challenge.comment_count, challenge.vote_count) == (0, 1, 0)
    services.post_restore(post=solution, user=solution.author)
    challenge.refresh_from_db()
    assert (challenge.solution_count, challenge.comment_count, challenge.vote_count) == (1, 2, 1)


def test_acceptance_moves_in_one_transaction(challenge, solution, learner, moderator):
    other = services.solution_create(challenge=challenge, author=moderator, body="other")
    services.solution_accept(solution=solution, user=learner)
    services.solution_accept(solution=other, user=learner)
    solution.refresh_from_db()
    other.refresh_from_db()
    assert not solution.is_accepted and solution.accepted_at is None
    assert other.is_accepted
    assert Solution.objects.filter(challenge=challenge, is_accepted=True).count() == 1


def test_accepting_twice_changes_nothing(challenge, solution, learner):
    services.solution_accept(solution=solution, user=learner)
    services.solution_accept(solution=solution, user=learner)
    assert Solution.objects.filter(is_accepted=True).count() == 1


def test_every_version_is_a_revision(challenge, learner):
    services.challenge_edit(challenge=challenge, editor=learner, title="New title!", body="v2")
    services.challenge_edit(challenge=challenge, editor=learner, title="New title!", body="v3")
    numbers = [r.number for r in services.revisions_of(challenge)]
    assert numbers == [3, 2, 1]


def test_held_post_is_not_counted(challenge):
    newcomer = UserFactory(username="newbie", approved_posts=0)
    services.solution_create(challenge=challenge, author=newcomer, body="hi")
    challenge.refresh_from_db()
    assert challenge.solution_count == 0


def test_mentions_skip_emails_code_and_unknown_users(learner):
    text = "hi @ada, mail ada@example.org, `@ada` in code, and @nobody"
    assert mentioned_usernames(text) == {"ada", "nobody"}
    linked = link_mentions(text)
    assert linked.count("[@ada](/u/ada/)") == 1
    assert "`@ada`" in linked and "@nobody" in linked


def test_held_comment_is_shown_awaiting_review_to_its_author_only(client, challenge):
    newcomer = UserFactory(username="newbie", approved_posts=0)
    services.comment_create(target=challenge, author=newcomer, body="my first comment")
    assert b"my first comment" not in client.get(challenge.get_absolute_url()).content
    client.force_login(newcomer)
    page = client.get(challenge.get_absolute_url())
    assert b"my first comment" in page.content and b"Awaiting review" in page.content
