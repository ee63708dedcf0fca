"""Personal access tokens: made and revoked on /settings/tokens/, shown once, stored hashed."""

import hashlib
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.api.conftest import bearer, token_client
from tests.factories import ChallengeFactory


def _make(client, **data):
    return client.post(
        reverse("api:token_list"), {"name": "my app", "scope": "write", "days": "30", **data}
    )


def test_a_new_token_is_shown_once_and_stored_hashed(learner_client, learner):
    response = _make(learner_client)

    assert response.status_code == HTTPStatus.OK
    secret = response.context["secret"]
    assert secret.startswith("nxs_") and len(secret) > 40
    assert secret in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")  # never cached
    token = ApiToken.objects.get(user=learner)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ApiToken.objects.values()))
    assert (token.expires_at - timezone.now()).days in {29, 30}

    again = learner_client.get(reverse("api:token_list"))
    assert secret not in again.content.decode()
    assert f"nxs_{token.hint}" in again.content.decode()


def test_the_token_works_and_records_its_last_use(learner_client, learner):
    secret = _make(learner_client).context["secret"]

    response = APIClient().get("/api/v1/me/", **bearer(secret))

    assert response.json()["username"] == learner.username
    assert ApiToken.objects.get().last_used_at is not None


def test_a_revoked_token_is_a_401(learner_client):
    secret = _make(learner_client).context["secret"]
    token = ApiToken.objects.get()

    revoked = learner_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert revoked.status_code == HTTPStatus.FOUND

    response = APIClient().get("/api/v1/me/", **bearer(secret))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["Content-Type"] == "application/problem+json"
    assert "revoked" in response.json()["detail"]
    # Even on an endpoint anyone may read: a bad credential is never read as "anonymous".
    assert APIClient().get("/api/v1/pages/", **bearer(secret)).status_code == 401


def test_an_expired_token_is_a_401(learner):
    client = token_client(learner)
    ApiToken.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))

    response = client.get("/api/v1/me/")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "expired" in response.json()["detail"]


def test_an_unknown_token_is_a_401(db):
    response = APIClient().get("/api/v1/pages/", **bearer("nxs_" + "a" * 43))
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_read_token_cannot_write(learner):
    client = token_client(learner, scope="read")
    challenge = ChallengeFactory()

    assert client.get(f"/api/v1/challenges/{challenge.pk}/").status_code == HTTPStatus.OK
    response = client.post(
        f"/api/v1/challenges/{challenge.pk}/comments/", {"body": "Hello"}, format="json"
    )

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "write scope" in response.json()["detail"]
    assert not challenge.comments.exists()


def test_nobody_revokes_someone_elses_token(learner, grace_client):
    client = token_client(learner)
    token = ApiToken.objects.get(user=learner)

    response = grace_client.post(reverse("api:token_revoke", args=[token.pk]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert client.get("/api/v1/me/").status_code == HTTPStatus.OK


def test_a_suspended_learner_makes_no_tokens(client, db):
    from tests.factories import UserFactory

    suspended = UserFactory(suspended_until=timezone.now() + timezone.timedelta(days=1))
    client.force_login(suspended)

    response = _make(client)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not ApiToken.objects.exists()


def test_a_nameless_token_is_refused_with_the_form_kept(learner_client):
    response = _make(learner_client, name="   ", scope="read")

    assert response.status_code == HTTPStatus.OK
    assert response.context["secret"] is None
    assert "This field is required" in response.content.decode() or "Give the token a name" in (
        response.content.decode()
    )
    assert not ApiToken.objects.exists()


def test_the_tokens_page_needs_a_login(client, db):
    response = client.get(reverse("api:token_list"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


def test_the_settings_menu_links_to_tokens(learner_client, learner):
    page = learner_client.get(reverse("accounts:profile_edit", args=[learner.username]))
    assert reverse("api:token_list") in page.content.decode()


def test_session_writes_need_the_csrf_token(learner):
    challenge = ChallengeFactory()
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner)
    url = f"/api/v1/challenges/{challenge.pk}/comments/"

    refused = client.post(url, {"body": "No token"}, format="json")
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert "CSRF" in refused.json()["detail"]

    client.get("/api/v1/me/")  # any page sets the cookie; a same-site script sends it back
    page = client.get(reverse("api:token_list"))
    csrf = page.cookies["csrftoken"].value
    allowed = client.post(url, {"body": "With the token"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert allowed.status_code == HTTPStatus.CREATED, allowed.content


def test_the_tokens_page_lists_tokens_in_a_bounded_number_of_queries(
    learner_client, learner, django_assert_max_num_queries
):
    from api import services

    for n in range(30):
        services.token_create(user=learner, name=f"token {n}")
    with django_assert_max_num_queries(8):
        response = learner_client.get(reverse("api:token_list"))
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().count("token 2") >= 11


def test_operators_revoke_tokens_in_the_admin(client, learner):
    from tests.factories import UserFactory

    token_client(learner)
    token = ApiToken.objects.get()
    admin = UserFactory(username="root-operator", is_staff=True, is_superuser=True)
    client.force_login(admin)

    listing = client.get(reverse("admin:api_apitoken_changelist"))
    assert listing.status_code == HTTPStatus.OK
    assert token.key_hash not in listing.content.decode()
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
