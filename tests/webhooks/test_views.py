"""The moderators' webhook pages: plain forms, clear errors with the typed text kept, the
deliveries log, and bounded queries."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_topic
from webhooks.models import Delivery, Hook

pytestmark = pytest.mark.django_db

LIST = reverse("webhooks:hook_list")
NEW = reverse("webhooks:hook_create")


def _form(**overrides):
    return {
        "name": "Celery channel",
        "url": "http://127.0.0.1:9/hook",
        "events": ["challenge.created", "solution.accepted"],
        "format": "slack",
        **overrides,
    }


def test_the_review_queue_links_to_webhooks(moderator_client):
    response = moderator_client.get(reverse("moderation:queue"))
    assert f'href="{LIST}"' in response.content.decode()


def test_creating_a_hook_shows_its_secret(moderator_client, moderator):
    celery = make_topic("Celery")
    response = moderator_client.post(NEW, _form(topics=[celery.pk]))

    hook = Hook.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == hook.get_absolute_url()
    assert hook.events == ["challenge.created", "solution.accepted"]
    assert hook.format == Hook.Format.SLACK
    assert list(hook.topics.all()) == [celery]
    assert hook.created_by == moderator
    assert hook.secret.startswith("whsec_") and len(hook.secret) > 40
    page = moderator_client.get(response["Location"]).content.decode()
    assert hook.secret in page
    assert "Its signing secret is below" in page
    assert "#celery" in page


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("url", "http://10.0.0.5/hook", "is not an allowed host"),
        ("url", "ftp://127.0.0.1/hook", "Only http:// and https:// URLs can be used."),
        ("url", "not a url at all", "Only http:// and https:// URLs can be used."),
        ("events", [], "Tick at least one event."),
        ("events", ["user.deleted"], "Select a valid choice."),
        ("format", "xml", "Select a valid choice."),
        ("topics", ["99999999999999999999999"], "One of the topics sent is not in the list."),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_the_text(moderator_client, field, value, error):
    response = moderator_client.post(NEW, _form(name="My typed name", **{field: value}))

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert error in page
    assert 'value="My typed name"' in page
    assert not Hook.objects.exists()


def test_a_private_address_is_refused_in_the_form_without_the_flag(moderator_client, settings):
    settings.NEXUS_WEBHOOK_ALLOW_PRIVATE = False
    response = moderator_client.post(NEW, _form(url="http://127.0.0.1:9/hook"))
    page = response.content.decode()
    assert "127.0.0.1 is a loopback address: webhooks may only call public addresses." in page
    assert 'value="http://127.0.0.1:9/hook"' in page
    assert not Hook.objects.exists()


def test_the_form_says_when_no_host_is_allowed(moderator_client, settings):
    settings.NEXUS_WEBHOOK_ALLOWED_HOSTS = []
    page = moderator_client.get(NEW).content.decode()
    assert "No host is allowed yet" in page
    assert "NEXUS_WEBHOOK_ALLOWED_HOSTS" in page
    response = moderator_client.post(NEW, _form())
    assert "No host is allowed yet" in response.content.decode()
    assert not Hook.objects.exists()


def test_editing_a_hook(moderator_client):
    hook = Hook.objects.create(name="Old", url="http://127.0.0.1:9/", events=["page.changed"])
    url = reverse("webhooks:hook_edit", args=[hook.pk])
    assert 'value="Old"' in moderator_client.get(url).content.decode()

    response = moderator_client.post(url, _form(name="New", format="discord"))

    assert response.status_code == HTTPStatus.FOUND
    hook.refresh_from_db()
    assert (hook.name, hook.format) == ("New", "discord")


def test_a_test_send_reaches_the_receiver(moderator_client, make_hook, receiver, committed):
    hook = make_hook(is_active=False, disabled_reason="Turned off by mod.")
    with committed():
        response = moderator_client.post(reverse("webhooks:hook_test", args=[hook.pk]))

    assert response.status_code == HTTPStatus.FOUND
    (request,) = receiver.requests
    assert request.headers["X-Nexus-Event"] == "ping"
    assert request.json["event"] == "ping"
    page = moderator_client.get(hook.get_absolute_url()).content.decode()
    assert "Delivered" in page
    hook.refresh_from_db()
    assert not hook.is_active  # a test send turns nothing on


def test_rotating_the_secret(moderator_client):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    old = hook.secret
    moderator_client.post(reverse("webhooks:hook_rotate_secret", args=[hook.pk]))
    hook.refresh_from_db()
    assert hook.secret != old and hook.secret.startswith("whsec_")


def test_a_disabled_hook_says_why_and_can_be_turned_on(moderator_client):
    hook = Hook.objects.create(
        name="Chat",
        url="http://127.0.0.1:9/",
        events=["page.changed"],
        is_active=False,
        consecutive_failures=10,
        disabled_at=timezone.now(),
        disabled_reason="Turned off automatically after 10 failed attempts in a row. "
        "The last one: HTTP 500.",
    )
    page = moderator_client.get(hook.get_absolute_url()).content.decode()
    assert "Turned off automatically after 10 failed attempts in a row" in page
    assert reverse("webhooks:hook_enable", args=[hook.pk]) in page
    assert "Turned off automatically" in moderator_client.get(LIST).content.decode()

    moderator_client.post(reverse("webhooks:hook_enable", args=[hook.pk]))

    hook.refresh_from_db()
    assert hook.is_active and hook.consecutive_failures == 0 and hook.disabled_reason == ""


def test_turning_a_hook_off(moderator_client, moderator):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    moderator_client.post(reverse("webhooks:hook_disable", args=[hook.pk]))
    hook.refresh_from_db()
    assert not hook.is_active
    assert hook.disabled_reason == f"Turned off by {moderator.username}."


def test_deleting_asks_first(moderator_client):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    url = reverse("webhooks:hook_delete", args=[hook.pk])
    assert "Delete the webhook" in moderator_client.get(url).content.decode()
    assert Hook.objects.exists()

    response = moderator_client.post(url)

    assert response["Location"] == LIST
    assert not Hook.objects.exists()


def test_unknown_hooks_404(moderator_client):
    assert moderator_client.get(reverse("webhooks:hook_detail", args=[999])).status_code == 404
    response = moderator_client.post(reverse("webhooks:hook_test", args=[999]))
    assert response.status_code == 404


def _deliveries(hook, count):
    now = timezone.now()
    Delivery.objects.bulk_create(
        Delivery(
            hook=hook,
            event="challenge.created",
            object_id=n,
            payload={"text": f"Challenge {n}"},
            status=Delivery.Status.DELIVERED if n % 2 else Delivery.Status.PENDING,
            attempts=1 if n % 2 else 2,
            next_attempt_at=None if n % 2 else now + timedelta(minutes=5),
            response_status=200 if n % 2 else 500,
            duration_ms=100 + n,
            response_excerpt=f"answer <b>{n}</b>",
            error="" if n % 2 else "HTTP 500.",
        )
        for n in range(count)
    )


def test_the_deliveries_page_shows_each_attempt_in_bounded_queries(
    moderator_client, django_assert_max_num_queries
):
    hook = Hook.objects.create(name="Chat", url="http://127.0.0.1:9/", events=["page.changed"])
    hook.topics.set([make_topic("Celery"), make_topic("Redis")])
    _deliveries(hook, 45)
    moderator_client.get(LIST)  # the session's first request does a little more

    with django_assert_max_num_queries(6):
        response = moderator_client.get(hook.get_absolute_url())

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.count("delivery delivery-") == 20
    assert "Page 1 of 3" in page
    assert "HTTP 500" in page and "HTTP 200" in page
    assert "144 ms" in page  # the newest first
    assert "answer &lt;b&gt;44&lt;/b&gt;" in page  # the receiver's answer, escaped
    assert ">Waiting</span>" in page and "next try" in page
    assert "&quot;text&quot;: &quot;Challenge 44&quot;" in page  # the payload, as JSON

    last = moderator_client.get(hook.get_absolute_url(), {"page": 999}).content.decode()
    assert last.count("delivery delivery-") == 5


def test_the_list_page_costs_the_same_for_many_hooks(
    moderator_client, django_assert_max_num_queries
):
    celery = make_topic("Celery")
    for n in range(25):
        hook = Hook.objects.create(
            name=f"Hook {n:02}", url="http://127.0.0.1:9/", events=["challenge.created"]
        )
        hook.topics.set([celery])
        _deliveries(hook, 2)
    moderator_client.get(LIST)

    with django_assert_max_num_queries(6):
        response = moderator_client.get(LIST)

    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert page.count('class="card webhook-row"') == 20
    assert "Hook 00" in page and "Hook 19" in page and "Hook 20" not in page
    assert "Last delivery" in page
    assert "only #celery" in page
