"""The stale-form and refusal pages show the text a form carried only when the form came from
this site (issue 11, 13). Another site could POST any text to a logged-in learner's browser
and have the site's own page display it (or, logged out, keep it for after log-in)."""

from http import HTTPStatus

import pytest
from django.test import Client

from core.kept_text import SESSION_KEY, is_same_origin
from discussions import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PHISH = "Your account is locked. Call +1 555 0100 with your password."
SITE = "http://testserver"


@pytest.fixture
def challenge(learner):
    return services.challenge_create(
        author=learner, title="Celery tasks hang", body="They never return.", topics=[]
    )


def _stale(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


CROSS_SITE = [
    {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
    {"sec-fetch-site": "same-site", "origin": "https://sub.testserver"},
    {"origin": "https://evil.example"},
    {"origin": "null"},
    {"referer": "https://evil.example/form"},
    {"referer": "http://testserver.evil.example/form"},
]
SAME_SITE = [
    {"sec-fetch-site": "same-origin", "origin": SITE},
    {"origin": SITE},
    {"referer": f"{SITE}/challenges/1/"},
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_post_does_not_get_its_text_shown_on_the_stale_form_page(
    learner, challenge, headers
):
    response = _stale(learner).post(
        f"/challenges/{challenge.pk}/solutions/", {"body": PHISH}, headers=headers
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Nothing was saved" in response.content.decode()
    assert "+1 555 0100" not in response.content.decode()


@pytest.mark.parametrize("headers", SAME_SITE)
def test_a_form_from_this_site_still_gets_its_text_back(learner, challenge, headers):
    response = _stale(learner).post(
        f"/challenges/{challenge.pk}/solutions/", {"body": "My long answer."}, headers=headers
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "My long answer." in response.content.decode()


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_cross_site_post_while_logged_out_keeps_nothing_for_after_log_in(
    client, challenge, headers
):
    response = client.post(
        f"/challenges/{challenge.pk}/solutions/", {"body": PHISH}, headers=headers
    )

    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session


def test_a_logged_out_post_from_this_site_is_kept(client, challenge):
    client.post(
        f"/challenges/{challenge.pk}/solutions/",
        {"body": "My long answer."},
        headers={"origin": SITE, "sec-fetch-site": "same-origin"},
    )

    assert client.session[SESSION_KEY]["fields"][0][2] == "My long answer."


def test_the_403_page_shows_no_cross_site_text(challenge):
    suspended = UserFactory(suspended_until="2999-01-01T00:00:00Z", suspension_reason="spam")
    client = Client()  # no CSRF check: the refusal comes from the view
    client.force_login(suspended)

    response = client.post(
        f"/challenges/{challenge.pk}/solutions/",
        {"body": PHISH},
        headers={"origin": "https://evil.example"},
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "+1 555 0100" not in response.content.decode()


def test_over_https_an_http_referer_is_not_this_site(rf):
    request = rf.post("/x/", secure=True, headers={"referer": "http://testserver/form"})
    assert not is_same_origin(request)
    request = rf.post("/x/", secure=True, headers={"origin": "https://testserver"})
    assert is_same_origin(request)
