"""Post history shows what changed between versions, with the wiki's diff (issue 12, 5)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from discussions import services

pytestmark = pytest.mark.django_db


def test_a_challenge_history_shows_word_level_changes(challenge, learner, client):
    services.challenge_edit(
        challenge=challenge, editor=learner, title="Celery tasks fail quietly",
        body="My **tasks** vanish without an error.",
    )  # fmt: skip
    response = client.get(reverse("discussions:challenge_history", args=[challenge.pk]))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<table class="diff">' in html
    assert '<del class="diff-del">disappear</del>' in html
    assert '<ins class="diff-ins">vanish</ins>' in html
    assert '<del class="diff-del">Celery tasks fail silently</del>' in html


def test_a_solution_history_diffs_each_version_against_the_one_before(
    solution, other_learner, client, django_assert_max_num_queries
):
    for n in range(12):
        services.solution_edit(solution=solution, editor=other_learner, body=f"Step {n} done.")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("discussions:solution_history", args=[solution.pk]))
    html = response.content.decode()
    assert html.count('<table class="diff">') == 12
    assert '<ins class="diff-ins">11</ins>' in html
    assert "The first version, as written" in html
