"""Edit, history, withdraw and restore are one view each for challenges, solutions and
comments (the URLs stay per kind): each kind works for its author and is refused to others."""

from http import HTTPStatus

import pytest
from django.test import Client

from discussions import services

pytestmark = pytest.mark.django_db

KINDS = ["challenge", "solution", "comment"]


@pytest.fixture
def posts(learner, other_learner):
    """Ada's challenge, Ada's solution to Grace's challenge, Ada's comment on that solution."""
    challenge = services.challenge_create(
        author=learner, title="Redis keys vanish early", body="First words."
    )
    graces = services.challenge_create(
        author=other_learner, title="Workers hang on deploy", body="Help."
    )
    solution = services.solution_create(challenge=graces, author=learner, body="First words.")
    comment = services.comment_create(target=solution, author=learner, body="First words.")
    return {"challenge": challenge, "solution": solution, "comment": comment}


def _url(kind, post, action):
    return _url_for_pk(kind, post.pk, action)


def _url_for_pk(kind, pk, action):
    prefix = {"challenge": "", "solution": "solutions/", "comment": "comments/"}[kind]
    return f"/challenges/{prefix}{pk}/{action}/"


def _edit_data(kind):
    data = {"body": "Second words, better."}
    if kind == "challenge":
        data["title"] = "Redis keys vanish too early"
    return data


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", KINDS)
def test_the_author_edits_and_the_history_keeps_both_versions(learner_client, posts, kind):
    post = posts[kind]
    assert learner_client.get(_url(kind, post, "edit")).status_code == HTTPStatus.OK

    response = learner_client.post(_url(kind, post, "edit"), _edit_data(kind))

    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert response["Location"] == post.get_absolute_url()
    assert post.body == "Second words, better."
    history = Client().get(_url(kind, post, "history"))  # anyone may read it
    assert history.status_code == HTTPStatus.OK
    assert b"First words." in history.content and b"Second words, better." in history.content


@pytest.mark.parametrize("kind", KINDS)
def test_the_author_withdraws_and_restores(learner_client, posts, kind):
    post = posts[kind]
    response = learner_client.post(_url(kind, post, "withdraw"))
    assert response.status_code == HTTPStatus.FOUND
    post.refresh_from_db()
    assert post.is_withdrawn

    learner_client.post(_url(kind, post, "restore"))
    post.refresh_from_db()
    assert not post.is_withdrawn


@pytest.mark.parametrize("kind", KINDS)
def test_another_learner_may_not_edit_withdraw_or_restore(grace_client, posts, kind):
    post = posts[kind]
    assert grace_client.get(_url(kind, post, "edit")).status_code == HTTPStatus.FORBIDDEN
    response = grace_client.post(_url(kind, post, "edit"), _edit_data(kind))
    assert response.status_code == HTTPStatus.FORBIDDEN
    for action in ["withdraw", "restore"]:
        assert grace_client.post(_url(kind, post, action)).status_code == HTTPStatus.FORBIDDEN
    post.refresh_from_db()
    assert post.body == "First words." and not post.is_withdrawn


@pytest.mark.parametrize("kind", KINDS)
def test_a_moderator_edits_any_post_but_withdraws_none(moderator, posts, kind):
    post, client = posts[kind], _client(moderator)
    assert client.post(_url(kind, post, "edit"), _edit_data(kind)).status_code == HTTPStatus.FOUND
    assert client.post(_url(kind, post, "withdraw")).status_code == HTTPStatus.FORBIDDEN
    post.refresh_from_db()
    assert post.body == "Second words, better." and not post.is_withdrawn


@pytest.mark.parametrize("kind", KINDS)
def test_readers_are_sent_to_log_in(client, posts, kind):
    post = posts[kind]
    for action in ["edit", "withdraw", "restore"]:
        response = client.post(_url(kind, post, action), _edit_data(kind))
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("kind", KINDS)
def test_a_hidden_post_is_404_to_others_and_editable_by_nobody_but_moderators(
    learner_client, grace_client, moderator, posts, kind
):
    post = posts[kind]
    post.hidden_at, post.hidden_reason = post.created_at, "Spam"
    post.save(update_fields=["hidden_at", "hidden_reason"])

    assert grace_client.get(_url(kind, post, "history")).status_code == HTTPStatus.NOT_FOUND
    assert learner_client.get(_url(kind, post, "edit")).status_code == HTTPStatus.FORBIDDEN
    assert _client(moderator).get(_url(kind, post, "edit")).status_code == HTTPStatus.OK


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_posts_are_404(learner_client, db, kind):
    for action in ["edit", "history"]:
        response = learner_client.get(_url_for_pk(kind, 999_999, action))
        assert response.status_code == HTTPStatus.NOT_FOUND
