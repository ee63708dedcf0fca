"""Every Markdown body field of a post refuses text past the rendering bounds with a form error
(the text kept), and posts are rendered before their write transaction begins."""

from http import HTTPStatus

import pytest
from django.db import connection

from discussions import services
from discussions.models import Challenge, Comment, Solution

NESTED = ["- " * 500 + "x", "1. " * 500 + "x"]


@pytest.fixture
def comment(challenge, learner):
    return services.comment_create(target=challenge, author=learner, body="First!")


def _refused(response, body):
    content = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "nested 500 levels deep" in content or "nested 1000 levels deep" in content
    assert body[:200] in content  # the text is still in the form


@pytest.mark.parametrize("body", NESTED)
def test_new_challenge_with_deep_nesting_is_a_form_error(learner_client, body):
    response = learner_client.post("/challenges/new/", {"title": "A nested list", "body": body})

    _refused(response, body)
    assert not Challenge.objects.exists()


@pytest.mark.parametrize("body", NESTED)
def test_solution_and_comment_with_deep_nesting_are_form_errors(grace_client, challenge, body):
    solution = grace_client.post(f"/challenges/{challenge.pk}/solutions/", {"body": body})
    comment = grace_client.post(f"/challenges/{challenge.pk}/comments/", {"body": body})

    _refused(solution, body)
    _refused(comment, body)
    assert not Solution.objects.exists() and not Comment.objects.exists()


def test_edits_with_deep_nesting_are_form_errors(learner_client, challenge, comment):
    body = NESTED[1]

    edits = [
        learner_client.post(
            f"/challenges/{challenge.pk}/edit/", {"title": challenge.title, "body": body}
        ),
        learner_client.post(f"/challenges/comments/{comment.pk}/edit/", {"body": body}),
    ]

    for response in edits:
        _refused(response, body)
    challenge.refresh_from_db()
    assert challenge.body == "My **tasks** disappear without an error."


def test_a_run_of_brackets_in_a_comment_is_refused_quickly(grace_client, challenge):
    body = "[[" * 2400  # 4,800 characters: under the comment limit

    response = grace_client.post(f"/challenges/{challenge.pk}/comments/", {"body": body})

    assert response.status_code == HTTPStatus.OK
    assert "links, wiki links or mentions" in response.content.decode()


@pytest.fixture
def render_depths(monkeypatch):
    """The transaction depth (atomic blocks open) at each rendering of a post."""
    depths = []
    render = services.render_body

    def spy(text, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return render(text, **kwargs)

    monkeypatch.setattr(services, "render_body", spy)
    return depths


def test_posts_are_rendered_before_the_write_transaction(
    render_depths, learner, other_learner, challenge
):
    outside = len(connection.atomic_blocks)
    render_depths.clear()  # the fixtures' posts

    services.challenge_create(author=learner, title="Another one", body="*b*")
    services.challenge_edit(challenge=challenge, editor=learner, title="Edited", body="*c*")
    solution = services.solution_create(challenge=challenge, author=other_learner, body="*s*")
    services.solution_edit(solution=solution, editor=other_learner, body="*t*")
    comment = services.comment_create(target=solution, author=learner, body="*u*")
    services.comment_edit(comment=comment, editor=learner, body="*v*")

    assert render_depths == [outside] * 6
    solution.refresh_from_db()
    assert solution.body_html == "<p><em>t</em></p>"
