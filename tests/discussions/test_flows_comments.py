"""Comments fold behind "Add a comment"; @-mention autocomplete (issue 12, "what users
expect")."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_comment_form_is_folded_until_asked_for(challenge, learner_client):
    html = learner_client.get(challenge.get_absolute_url()).content.decode()
    assert '<details class="add-comment">' in html
    assert "<summary>Add a comment</summary>" in html
    assert 'class="comment-form"' in html  # in the page: works without JavaScript


def test_an_invalid_comment_comes_back_unfolded(challenge, learner_client):
    response = learner_client.post(
        reverse("discussions:challenge_comment", args=[challenge.pk]), {"body": "  "}
    )
    assert response.status_code == HTTPStatus.OK
    assert '<details class="add-comment" open>' in response.content.decode()


def test_the_comment_box_points_at_the_mention_endpoint(challenge, learner_client):
    html = learner_client.get(challenge.get_absolute_url()).content.decode()
    assert 'data-mentions="/challenges/mentions/"' in html
    assert "js/mentions.js" in html


def test_mention_suggestions(learner_client, django_assert_max_num_queries):
    for name in ("grace", "graham", "gregor", "bob"):
        UserFactory(username=name)
    UserFactory(username="grumpy", is_active=False)
    with django_assert_max_num_queries(4):
        response = learner_client.get("/challenges/mentions/", {"q": "gr"})
    assert response.status_code == HTTPStatus.OK
    names = [u["username"] for u in response.json()["users"]]
    assert names == ["grace", "graham", "gregor"]


def test_mention_suggestions_take_no_garbage(learner_client):
    for q in ("", "a b", "x" * 200, "%", "\x00"):
        response = learner_client.get("/challenges/mentions/", {"q": q})
        assert response.json() == {"users": []}


def test_mention_suggestions_need_a_login(client):
    assert client.get("/challenges/mentions/?q=a").status_code == HTTPStatus.FOUND
