"""Every error is an RFC 9457 problem, and bad input is a 4xx, never a 5xx."""

import json
from http import HTTPStatus

import pytest

from tests.factories import ChallengeFactory, UserFactory


def _problem(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["title"] == HTTPStatus(status).phrase
    assert body["type"] == "about:blank"
    assert body["detail"]
    return body


def test_an_unknown_address_is_a_404_problem(api, db):
    body = _problem(api.get("/api/v1/no-such-thing/"), 404)
    assert body["instance"] == "/api/v1/no-such-thing/"


def test_an_unknown_id_is_a_404_problem(api, db):
    _problem(api.get("/api/v1/challenges/999999/"), 404)
    _problem(api.get("/api/v1/challenges/99999999999999999999999/"), 404)


def test_a_wrong_method_is_a_405_problem(ada_api, db):
    response = ada_api.delete("/api/v1/challenges/")
    _problem(response, 405)
    assert "POST" in response["Allow"]


def test_a_form_encoded_body_is_a_415_problem(ada_api, db):
    challenge = ChallengeFactory()
    response = ada_api.post(f"/api/v1/challenges/{challenge.pk}/comments/", {"body": "Hi"})
    _problem(response, 415)


@pytest.mark.parametrize(
    "raw",
    [
        "{bad json",
        "[" * 100_000,  # deeper than the parser's recursion limit
        '{"body": NaN}',
        b"\xff\xfe not utf-8",
    ],
)
def test_malformed_json_is_a_400_problem(ada_api, db, raw):
    challenge = ChallengeFactory()
    response = ada_api.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", raw, content_type="application/json"
    )
    _problem(response, 400)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "Fine", "bdy": "typo"}, "bdy"),
        ({"body": 42}, "body"),
        ({"body": ["a"]}, "body"),
        ({"body": None}, "body"),
        ({"body": "Nul \x00 byte"}, "body"),
        ({}, "body"),
    ],
)
def test_wrong_fields_are_a_400_problem_naming_them(ada_api, db, payload, field):
    challenge = ChallengeFactory()
    response = ada_api.post(f"/api/v1/challenges/{challenge.pk}/comments/", payload, format="json")
    body = _problem(response, 400)
    assert field in body["errors"]
    assert not challenge.comments.exists()


def test_a_json_list_instead_of_an_object_is_a_400(ada_api, db):
    challenge = ChallengeFactory()
    response = ada_api.post(f"/api/v1/challenges/{challenge.pk}/comments/", [1], format="json")
    _problem(response, 400)


def test_the_sites_own_content_rules_apply(ada_api, db, settings):
    challenge = ChallengeFactory()
    too_long = "x" * (settings.NEXUS_MAX_COMMENT_CHARS + 1)
    response = ada_api.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", {"body": too_long}, format="json"
    )
    body = _problem(response, 400)
    assert "at most 5,000" in body["errors"]["body"][0]
    blank = ada_api.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", {"body": "   "}, format="json"
    )
    assert "empty comment" in _problem(blank, 400)["errors"]["body"][0]


def test_a_huge_body_is_a_413_problem(ada_api, db, settings):
    settings.NEXUS_MAX_BODY_CHARS = 1000  # the cap follows the longest body the site takes
    challenge = ChallengeFactory()
    huge = json.dumps({"body": "x" * 100_000})
    response = ada_api.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", huge, content_type="application/json"
    )
    _problem(response, 413)


def test_a_bad_page_size_is_a_400(api, db):
    for size in ("0", "101", "-1", "abc", "٣"):
        _problem(api.get("/api/v1/challenges/", {"page_size": size}), 400)


def test_a_write_without_credentials_is_a_401_saying_how(api, db):
    challenge = ChallengeFactory()
    response = api.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", {"body": "Hi"}, format="json"
    )
    _problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_refusals_carry_the_sites_message(db):
    from django.utils import timezone

    from tests.api.conftest import token_client
    from tests.factories import UserFactory

    suspended = UserFactory(
        suspended_until=timezone.now() + timezone.timedelta(days=2), suspension_reason="spam"
    )
    challenge = ChallengeFactory()
    response = token_client(suspended).post(
        f"/api/v1/challenges/{challenge.pk}/comments/", {"body": "Hi there"}, format="json"
    )
    body = _problem(response, 403)
    assert "suspended" in body["detail"]


def test_nul_characters_in_the_address_are_a_4xx(api, db):
    """PostgreSQL refuses NUL in a string parameter: it never gets that far. A NUL in the path
    is a 404; in the query string it is dropped at the door (core.params), as on the site."""
    assert api.get("/api/v1/users/ad%00a/").status_code == HTTPStatus.NOT_FOUND
    ChallengeFactory(author=UserFactory(username="ab"))
    response = api.get("/api/v1/challenges/?author=a%00b")
    assert response.status_code == HTTPStatus.OK
    assert [c["author"]["username"] for c in response.json()["results"]] == ["ab"]
    assert api.get("/api/v1/pages/?category=%00").status_code < 500


def test_a_bug_is_a_500_problem_without_a_traceback(db, monkeypatch):
    from django.test import Client

    from api.views import misc

    def broken(self, request):
        raise RuntimeError("a bug with a secret in it")

    monkeypatch.setattr(misc.CategoryList, "get", broken)
    response = Client(raise_request_exception=False).get("/api/v1/categories/")

    body = _problem(response, 500)
    assert body["code"] == "server_error"
    assert "secret" not in response.content.decode()
