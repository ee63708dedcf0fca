"""Comments on challenges and solutions: with and without htmx, folding, editing, mentions."""

from http import HTTPStatus

import pytest

from discussions import services
from discussions.models import Challenge, Comment

pytestmark = pytest.mark.django_db


# --- comments --------------------------------------------------------------------------------


def test_comment_without_js_redirects_to_its_anchor(learner_client, challenge):
    response = learner_client.post(f"/challenges/{challenge.pk}/comments/", {"body": "Any logs?"})
    comment = Comment.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#comment-{comment.pk}")


def test_comment_with_htmx_returns_the_thread(learner_client, solution):
    response = learner_client.post(
        f"/challenges/solutions/{solution.pk}/comments/",
        {"body": "Thanks, `retry` works"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == HTTPStatus.OK
    assert b'id="comments-s' in response.content
    assert b"<code>retry</code>" in response.content
    assert b"<html" not in response.content


def test_empty_comment_with_htmx_keeps_the_form_with_an_error(learner_client, challenge):
    response = learner_client.post(
        f"/challenges/{challenge.pk}/comments/", {"body": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == HTTPStatus.OK
    assert b"empty comment" in response.content


def test_too_long_comment_comes_back_with_the_text(learner_client, challenge, settings):
    settings.NEXUS_MAX_COMMENT_CHARS = 10
    response = learner_client.post(
        f"/challenges/{challenge.pk}/comments/", {"body": "far too long a comment"}
    )
    assert response.status_code == HTTPStatus.OK
    assert b"far too long a comment" in response.content
    assert b"at most 10" in response.content


def test_comment_markdown_is_limited_to_links_and_code(learner_client, challenge):
    learner_client.post(
        f"/challenges/{challenge.pk}/comments/", {"body": "# Big\n\n![img](http://x/y.png)"}
    )
    html = Comment.objects.get().body_html
    assert "<h1" not in html and "<img" not in html


def test_comment_on_missing_solution_is_404(learner_client, db):
    response = learner_client.post("/challenges/solutions/9999/comments/", {"body": "x"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_locked_challenge_refuses_comments(learner_client, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(is_locked=True)
    response = learner_client.post(f"/challenges/{challenge.pk}/comments/", {"body": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Comment.objects.exists()


def test_long_thread_folds_and_shows_all_on_request(client, challenge, learner):
    for n in range(5):
        services.comment_create(target=challenge, author=learner, body=f"comment number {n}")
    page = client.get(challenge.get_absolute_url())
    assert b"comment number 2" in page.content and b"comment number 4" not in page.content
    assert b"Show all 5 comments" in page.content
    unfolded = client.get(challenge.get_absolute_url() + f"?all_comments=c{challenge.pk}")
    assert b"comment number 4" in unfolded.content
    fragment = client.get(f"/challenges/{challenge.pk}/comments/", headers={"HX-Request": "true"})
    assert b"comment number 4" in fragment.content and b"<html" not in fragment.content


def test_edit_and_withdraw_own_comment(learner_client, challenge, learner):
    comment = services.comment_create(target=challenge, author=learner, body="typo hre")
    learner_client.post(f"/challenges/comments/{comment.pk}/edit/", {"body": "typo here"})
    comment.refresh_from_db()
    assert comment.body == "typo here"
    learner_client.post(f"/challenges/comments/{comment.pk}/withdraw/")
    comment.refresh_from_db()
    assert comment.is_withdrawn
    challenge.refresh_from_db()
    assert challenge.comment_count == 0


def test_cannot_edit_someone_elses_comment(grace_client, challenge, learner):
    comment = services.comment_create(target=challenge, author=learner, body="mine")
    response = grace_client.post(f"/challenges/comments/{comment.pk}/edit/", {"body": "ha"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_mentions_link_real_users_and_leave_unknown_ones_plain(
    learner_client, challenge, other_learner
):
    learner_client.post(
        f"/challenges/{challenge.pk}/comments/", {"body": "@grace see this, @nobody-here too"}
    )
    html = Comment.objects.get().body_html
    assert 'href="/u/grace/"' in html
    assert "@nobody-here" in html and "/u/nobody-here/" not in html


def test_anonymous_comment_goes_to_login(client, challenge):
    response = client.post(f"/challenges/{challenge.pk}/comments/", {"body": "hi"})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()
