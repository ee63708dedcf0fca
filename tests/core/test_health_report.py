"""/healthz names each dependency: database, cache, Redis, the task queue, the upload store."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.conf import settings
from django.db import OperationalError
from django.test import Client
from django.urls import path
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_healthz_names_every_dependency(client):
    body = client.get("/healthz").json()

    assert body["status"] == "ok"
    assert body["database"] == "ok"
    # The default configuration, or the CI's second pass on PostgreSQL + Redis.
    if settings.REDIS_URL:
        assert (body["cache"], body["redis"]) == ("ok", "ok")
    else:
        assert (body["cache"], body["redis"]) == ("local", "not configured")
    assert body["storage"] == "ok"
    assert body["tasks"]["state"] == "ok"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_healthz_reports_the_oldest_waiting_task(database_tasks, client):
    from django_tasks_db.models import DBTaskResult

    from notifications.tasks import send_notification_emails

    send_notification_emails.enqueue([])
    assert client.get("/healthz").json()["tasks"]["ready"] == 1

    # Nobody ran it for ten minutes: the worker is down.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")

    assert response.status_code == HTTPStatus.OK  # the site works; mail waits
    body = response.json()
    assert body["status"] == "degraded"
    assert body["tasks"]["state"] == "backlog"
    assert 590 < body["tasks"]["oldest_ready_seconds"] < 700


def _database_gone(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


urlpatterns = [path("gone/", _database_gone)]
handler500 = "core.views.server_error"  # as project/urls.py


def test_a_database_outage_in_a_view_answers_503_with_retry_after(settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)

    response = client.get("/gone/")

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "5"
    assert b"The database is not answering" in response.content
    assert b"Connection refused" not in response.content
