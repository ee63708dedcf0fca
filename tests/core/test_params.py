"""Odd query parameters and URL parts get a normal page or a 404, never a 500 (issue 11, 12).

A NUL byte cannot be stored or compared in PostgreSQL text, so a NUL in `?author=`,
`?category=` or `/u/<name>/` crashed the query there; SQLite took it. These tests run on both
(the CI's second pass is on PostgreSQL). Dates beyond what a datetime can hold (the log's
`date_to=9999-12-31`, one day added) crashed on every database.
"""

from http import HTTPStatus

import pytest
from django.test import Client

from moderation import services as moderation
from tests.factories import ModeratorFactory, make_challenge, make_page, make_topic

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.fixture
def anyone():
    return Client(raise_request_exception=False)


@pytest.fixture
def world(learner):
    topic = make_topic("Redis")
    page = make_page("Caching in Redis", "Some text.", topics=[topic], author=learner)
    challenge = make_challenge("Slow list", "It is slow.", topics=[topic], author=learner)
    return page, challenge


@pytest.fixture
def mod_client():
    client = Client(raise_request_exception=False)
    client.force_login(ModeratorFactory())
    return client


def test_a_nul_in_the_author_filter_is_dropped_before_it_reaches_the_query(anyone, world, learner):
    response = anyone.get(f"/challenges/?author={learner.username}%00")

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "\x00" not in html
    assert f"asked by {learner.username}" in html
    assert "Slow list" in html  # the filter still works, on the name without the NUL


@pytest.mark.parametrize(
    "url",
    [
        "/wiki/?category=guides%00",
        "/wiki/?author=a%00b",
        "/wiki/changes/?category=a%00b&author=x%00",
        "/challenges/?topic=redis%00&track=%00&sort=%00&status=%00",
        "/search/?q=a%00b&kind=%00",
        "/search/suggest/?q=a%00",
        "/search/similar/?title=a%00b",
        "/challenges/mentions/?q=a%00b",
        "/wiki/new/?title=a%00b",
        f"/challenges/?page={HUGE}",
        f"/wiki/?page={HUGE}",
        f"/wiki/changes/?page={HUGE}",
        f"/search/topics/?page={HUGE}",
        "/search/topics/?page=%00",
    ],
)
def test_odd_query_parameters_give_a_normal_page(anyone, world, url, learner):
    anyone.force_login(learner)
    response = anyone.get(url)

    assert response.status_code in {HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.NOT_FOUND}, url
    assert b"\x00" not in response.content
    assert "\x00" not in response.get("Location", "")


@pytest.mark.parametrize(
    "url",
    [
        "/u/a%00b/",
        "/u/a%00b/contributions/",
        "/u/a%00b/watching/",
        "/u/a%00b/edit/",
        "/wiki/a%00b/",
        "/wiki/a%00b/history/",
        "/challenges/feed/a%00b/",
        "/search/topics/a%00b/",
        "/notifications/unsubscribe/a%00b/",
        f"/challenges/{HUGE}/",
        f"/challenges/solutions/{HUGE}/history/",
        f"/notifications/{HUGE}/open/",
    ],
)
def test_a_nul_or_a_huge_number_in_the_address_is_a_404(world, url, learner):
    client = Client(raise_request_exception=False)
    client.force_login(learner)

    response = client.get(url)

    assert response.status_code in {HTTPStatus.NOT_FOUND, HTTPStatus.FOUND}, url


def test_a_nul_in_the_username_of_a_moderator_action_is_a_404(mod_client, learner):
    response = mod_client.get(f"/moderation/suspend/{learner.username}%00/")

    assert response.status_code == HTTPStatus.NOT_FOUND


def test_the_profile_with_a_nul_is_a_404_not_the_profile(anyone, learner):
    assert anyone.get(f"/u/{learner.username}%00/").status_code == HTTPStatus.NOT_FOUND
    assert anyone.get(f"/u/{learner.username}/").status_code == HTTPStatus.OK


@pytest.mark.parametrize("date", ["9999-12-31", "9999-12-30", "0001-01-01"])
@pytest.mark.parametrize("field", ["date_to", "date_from"])
def test_the_log_answers_far_dates_with_a_sentence(mod_client, world, field, date):
    page, challenge = world
    moderator = ModeratorFactory()
    moderation.content_hide(moderator=moderator, target=challenge, reason="spam")

    response = mod_client.get(f"/moderation/log/?{field}={date}")

    assert response.status_code == HTTPStatus.OK
    assert "Give a date between 1900-01-01 and 9000-12-31." in response.content.decode()


def test_the_log_still_filters_by_ordinary_dates(mod_client, world):
    page, challenge = world
    moderation.content_hide(moderator=ModeratorFactory(), target=challenge, reason="spam")

    kept = mod_client.get("/moderation/log/?date_from=2000-01-01&date_to=8999-12-31")
    none = mod_client.get("/moderation/log/?date_to=2000-01-01")

    assert "spam" in kept.content.decode()
    assert "spam" not in none.content.decode()


@pytest.mark.parametrize("field", ["reason"])
def test_a_nul_in_a_moderators_reason_is_dropped(mod_client, world, field):
    page, challenge = world
    moderation.content_hide(moderator=ModeratorFactory(), target=challenge, reason="spam")

    response = mod_client.post(
        f"/moderation/restore/challenge/{challenge.pk}/", {field: "my\x00 mistake"}
    )

    assert response.status_code == HTTPStatus.FOUND
    challenge.refresh_from_db()
    assert not challenge.is_hidden
    from moderation.models import ModerationLogEntry

    assert ModerationLogEntry.objects.filter(reason="my mistake").exists()


def test_a_huge_number_of_days_in_the_suspend_form_is_a_form_error(mod_client, learner):
    response = mod_client.post(
        f"/moderation/suspend/{learner.username}/", {"days": HUGE, "reason": "spam"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "less than or equal to 3650" in response.content.decode()


def test_a_far_end_date_in_the_suspend_form_is_a_form_error(mod_client, learner):
    response = mod_client.post(
        f"/moderation/suspend/{learner.username}/", {"until": "9999-12-31", "reason": "spam"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Give a date between 1900-01-01 and 9000-12-31." in response.content.decode()
    learner.refresh_from_db()
    assert learner.suspended_until is None


def test_huge_ids_in_forms_are_a_form_error_or_a_404(mod_client, world, learner):
    page, challenge = world
    edit = mod_client.post(
        f"/wiki/{page.slug}/edit/",
        {"title": page.title, "category": page.category_id, "body": "New text.",
         "summary": "", "base_revision": HUGE, "topics": [HUGE], "from_challenge": HUGE},
    )  # fmt: skip
    suspend = mod_client.post(
        f"/moderation/suspend/{learner.username}/",
        {"days": "3", "reason": "spam", "item": f"challenge:{HUGE}"},
        headers={"hx-request": "true"},
    )
    read = mod_client.post(f"/notifications/{HUGE}/read/")
    unwatch = mod_client.post(f"/u/{learner.username}/watching/", {"page": HUGE})

    assert edit.status_code in {HTTPStatus.OK, HTTPStatus.NOT_FOUND}
    assert suspend.status_code < 500
    assert read.status_code == HTTPStatus.NOT_FOUND
    assert unwatch.status_code < 500
