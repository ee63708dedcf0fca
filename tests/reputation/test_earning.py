"""What earns reputation and what takes it back: every change an event, the stored total in step."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from discussions import services as discussions
from knowledge import services as wiki
from moderation import services as moderation
from moderation.models import FlagReason, LogAction, ModerationLogEntry
from reputation.models import Reason, ReputationEvent, Standing
from reputation.services import drift
from tests.factories import CategoryFactory, SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def total(user) -> int:
    standing = Standing.objects.filter(user=user).first()
    return standing.reputation if standing else 0


def test_an_up_vote_earns_ten_and_taking_it_back_reverses_it(solution, helper):
    voter = UserFactory()
    discussions.solution_vote(solution=solution, user=voter)
    assert total(helper) == 10
    discussions.solution_unvote(solution=solution, user=voter)
    assert total(helper) == 0
    vote, undo = ReputationEvent.objects.filter(user=helper).order_by("pk")
    assert (vote.reason, vote.amount, vote.actor) == (Reason.SOLUTION_VOTED, 10, voter)
    assert (undo.reason, undo.amount, undo.reverses) == (Reason.VOTE_WITHDRAWN, -10, vote)
    assert vote.url == solution.get_absolute_url()


def test_an_accepted_solution_earns_fifteen_and_one_accepted_contribution(solution, asker, helper):
    discussions.solution_accept(solution=solution, user=asker)
    standing = Standing.objects.get(user=helper)
    assert (standing.reputation, standing.accepted_count) == (15, 1)


def test_accepting_your_own_solution_earns_nothing(challenge, asker):
    own = SolutionFactory(challenge=challenge, author=asker)
    discussions.solution_accept(solution=own, user=asker)
    assert total(asker) == 0
    assert not ReputationEvent.objects.exists()


def test_acceptance_moved_to_another_solution_is_reversed(challenge, solution, asker, helper):
    other = SolutionFactory(challenge=challenge)
    discussions.solution_accept(solution=solution, user=asker)
    discussions.solution_accept(solution=other, user=asker)
    assert total(helper) == 0
    assert Standing.objects.get(user=helper).accepted_count == 0
    assert total(other.author) == 15


def test_serial_votes_beyond_the_daily_limit_are_reversed_and_logged(settings, challenge):
    settings.NEXUS_SERIAL_VOTES_PER_DAY = 2
    friend, fan = UserFactory(username="friend"), UserFactory(username="fan")
    solutions = [SolutionFactory(author=friend) for _ in range(4)]
    for solution in solutions:
        discussions.solution_vote(solution=solution, user=fan)
    assert total(friend) == 20  # two votes count, the other two are reversed
    reversed_ = ReputationEvent.objects.filter(user=friend, reason=Reason.SERIAL_VOTE)
    assert reversed_.count() == 2
    assert all(event.amount == -10 and event.reverses_id for event in reversed_)
    entries = ModerationLogEntry.objects.filter(action=LogAction.SERIAL_VOTES, actor=None)
    assert entries.count() == 2
    assert "Serial votes" in entries.first().reason and "fan" in entries.first().reason
    # Votes from someone else still count, and the scores are untouched.
    discussions.solution_vote(solution=solutions[3], user=UserFactory())
    assert total(friend) == 30
    # Taking back a reversed vote takes nothing more.
    discussions.solution_unvote(solution=solutions[3], user=fan)
    assert total(friend) == 30
    assert drift() == []


def test_an_account_younger_than_a_day_cannot_vote(client, solution):
    newcomer = UserFactory(date_joined=timezone.now() - timedelta(hours=2))
    client.force_login(newcomer)
    response = client.post(f"/challenges/solutions/{solution.pk}/vote/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"New accounts can vote once they are 24 hours old" in response.content
    assert not solution.votes.exists()
    # The challenge page says why there is no vote button.
    page = client.get(solution.challenge.get_absolute_url()).content.decode()
    assert "Vote up" not in page and "New accounts can vote once" in page


def test_a_moderator_hiding_a_post_takes_back_what_it_earned(solution, asker, helper, moderator):
    discussions.solution_vote(solution=solution, user=UserFactory())
    discussions.solution_accept(solution=solution, user=asker)
    assert total(helper) == 25
    moderation.content_hide(moderator=moderator, target=solution, reason="Copied from a blog")
    assert total(helper) == 0
    assert Standing.objects.get(user=helper).accepted_count == 0
    hidden = ReputationEvent.objects.get(user=helper, reason=Reason.CONTENT_HIDDEN)
    assert hidden.amount == -25
    moderation.content_restore(moderator=moderator, target=solution)
    assert total(helper) == 25
    assert Standing.objects.get(user=helper).accepted_count == 1
    assert drift() == []


def test_a_flag_the_moderator_agreed_with_earns_two(solution, moderator):
    flagger, wrong = UserFactory(), UserFactory()
    moderation.flag_create(flagger=flagger, target=solution, reason=FlagReason.SPAM)
    moderation.content_hide(moderator=moderator, target=solution, reason="Spam")
    assert total(flagger) == 2
    other = SolutionFactory()
    moderation.flag_create(flagger=wrong, target=other, reason=FlagReason.SPAM)
    moderation.flags_dismiss(moderator=moderator, target=other)
    assert total(wrong) == 0


def _edit(page, author, body):
    page.refresh_from_db()
    current = page.current_revision.number
    return wiki.page_edit(page=page, author=author, body=body, summary="", base_revision=current)


def test_a_wiki_edit_still_there_three_revisions_later_earns_two(db):
    writer, others = UserFactory(), [UserFactory() for _ in range(3)]
    page = wiki.page_create(
        title="Redis", category=CategoryFactory(), body="Redis is fast.", author=others[0]
    )
    _edit(page, writer, "Redis is fast.\n\nIt keeps data in memory.")
    _edit(page, others[1], "Redis is fast.\n\nIt keeps data in memory.\n\nUse it as a cache.")
    _edit(page, others[2], "Redis is fast.\n\nIt keeps data in memory.\n\nUse it as a cache!")
    assert total(writer) == 0
    _edit(page, others[0], "Redis is fast.\n\nIt keeps data in memory.\n\nUse it as a cache!!")
    assert total(writer) == 2
    event = ReputationEvent.objects.get(user=writer)
    assert event.reason == Reason.WIKI_EDIT_KEPT and event.url == page.get_absolute_url()


def test_three_edits_of_your_own_earn_nothing(db):
    writer = UserFactory()
    page = wiki.page_create(title="Docker", category=CategoryFactory(), body="a", author=writer)
    for body in ("a b", "a b c", "a b c d"):
        _edit(page, writer, body)
    assert total(writer) == 0


def test_recomputing_from_the_events_matches_the_stored_totals(
    challenge, solution, asker, moderator
):
    for _ in range(3):
        discussions.solution_vote(solution=solution, user=UserFactory())
    discussions.solution_accept(solution=solution, user=asker)
    moderation.content_hide(moderator=moderator, target=solution, reason="spam")
    moderation.content_restore(moderator=moderator, target=solution)
    other = SolutionFactory(challenge=challenge)
    discussions.solution_accept(solution=other, user=asker)
    assert drift() == []
    sums = {}
    for event in ReputationEvent.objects.all():
        sums[event.user_id] = sums.get(event.user_id, 0) + event.amount
    assert {s.user_id: s.reputation for s in Standing.objects.all()} == sums


def test_events_are_append_only(solution):
    discussions.solution_vote(solution=solution, user=UserFactory())
    event = ReputationEvent.objects.get()
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_reversed_serial_votes_show_in_the_moderation_log(client, settings, moderator):
    settings.NEXUS_SERIAL_VOTES_PER_DAY = 1
    friend, fan = UserFactory(username="friend"), UserFactory(username="fan")
    for solution in [SolutionFactory(author=friend) for _ in range(2)]:
        discussions.solution_vote(solution=solution, user=fan)
    client.force_login(moderator)
    html = client.get("/moderation/log/").content.decode()
    assert "Serial votes: vote 2 in 24 hours from fan to friend (limit 1)" in html
