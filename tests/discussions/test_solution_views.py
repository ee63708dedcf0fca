"""Solutions: posting, editing, votes, acceptance, and hidden ones."""

from http import HTTPStatus

import pytest

from discussions import services
from discussions.models import Challenge, Solution, Vote

pytestmark = pytest.mark.django_db


# --- solutions -------------------------------------------------------------------------------


def test_learner_posts_a_solution(grace_client, challenge, other_learner):
    response = grace_client.post(
        f"/challenges/{challenge.pk}/solutions/", {"body": "Set `task_time_limit`."}
    )
    solution = Solution.objects.get()
    assert response["Location"] == solution.get_absolute_url()
    challenge.refresh_from_db()
    assert challenge.solution_count == 1
    assert challenge.watches.filter(user=other_learner).exists()  # solvers watch


def test_empty_solution_comes_back_with_an_error(grace_client, challenge):
    response = grace_client.post(f"/challenges/{challenge.pk}/solutions/", {"body": ""})
    assert response.status_code == HTTPStatus.OK
    assert b"empty solution" in response.content
    assert not Solution.objects.exists()


def test_solution_to_a_missing_challenge_is_404(grace_client, db):
    response = grace_client.post("/challenges/424242/solutions/", {"body": "x"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_locked_challenge_refuses_solutions_with_a_message(grace_client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(is_locked=True)
    response = grace_client.post(f"/challenges/{challenge.pk}/solutions/", {"body": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"locked" in response.content
    assert not Solution.objects.exists()


def test_solution_edit_keeps_history(grace_client, solution):
    grace_client.post(f"/challenges/solutions/{solution.pk}/edit/", {"body": "Better answer"})
    solution.refresh_from_db()
    assert solution.body == "Better answer" and solution.edited_at
    history = grace_client.get(f"/challenges/solutions/{solution.pk}/history/")
    assert b"autoretry_for" in history.content and b"Better answer" in history.content


def test_vote_once(learner_client, solution):
    url = f"/challenges/solutions/{solution.pk}/vote/"
    learner_client.post(url)
    learner_client.post(url)
    solution.refresh_from_db()
    assert solution.score == 1
    assert Vote.objects.count() == 1


def test_vote_with_htmx_returns_the_widget(learner_client, solution):
    response = learner_client.post(
        f"/challenges/solutions/{solution.pk}/vote/", headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.OK
    assert b"Take back vote" in response.content
    assert b"<html" not in response.content


def test_take_back_a_vote(learner_client, solution, learner):
    services.solution_vote(solution=solution, user=learner)
    learner_client.post(f"/challenges/solutions/{solution.pk}/unvote/")
    solution.refresh_from_db()
    assert solution.score == 0


def test_own_vote_is_403_with_a_message(grace_client, solution):
    response = grace_client.post(f"/challenges/solutions/{solution.pk}/vote/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"your own solution" in response.content
    assert not Vote.objects.exists()


def test_vote_on_locked_challenge_is_refused(learner_client, solution):
    Challenge.objects.filter(pk=solution.challenge_id).update(is_locked=True)
    response = learner_client.post(f"/challenges/solutions/{solution.pk}/vote/")
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_anonymous_vote_goes_to_login(client, solution):
    response = client.post(f"/challenges/solutions/{solution.pk}/vote/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_author_accepts_a_solution(learner_client, solution):
    response = learner_client.post(f"/challenges/solutions/{solution.pk}/accept/")
    assert response.status_code == HTTPStatus.FOUND
    solution.refresh_from_db()
    solution.challenge.refresh_from_db()
    assert solution.is_accepted
    assert solution.challenge.status == Challenge.Status.SOLVED


def test_acceptance_moves_to_another_solution(learner_client, solution, moderator):
    other = services.solution_create(challenge=solution.challenge, author=moderator, body="Or so")
    learner_client.post(f"/challenges/solutions/{solution.pk}/accept/")
    learner_client.post(f"/challenges/solutions/{other.pk}/accept/")
    assert list(Solution.objects.filter(is_accepted=True)) == [other]


def test_others_cannot_accept(grace_client, solution):
    response = grace_client.post(f"/challenges/solutions/{solution.pk}/accept/")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"challenge&#x27;s author" in response.content or b"author" in response.content
    solution.refresh_from_db()
    assert not solution.is_accepted


def test_moderator_can_accept(moderator_client, solution):
    moderator_client.post(f"/challenges/solutions/{solution.pk}/accept/")
    solution.refresh_from_db()
    assert solution.is_accepted


def test_solutions_are_ordered_accepted_then_score_then_age(learner, moderator, solution):
    challenge = solution.challenge
    newer = services.solution_create(challenge=challenge, author=moderator, body="Newer")
    services.solution_vote(solution=newer, user=learner)
    services.solution_accept(solution=solution, user=learner)
    from discussions.selectors import challenge_page

    ordered = challenge_page(challenge, learner)["solutions"]
    assert [s.pk for s in ordered] == [solution.pk, newer.pk]


def test_hidden_solution_shows_a_placeholder_to_others(client, solution):
    Solution.objects.filter(pk=solution.pk).update(
        hidden_at="2026-01-01T00:00Z", hidden_reason="Rude"
    )
    response = client.get(solution.challenge.get_absolute_url())
    assert b"hidden by a moderator" in response.content
    assert b"autoretry_for" not in response.content


def test_hidden_solution_shows_its_reason_to_its_author(grace_client, solution):
    Solution.objects.filter(pk=solution.pk).update(
        hidden_at="2026-01-01T00:00Z", hidden_reason="Rude"
    )
    response = grace_client.get(solution.challenge.get_absolute_url())
    assert b"Rude" in response.content and b"autoretry_for" in response.content


def test_moderator_sees_hidden_solution(moderator_client, solution):
    Solution.objects.filter(pk=solution.pk).update(hidden_at="2026-01-01T00:00Z")
    response = moderator_client.get(solution.challenge.get_absolute_url())
    assert b"autoretry_for" in response.content
