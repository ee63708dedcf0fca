"""Votes and accepts racing each other (PostgreSQL: real row locks, real races)."""

from discussions import services
from discussions.models import Challenge, Solution
from tests.concurrency import at_once, needs_postgres
from tests.factories import ChallengeFactory, SolutionFactory, UserFactory

pytestmark = needs_postgres

VOTERS = 100


def test_a_hundred_voters_at_once_give_a_score_of_a_hundred():
    solution = SolutionFactory()
    voters = [UserFactory(username=f"voter{i}") for i in range(VOTERS)]

    results = at_once(
        lambda i: services.solution_vote(
            solution=Solution.objects.get(pk=solution.pk), user=voters[i]
        ),
        VOTERS,
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    solution.refresh_from_db()
    assert solution.score == VOTERS
    assert Challenge.objects.get(pk=solution.challenge_id).vote_count == VOTERS


def test_voting_and_unvoting_at_once_keeps_the_score_equal_to_the_votes():
    solution = SolutionFactory()
    voters = [UserFactory(username=f"flip{i}") for i in range(40)]
    for voter in voters[:20]:
        services.solution_vote(solution=solution, user=voter)

    def flip(i):
        fresh = Solution.objects.get(pk=solution.pk)
        if i < 20:
            return services.solution_unvote(solution=fresh, user=voters[i])
        return services.solution_vote(solution=fresh, user=voters[i])

    results = at_once(flip, 40)

    assert [r for r in results if isinstance(r, Exception)] == []
    solution.refresh_from_db()
    assert solution.score == solution.votes.count() == 20


def test_two_accepts_at_once_leave_one_accepted_solution():
    challenge = ChallengeFactory()
    first, second = SolutionFactory(challenge=challenge), SolutionFactory(challenge=challenge)
    targets = [first, second] * 5  # both solutions, several clicks each

    results = at_once(
        lambda i: services.solution_accept(
            solution=Solution.objects.get(pk=targets[i].pk), user=challenge.author
        ),
        len(targets),
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert Solution.objects.filter(challenge=challenge, is_accepted=True).count() == 1
    assert Challenge.objects.get(pk=challenge.pk).status == Challenge.Status.SOLVED


def test_comments_solutions_and_votes_at_once_keep_the_counters_right():
    challenge = ChallengeFactory()
    solution = SolutionFactory(challenge=challenge)
    people = [UserFactory(username=f"busy{i}") for i in range(30)]

    def act(i):
        fresh = Challenge.objects.get(pk=challenge.pk)
        if i % 3 == 0:
            return services.comment_create(target=fresh, author=people[i], body="Which broker?")
        if i % 3 == 1:
            return services.solution_create(challenge=fresh, author=people[i], body="Retry.")
        return services.solution_vote(solution=Solution.objects.get(pk=solution.pk), user=people[i])

    results = at_once(act, 30)

    assert [r for r in results if isinstance(r, Exception)] == []
    challenge.refresh_from_db()
    assert challenge.comment_count == 10
    assert challenge.solution_count == 11
    assert challenge.vote_count == 10
