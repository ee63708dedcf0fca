"""What `/healthz` checks: each dependency the site needs, and what its failure means.

| dependency | failing means                                   | status     | HTTP |
|------------|-------------------------------------------------|------------|------|
| database   | nothing works                                   | "error"    | 503  |
| redis      | slower pages; sessions and rate limits hold     | "degraded" | 200  |
| tasks      | notifications and e-mails wait (worker stopped) | "degraded" | 200  |
| storage    | uploads fail; everything else works             | "degraded" | 200  |

503 takes the process out of the load balancer, which only helps when the process itself is
the problem (it cannot reach the database). The others are shared by every process: taking
them all out would turn a degraded site into no site, so they answer 200 and "degraded", for
the alerting to read.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.utils import timezone

from core.cache import FailOpenRedisCache

log = logging.getLogger("nexus.health")

# The oldest task ready to run for longer than this: the worker is stopped or stuck.
TASK_BACKLOG_LIMIT = timedelta(minutes=5)


def report() -> tuple[dict, int]:
    """The JSON body of /healthz and its HTTP status."""
    body: dict = {"status": "ok", "database": _database()}
    if body["database"] != "ok":
        # Without the database the other checks cannot answer either (tasks live in it).
        body["status"] = "error"
        return body, 503
    body["cache"] = _cache()
    body["redis"] = "not configured" if body["cache"] == "local" else body["cache"]
    body["tasks"] = _tasks()
    body["storage"] = _storage()
    degraded = (
        body["redis"] == "unreachable"
        or body["tasks"].get("state") == "backlog"
        or body["storage"] != "ok"
    )
    if degraded:
        body["status"] = "degraded"
    return body, 200


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        log.exception("health check: database unreachable")
        return "unreachable"
    return "ok"


def _cache() -> str:
    cache = caches["default"]
    if not isinstance(cache, FailOpenRedisCache):
        return "local"
    try:
        cache.ping()
    except Exception:
        log.warning("health check: Redis unreachable", exc_info=True)
        return "unreachable"
    return "ok"


def _tasks() -> dict:
    """The task queue: how many tasks are ready to run and how long the oldest has waited."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != "django_tasks_db.DatabaseBackend":
        return {"state": "ok", "backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult

    try:
        ready = DBTaskResult.objects.ready()
        count = ready.count()
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    except DatabaseError:
        log.exception("health check: task queue unreadable")
        return {"state": "unreadable"}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    state = "backlog" if age > TASK_BACKLOG_LIMIT.total_seconds() else "ok"
    return {"state": state, "ready": count, "oldest_ready_seconds": round(max(age, 0.0), 1)}


def _storage() -> str:
    """Write and delete a tiny file where uploads go: can the site take an upload now?"""
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception:  # OSError locally; botocore's errors with a bucket
        log.warning("health check: upload storage not writable", exc_info=True)
        return "unwritable"
    return "ok"
