"""Hidden, withdrawn or held content stays out of sight on every side path (issue 11, 5):
the wiki draft made from an accepted solution, the flag page, a comment's history."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from discussions import services
from discussions.models import Challenge
from moderation import services as moderation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SOLUTION_TEXT = "Use `autoretry_for` with back-off."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def accepted(challenge, solution, learner):
    services.solution_accept(solution=solution, user=learner)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SOLVED
    return solution


def _draft_url(challenge):
    return reverse("knowledge:page_new") + f"?from_challenge={challenge.pk}"


def test_the_draft_of_a_visible_accepted_solution_is_prefilled(accepted, challenge, learner):
    html = _client(learner).get(_draft_url(challenge)).content.decode()

    assert SOLUTION_TEXT in html  # the control: conversion works when nothing is hidden


@pytest.mark.parametrize("who", ["author", "moderator"])
def test_a_hidden_accepted_solution_is_not_prefilled_into_a_new_page(
    accepted, challenge, learner, moderator, who
):
    moderation.content_hide(moderator=moderator, target=accepted, reason="plagiarised")
    # Whatever the counters say, the accepted mark stays on the hidden solution.
    Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.SOLVED)

    client = _client(learner if who == "author" else moderator)
    for url in (
        _draft_url(challenge),
        reverse("knowledge:page_new") + f"?from_challenge={challenge.pk}&title=x",
    ):
        response = client.get(url)
        assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
        assert SOLUTION_TEXT not in response.content.decode()


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "held"])
@pytest.mark.parametrize("who", ["author", "moderator"])
def test_a_challenge_out_of_sight_is_not_prefilled(
    accepted, challenge, learner, moderator, state, who
):
    if state == "hidden":
        moderation.content_hide(moderator=moderator, target=challenge, reason="spam")
    elif state == "withdrawn":
        services.post_withdraw(post=challenge, user=learner)
    else:
        Challenge.objects.filter(pk=challenge.pk).update(is_held=True)
    Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.SOLVED)

    client = _client(learner if who == "author" else moderator)
    response = client.get(_draft_url(challenge))

    assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert SOLUTION_TEXT not in response.content.decode()


def test_saving_a_page_cannot_link_a_hidden_solution_either(
    accepted, challenge, learner, moderator
):
    from knowledge.models import Category, Page

    category, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    moderation.content_hide(moderator=moderator, target=accepted, reason="plagiarised")
    Challenge.objects.filter(pk=challenge.pk).update(status=Challenge.Status.SOLVED)

    response = _client(learner).post(
        reverse("knowledge:page_new"),
        {"title": "Retries", "category": category.pk, "body": SOLUTION_TEXT, "summary": "",
         "from_challenge": challenge.pk},
    )  # fmt: skip

    assert response.status_code in {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND}
    assert not Page.objects.exists()


# --- the flag page ----------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["withdrawn", "hidden", "held"])
def test_the_flag_page_of_a_solution_under_a_challenge_out_of_sight_is_a_404(
    challenge, solution, learner, moderator, state
):
    if state == "withdrawn":
        services.post_withdraw(post=challenge, user=learner)
    elif state == "hidden":
        moderation.content_hide(moderator=moderator, target=challenge, reason="spam")
    else:
        Challenge.objects.filter(pk=challenge.pk).update(is_held=True)
    url = reverse("moderation:flag", args=["solution", solution.pk])
    stranger = _client(UserFactory())

    response = stranger.get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert challenge.title not in response.content.decode()
    # The moderator still sees it, and so does the challenge's author (it is theirs).
    assert challenge.title in _client(moderator).get(url).content.decode()
    assert stranger.post(url, {"reason": "spam"}).status_code == HTTPStatus.NOT_FOUND


def test_the_flag_page_of_a_comment_under_a_hidden_solution_is_a_404(
    challenge, solution, learner, moderator
):
    comment = services.comment_create(target=solution, author=learner, body="Thanks!")
    moderation.content_hide(moderator=moderator, target=solution, reason="spam")
    url = reverse("moderation:flag", args=["comment", comment.pk])

    response = _client(UserFactory()).get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert challenge.title not in response.content.decode()


# --- a comment's history ----------------------------------------------------------------------


@pytest.fixture
def comment_on_solution(solution, learner):
    return services.comment_create(target=solution, author=learner, body="Secret detail here.")


@pytest.mark.parametrize("state", ["hidden", "withdrawn", "held"])
def test_a_comments_history_under_a_solution_out_of_sight_is_a_404(
    comment_on_solution, solution, other_learner, moderator, state
):
    if state == "hidden":
        moderation.content_hide(moderator=moderator, target=solution, reason="spam")
    elif state == "withdrawn":
        services.post_withdraw(post=solution, user=other_learner)
    else:
        type(solution).objects.filter(pk=solution.pk).update(is_held=True)
    url = reverse("discussions:comment_history", args=[comment_on_solution.pk])

    for client in (Client(), _client(UserFactory())):
        response = client.get(url)
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert "Secret detail here." not in response.content.decode()
    # The moderator still reads it; so does the solution's author.
    assert "Secret detail here." in _client(moderator).get(url).content.decode()
    assert "Secret detail here." in _client(other_learner).get(url).content.decode()


def test_a_comments_history_under_a_hidden_challenge_is_a_404(
    challenge, learner, other_learner, moderator
):
    comment = services.comment_create(
        target=challenge, author=other_learner, body="Secret detail here."
    )
    moderation.content_hide(moderator=moderator, target=challenge, reason="spam")
    url = reverse("discussions:comment_history", args=[comment.pk])

    response = _client(UserFactory()).get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Secret detail here." not in response.content.decode()


def test_editing_a_comment_under_a_hidden_solution_is_a_404_for_others(
    comment_on_solution, solution, moderator
):
    moderation.content_hide(moderator=moderator, target=solution, reason="spam")
    url = reverse("discussions:comment_edit", args=[comment_on_solution.pk])

    response = _client(UserFactory()).get(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
