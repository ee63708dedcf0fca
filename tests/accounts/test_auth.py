"""Sign-up, log-in, log-out, email confirmation, password reset, rate limits (allauth)."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress

from accounts.models import User

STRONG = "a-long-unusual-pass-7391"


def signup(client, **fields):
    data = {"email": "new@example.org", "username": "newbie", "password1": STRONG,
            "password2": STRONG, **fields}  # fmt: skip
    return client.post("/accounts/signup/", data)


def link_in(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_signup_page_uses_the_site_layout(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == HTTPStatus.OK
    assert b'class="site-header"' in response.content
    assert b"Create your account" in response.content


def test_signup_with_a_taken_username_keeps_input_and_shows_inline_error(client, learner):
    response = signup(client, username=learner.username, email="other@example.org")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "A user with that username already exists." in html
    assert 'value="other@example.org"' in html and f'value="{learner.username}"' in html
    assert 'aria-describedby="id_username_error"' in html
    assert User.objects.count() == 1


def test_signup_with_a_bad_email_keeps_input_and_shows_inline_error(client, db):
    response = signup(client, email="not-an-email")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert 'value="not-an-email"' in html and 'value="newbie"' in html
    assert not User.objects.exists()


def test_signup_with_a_weak_password_keeps_input_and_shows_inline_error(client, db):
    response = signup(client, password1="12345678", password2="12345678")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "This password is too common." in html
    assert 'id="id_password1_error"' in html
    assert 'value="new@example.org"' in html and 'value="newbie"' in html
    assert not User.objects.exists()


def test_signup_sends_a_confirmation_and_does_not_log_in(client, db, mailoutbox):
    response = signup(client)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.org"]
    assert mailoutbox[0].subject.startswith("[Project Nexus]")
    assert "Project Nexus" in mailoutbox[0].body and "example.com" not in mailoutbox[0].body
    assert "_auth_user_id" not in client.session
    assert User.objects.get(username="newbie").profile is not None


def test_unverified_email_cannot_log_in(client, db, mailoutbox):
    signup(client)
    client.cookies.clear()
    response = client.post("/accounts/login/", {"login": "newbie", "password": STRONG})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_confirming_the_email_from_the_outbox_verifies_it(client, db, mailoutbox):
    signup(client)
    client.cookies.clear()  # the link is opened from the mail, in another session
    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == HTTPStatus.OK  # a page with a button
    assert not EmailAddress.objects.get(email="new@example.org").verified
    response = client.post(confirm_url)
    assert response.status_code == HTTPStatus.FOUND
    assert EmailAddress.objects.get(email="new@example.org").verified


def test_login_by_username(client, learner, password):
    response = client.post("/accounts/login/", {"login": "ada", "password": password})
    assert response.status_code == HTTPStatus.FOUND
    assert int(client.session["_auth_user_id"]) == learner.pk


def test_login_by_email(client, learner, password):
    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": password})
    assert response.status_code == HTTPStatus.FOUND
    assert int(client.session["_auth_user_id"]) == learner.pk


def test_login_with_a_wrong_password_re_renders_with_an_error(client, learner):
    response = client.post("/accounts/login/", {"login": "ada", "password": "nope-nope"})
    assert response.status_code == HTTPStatus.OK
    assert b"not correct" in response.content
    assert b'value="ada"' in response.content


def test_repeated_failed_logins_are_refused(client, learner, password):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "ada", "password": "wrong-password"})
    # Even the right password is refused until the window passes.
    response = client.post("/accounts/login/", {"login": "ada", "password": password})
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_logout_by_get_only_asks_for_confirmation(learner_client):
    response = learner_client.get("/accounts/logout/")
    assert response.status_code == HTTPStatus.OK
    assert b'method="post"' in response.content
    assert "_auth_user_id" in learner_client.session


def test_logout_by_post_logs_out(learner_client):
    response = learner_client.post("/accounts/logout/")
    assert response.status_code == HTTPStatus.FOUND
    assert "_auth_user_id" not in learner_client.session


def test_password_reset_mail_lands_in_the_outbox_and_its_link_works(client, learner, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert response.status_code == HTTPStatus.FOUND
    assert len(mailoutbox) == 1
    key_url = link_in(mailoutbox[0])
    assert "/accounts/password/reset/key/" in key_url
    form_url = client.get(key_url)["Location"]  # allauth moves the key into the session
    response = client.post(form_url, {"password1": STRONG, "password2": STRONG})
    assert response.status_code == HTTPStatus.FOUND
    learner.refresh_from_db()
    assert learner.check_password(STRONG)


def test_password_reset_for_an_unknown_email_sends_nothing_revealing(client, db, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == HTTPStatus.FOUND  # same answer: no account enumeration
    assert all("reset/key" not in m.body for m in mailoutbox)


def test_password_change_needs_the_old_password(learner_client, learner, password):
    response = learner_client.post(
        "/accounts/password/change/",
        {"oldpassword": "wrong", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == HTTPStatus.OK
    learner.refresh_from_db()
    assert learner.check_password(password)


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/"])
def test_account_pages_use_the_account_menu(learner_client, path):
    response = learner_client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert b'aria-label="Account settings"' in response.content


def test_closed_signup_says_so(client, db, settings):
    settings.NEXUS_SIGNUP_OPEN = False
    response = client.get("/accounts/signup/")
    assert b"Sign-up is closed" in response.content
