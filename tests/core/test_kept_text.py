"""What a learner typed survives a form that could not be accepted: a stale CSRF token, or a
session that ended (logged out in another tab) before they pressed Save."""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from core.kept_text import SESSION_KEY
from knowledge import services
from knowledge.models import Category
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BODY = "# Redis\n\nMy long edit <b>with markup</b> that must not be lost."


@pytest.fixture
def wiki_page(learner):
    guides, _ = Category.objects.get_or_create(slug="guides", defaults={"name": "Guides"})
    return services.page_create(title="Redis", category=guides, body="First.", author=learner)


def _next(response) -> str:
    location = urlsplit(response["Location"])
    assert location.path == "/accounts/login/"
    return parse_qs(location.query)["next"][0]


def _edit_form(page, **extra):
    return {
        "title": "Redis",
        "category": page.category_id,
        "body": BODY,
        "summary": "Eviction notes",
        "base_revision": 1,
        **extra,
    }


def test_a_stale_csrf_token_shows_the_text_back(learner, wiki_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    edit_url = f"/wiki/{wiki_page.slug}/edit/"
    response = client.post(
        edit_url, _edit_form(wiki_page), headers={"referer": f"http://testserver{edit_url}"}
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "My long edit &lt;b&gt;with markup&lt;/b&gt; that must not be lost." in html
    assert "Eviction notes" in html
    assert f'href="{edit_url}"' in html  # back to the form
    assert wiki_page.revisions.count() == 1


def test_the_stale_token_page_links_back_only_to_this_site(learner, wiki_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(
        f"/wiki/{wiki_page.slug}/edit/",
        _edit_form(wiki_page),
        headers={"referer": "https://evil.example/form"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "evil.example" not in response.content.decode()


def test_a_stale_token_through_htmx_replaces_the_page(learner, wiki_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(
        f"/wiki/{wiki_page.slug}/edit/", _edit_form(wiki_page), headers={"hx-request": "true"}
    )
    assert response.status_code == HTTPStatus.OK  # htmx swaps only 2xx answers
    assert response["HX-Retarget"] == "body"
    assert "My long edit" in response.content.decode()
    assert wiki_page.revisions.count() == 1


def test_logged_out_meanwhile_the_text_waits_for_after_log_in(client, learner):
    from discussions import services as discussions

    challenge = discussions.challenge_create(author=learner, title="Flaky tests", body="Why?")
    url = challenge.get_absolute_url()
    form = {"reason": "other", "note": BODY, "password": "not-kept", "csrfmiddlewaretoken": "x"}
    response = client.post(
        f"/moderation/flag/challenge/{challenge.pk}/", form, headers={"referer": url}
    )

    # Still sent to log in, as PRODUCT.md says, and back to the page the form was on.
    assert response.status_code == HTTPStatus.FOUND
    assert _next(response) == url
    kept = client.session[SESSION_KEY]
    assert [name for name, _label, _value in kept["fields"]] == ["reason", "note"]
    login_page = client.get(response["Location"]).content.decode()
    assert "What you typed is kept" in login_page

    client.force_login(learner)  # logging in keeps the session's data
    html = client.get(url).content.decode()
    assert "What you typed before logging in" in html
    assert "My long edit &lt;b&gt;with markup&lt;/b&gt; that must not be lost." in html
    assert "not-kept" not in html
    # Shown once.
    assert "What you typed before logging in" not in client.get(url).content.decode()


@pytest.mark.parametrize("where", ["solution", "challenge comment", "solution comment"])
def test_an_answer_sent_while_logged_out_is_back_in_its_form(client, learner, other_learner, where):
    from discussions import services as discussions

    challenge = discussions.challenge_create(author=learner, title="Flaky tests", body="Why?")
    solution = discussions.solution_create(challenge=challenge, author=other_learner, body="Seed")
    post_to, field_id = {
        "solution": (f"/challenges/{challenge.pk}/solutions/", "id_body"),
        "challenge comment": (f"/challenges/{challenge.pk}/comments/", f"id_c{challenge.pk}_body"),
        "solution comment": (
            f"/challenges/solutions/{solution.pk}/comments/",
            f"id_s{solution.pk}_body",
        ),
    }[where]
    url = challenge.get_absolute_url()
    client.post(post_to, {"body": "Run them with -p no:randomly."}, headers={"referer": url})

    client.force_login(learner)
    html = client.get(url).content.decode()
    textarea = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    assert textarea and textarea.group(1).strip() == "Run them with -p no:randomly."
    assert "What you typed is back in the form" in html
    assert "What you typed before logging in" not in html
    assert challenge.comments.count() + solution.comments.count() == 0
    assert challenge.solutions.count() == 1


def test_after_log_in_the_learner_comes_back_to_the_page_the_form_was_on(client, learner):
    from discussions import services as discussions

    challenge = discussions.challenge_create(author=learner, title="Flaky tests", body="Why?")
    url = challenge.get_absolute_url()
    response = client.post(
        f"/challenges/{challenge.pk}/solutions/",  # answers POST only
        {"body": "Pin the random seed."},
        headers={"referer": f"http://testserver{url}?all_comments=c1"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert _next(response) == f"{url}?all_comments=c1"
    # A referer from elsewhere is not a place to come back to.
    response = client.post(
        f"/challenges/{challenge.pk}/solutions/",
        {"body": "Pin the random seed."},
        headers={"referer": "https://evil.example/"},
    )
    assert _next(response) == f"/challenges/{challenge.pk}/solutions/"


def test_logged_out_htmx_post_goes_to_log_in_as_a_whole_page(client, learner):
    from discussions import services as discussions

    challenge = discussions.challenge_create(author=learner, title="Flaky tests", body="Why?")
    response = client.post(
        f"/challenges/{challenge.pk}/comments/",
        {"body": "Which runner do you use?"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response["HX-Redirect"].startswith("/accounts/login/")
    assert client.session[SESSION_KEY]["fields"] == [["body", "Text", "Which runner do you use?"]]


def test_nothing_is_kept_from_forms_without_text(client, db):
    response = client.post("/notifications/read-all/")
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session


def test_a_successful_log_in_form_is_not_mistaken_for_a_refusal(client, password):
    user = UserFactory(username="lin")
    response = client.post("/accounts/login/", {"login": "lin", "password": password})
    assert response.status_code == HTTPStatus.FOUND
    assert SESSION_KEY not in client.session
    assert user.pk == int(client.session["_auth_user_id"])


def test_kept_text_is_dropped_after_a_while(client, learner, wiki_page, monkeypatch):
    import time

    client.post(f"/wiki/{wiki_page.slug}/edit/", _edit_form(wiki_page))
    later = time.time() + 3 * 60 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    client.force_login(learner)
    html = client.get(f"/wiki/{wiki_page.slug}/edit/").content.decode()
    assert "My long edit" not in html
    assert SESSION_KEY not in client.session


def test_a_log_in_redirect_that_leads_elsewhere_is_left_alone(client, learner):
    """Only "come back to the URL you posted to" is changed; a view that chose where log-in
    leads (the comment view: the challenge) or chose nothing keeps its choice."""
    from discussions import services as discussions

    challenge = discussions.challenge_create(author=learner, title="Flaky tests", body="Why?")
    response = client.post(
        f"/challenges/{challenge.pk}/comments/",
        {"body": "Pin the seed."},
        headers={"referer": "http://testserver/somewhere/else/"},
    )
    assert _next(response) == challenge.get_absolute_url()
