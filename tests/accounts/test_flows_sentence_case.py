"""allauth's pages use the site's sentence case (issue 12, defect 7)."""

import re

import pytest

from core.templatetags.sentence import sentence_case

pytestmark = pytest.mark.django_db


def test_the_filter():
    assert sentence_case("Reset My Password") == "Reset my password"
    assert sentence_case("Sign In with Google") == "Sign in with Google"
    assert sentence_case("<b>Email Addresses</b>") == "<b>Email addresses</b>"


def test_password_reset_is_in_sentence_case(client):
    html = client.get("/accounts/password/reset/").content.decode()
    assert re.search(r"<h1>\s*Password reset\s*</h1>", html)
    assert "Reset my password" in html
    assert "Password Reset" not in html
    assert "Reset My Password" not in html


def test_the_email_page_is_in_sentence_case(learner_client):
    html = learner_client.get("/accounts/email/").content.decode()
    assert "Email Addresses" not in html
    assert "Email addresses" in html
