"""What a chat channel reads for each event, and the test event in each format."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest

from core import events
from webhooks import formats
from webhooks.announcements import Announcement
from webhooks.models import Delivery, Hook

pytestmark = pytest.mark.django_db

URL = "https://nexus.example.org/challenges/7/celery/"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)


def _announcement(event, **data):
    return Announcement(
        event=event,
        object_id=7,
        title="Celery & Redis",
        url=URL,
        author="bea",
        topics=((1, "celery"), (2, "redis")),
        data=data,
    )


def _slack(announcement):
    return formats.payload("slack", announcement, delivery_id="d", created_at=NOW)["text"]


def test_each_event_in_slack():
    assert _slack(_announcement(events.CHALLENGE_CREATED)) == (
        f"New challenge in #celery #redis: <{URL}|Celery &amp; Redis>"
    )
    assert _slack(_announcement(events.SOLUTION_ACCEPTED)) == (
        f"Solution by bea accepted in #celery #redis: <{URL}|Celery &amp; Redis>"
    )
    assert _slack(_announcement(events.COMMENT_CREATED)) == (
        f"New comment by bea in #celery #redis on <{URL}|Celery &amp; Redis>"
    )
    revision = {"number": 3, "summary": "Ping <!channel> & fix", "is_new_page": False}
    assert _slack(_announcement(events.PAGE_CHANGED, revision=revision)) == (
        f"Wiki page changed in #celery #redis: <{URL}|Celery &amp; Redis> "
        "(revision 3 by bea: Ping &lt;!channel&gt; &amp; fix)"
    )
    created = {"number": 1, "summary": "", "is_new_page": True}
    assert _slack(_announcement(events.PAGE_CHANGED, revision=created)).startswith(
        "New wiki page in #celery #redis:"
    )


def test_discord_escapes_user_text_around_the_link():
    revision = {"number": 2, "summary": "see [this](https://evil.example)", "is_new_page": False}
    content = formats.payload(
        "discord", _announcement(events.PAGE_CHANGED, revision=revision), delivery_id="d",
        created_at=NOW,
    )["content"]  # fmt: skip
    # Every bracket is escaped (Discord shows "\\(" as "("), so no masked link sneaks in.
    assert content == (
        f"Wiki page changed in #celery #redis: **Celery & Redis** {URL} "
        "\\(revision 2 by bea: see \\[this\\]\\(https://evil.example\\)\\)"
    )


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("slack", {"text": formats.TEST_LINE}),
        ("discord", {"content": formats.TEST_LINE, "allowed_mentions": {"parse": []}}),
    ],
)
def test_the_test_event_in_chat_formats(format, expected):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=[], format=format)
    assert formats.ping_payload(hook, delivery_id="d", created_at=NOW) == expected


def test_the_admin_lists_hooks_and_deliveries_without_the_secret(admin_client):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    Delivery.objects.create(hook=hook, event="ping", payload={"event": "ping"})
    for url in ("/admin/webhooks/hook/", "/admin/webhooks/delivery/",
                f"/admin/webhooks/hook/{hook.pk}/change/"):  # fmt: skip
        response = admin_client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert hook.secret not in response.content.decode()
    assert admin_client.get("/admin/webhooks/delivery/add/").status_code == HTTPStatus.FORBIDDEN
