"""A hidden accepted solution leaves a coherent challenge for every viewer (issue 12, 4)."""

import pytest
from django.test import Client

from discussions import services
from discussions.models import Challenge
from moderation import services as moderation

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_accepted(challenge, solution, learner, moderator):
    services.solution_accept(solution=solution, user=learner)
    moderation.content_hide(moderator=moderator, target=solution, reason="copied")
    challenge.refresh_from_db()
    return challenge


def test_the_challenge_counts_as_open_while_its_accepted_solution_is_hidden(hidden_accepted):
    assert hidden_accepted.status == Challenge.Status.OPEN
    assert hidden_accepted.solution_count == 0


def test_restoring_it_brings_solved_back(hidden_accepted, solution, moderator):
    moderation.content_restore(moderator=moderator, target=solution, reason="")
    hidden_accepted.refresh_from_db()
    assert hidden_accepted.status == Challenge.Status.SOLVED


def test_withdrawing_the_accepted_solution_reopens_the_challenge(
    challenge, solution, learner, other_learner
):
    services.solution_accept(solution=solution, user=learner)
    services.post_withdraw(post=solution, user=other_learner)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.OPEN


def test_readers_see_an_open_challenge_and_no_green_box(hidden_accepted, client):
    html = client.get(hidden_accepted.get_absolute_url()).content.decode()
    assert ">Open<" in html and ">Solved<" not in html
    assert "✓ Accepted solution" not in html
    assert "card solution accepted" not in html


def test_the_author_sees_the_same(hidden_accepted, learner_client):
    html = learner_client.get(hidden_accepted.get_absolute_url()).content.decode()
    assert ">Solved<" not in html
    assert "card solution accepted" not in html


def test_the_moderator_sees_the_hidden_box_clearly_labelled(hidden_accepted, moderator):
    client = Client()
    client.force_login(moderator)
    html = client.get(hidden_accepted.get_absolute_url()).content.decode()
    assert "Accepted, but not shown to readers." in html
    assert "Hidden by a moderator: copied" in html
    assert "card solution accepted" not in html
    assert ">Solved<" not in html
