"""Suspended learners are not offered forms that would throw their text away (issue 12, 2)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended_client(client):
    user = UserFactory(
        username="sus",
        suspended_until=timezone.now() + timedelta(days=3),
        suspension_reason="spam links",
    )
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", ["/", "/challenges/", "/wiki/"])
def test_no_write_buttons_while_suspended(suspended_client, url):
    html = suspended_client.get(url).content.decode()
    assert reverse("discussions:challenge_new") not in html
    assert reverse("knowledge:page_new") not in html


@pytest.mark.parametrize("url", ["/challenges/new/", "/wiki/new/"])
def test_write_pages_answer_with_the_suspension_notice(suspended_client, url):
    response = suspended_client.get(url)
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "suspended until" in html
    assert 'name="body"' not in html


def test_a_refused_post_shows_the_typed_text_back(suspended_client):
    response = suspended_client.post(
        "/challenges/new/", {"title": "Why is Redis slow", "body": "My long careful text"}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "suspended until" in html
    assert "My long careful text" in html
    assert "Why is Redis slow" in html


def test_a_refused_htmx_post_swaps_the_whole_page_with_the_text(suspended_client, challenge):
    response = suspended_client.post(
        reverse("discussions:challenge_comment", args=[challenge.pk]),
        {"body": "A comment I typed"},
        headers={"HX-Request": "true"},
    )
    assert response["HX-Retarget"] == "body"
    assert "A comment I typed" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/challenges/", "/wiki/"])
def test_readers_are_offered_to_write_and_sent_to_log_in(client, url):
    html = client.get(url).content.decode()
    assert reverse("discussions:challenge_new") in html or reverse("knowledge:page_new") in html


def test_write_page_sends_readers_to_log_in_and_back(client):
    response = client.get("/challenges/new/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/challenges/new/" in response["Location"]


def test_readers_see_edit_on_a_wiki_page(client, learner):
    from knowledge import services
    from knowledge.models import Category

    page = services.page_create(
        title="Celery", category=Category.objects.first(), body="Queues.", author=learner
    )
    html = client.get(page.get_absolute_url()).content.decode()
    assert reverse("knowledge:page_edit", args=[page.slug]) in html


def test_edit_pages_answer_with_the_suspension_notice(client, challenge, learner):
    learner.suspended_until = timezone.now() + timedelta(days=1)
    learner.save()
    client.force_login(learner)
    response = client.get(reverse("discussions:challenge_edit", args=[challenge.pk]))
    assert response.status_code == HTTPStatus.FORBIDDEN
    html = response.content.decode()
    assert "suspended until" in html
    assert 'name="body"' not in html
