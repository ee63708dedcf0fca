"""After marking notifications read, "back" goes only to a page of this site (issue 11, 13).
The hand-written check let `/\\evil.example/` through, which browsers read as
`//evil.example/`."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db

EVIL = [
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "https:evil.example",
    "https://evil.example/",
    "http:/\\evil.example",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    " //evil.example/",
    "javascript:alert(1)",
    "///evil.example/",
]


@pytest.fixture
def notification(learner):
    return Notification.objects.create(
        recipient=learner, kind=Kind.MENTION, text="Hello", url="/challenges/"
    )


@pytest.mark.parametrize("target", EVIL)
def test_read_all_never_sends_the_learner_off_site(learner_client, notification, target):
    response = learner_client.post(reverse("notifications:notification_read_all"), {"next": target})

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("target", EVIL)
def test_reading_one_never_sends_the_learner_off_site(learner_client, notification, target):
    response = learner_client.post(
        reverse("notifications:notification_read", args=[notification.pk]), {"next": target}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.parametrize("target", ["/challenges/?status=open", "/wiki/redis/#history"])
def test_a_page_of_this_site_is_where_back_goes(learner_client, notification, target):
    response = learner_client.post(reverse("notifications:notification_read_all"), {"next": target})

    assert response["Location"] == target


def test_in_production_an_http_url_of_this_site_is_refused(learner_client, notification, settings):
    response = learner_client.post(
        reverse("notifications:notification_read_all"),
        {"next": "http://testserver/challenges/"},
        secure=True,
    )

    assert response["Location"] == reverse("notifications:inbox")
