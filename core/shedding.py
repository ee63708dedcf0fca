"""Load shedding: past what the site can serve, refuse fast instead of queueing for ever.

gunicorn's gthread worker accepts every connection it can (up to `worker_connections`) and
queues the requests for its threads. Under twice the load it can serve, that queue only grows:
every request waits behind all the others (measured: 21 s medians, 3,000 requests in flight),
people give up, reload, and add to it.

So gunicorn.conf.py has each request's wait for a thread watched (`watch_gthread_queue`): a
request that would wait longer than NEXUS_SHED_QUEUE_MS (250 ms by default) behind the others,
or that did wait that long, is answered at once with a short 503 and `Retry-After`, before any
work: no session, no database, no template. The requests that are served wait at most about
that long; the others know at once to come back.
`/healthz` is never refused: the load balancer must not take a busy process for a dead one.

Under other servers (runserver, the tests) nothing stamps the queue and nothing is refused.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.http import HttpResponse

log = logging.getLogger("nexus.shedding")

_local = threading.local()
_refused = {"count": 0, "since": time.monotonic()}
_refused_lock = threading.Lock()
LOG_EVERY_SECONDS = 10.0
NEVER_REFUSED = ("/healthz",)

REFUSAL = (
    b'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    b'<meta name="viewport" content="width=device-width, initial-scale=1">'
    b"<title>Busy for a moment \xc2\xb7 Project Nexus</title></head><body><main>"
    b"<h1>The site is busy for a moment</h1><p>Too many people are asking at once. Nothing you "
    b'sent was lost: try again in a few seconds.</p><p><a href="/">Back to the home page</a>'
    b"</p></main></body></html>\n"
)


# Per process: requests queued for a thread and not yet taken, and the recent time a served
# request takes (exponentially weighted), to tell how long a new request would wait.
_queue = {"waiting": 0, "service": 0.05}
_queue_lock = threading.Lock()


def expected_wait(threads: int) -> float:
    with _queue_lock:
        return _queue["waiting"] * _queue["service"] / max(1, threads)


def record_service(seconds: float) -> None:
    with _queue_lock:
        _queue["service"] = 0.9 * _queue["service"] + 0.1 * seconds


def watch_gthread_queue(worker) -> None:
    """Stamp each request with the moment gunicorn's gthread worker queues it for a thread
    (a new connection, or the next request on a kept-alive one), and hand the stamp to the
    thread that takes it. Called from gunicorn.conf.py's post_worker_init.

    A request that would wait longer than the limit (the requests ahead of it times the recent
    time per request, over the threads) does not join the queue at all: one thread of its
    own answers it with the 503, at once, so a refusal never waits behind the work it avoids.
    """
    enqueue, handle = worker.enqueue_req, worker.handle
    threads = worker.cfg.threads
    refusals = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nexus-shed")

    def enqueue_req(conn):
        conn.nexus_queued_at = time.monotonic()
        limit = settings.NEXUS_SHED_QUEUE_MS / 1000
        if limit and expected_wait(threads) > limit:
            conn.nexus_refuse = True
            future = refusals.submit(worker.handle, conn)
            future.add_done_callback(
                lambda f: worker.method_queue.defer(worker.finish_request, conn, f)
            )
            return
        with _queue_lock:
            _queue["waiting"] += 1
        conn.nexus_counted = True
        return enqueue(conn)

    def handle_with_stamp(conn):
        if getattr(conn, "nexus_counted", False):
            conn.nexus_counted = False
            with _queue_lock:
                _queue["waiting"] -= 1
        _local.queued_at = getattr(conn, "nexus_queued_at", None)
        _local.refuse = getattr(conn, "nexus_refuse", False)
        conn.nexus_refuse = False
        try:
            return handle(conn)
        finally:
            _local.queued_at = None
            _local.refuse = False

    # gthread looks both up on the instance each time (self.enqueue_req, self.handle).
    worker.enqueue_req = enqueue_req
    worker.handle = handle_with_stamp


def queued_seconds() -> float | None:
    """How long the current request waited for a thread, if the server said when it came."""
    queued_at = getattr(_local, "queued_at", None)
    return None if queued_at is None else time.monotonic() - queued_at


def _count_refusal(waited: float) -> None:
    now = time.monotonic()
    with _refused_lock:
        _refused["count"] += 1
        if now - _refused["since"] < LOG_EVERY_SECONDS:
            return
        count, since = _refused["count"], _refused["since"]
        _refused.update(count=0, since=now)
    log.warning(
        "shedding load: %d requests refused in %.0f s (last one waited %.2f s)",
        count,
        now - since,
        waited,
        extra={"refused": count, "queued_ms": round(waited * 1000)},
    )


class LoadSheddingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        waited = queued_seconds()
        limit = settings.NEXUS_SHED_QUEUE_MS / 1000
        too_busy = getattr(_local, "refuse", False) or (waited is not None and waited > limit)
        if limit and too_busy and not request.path.startswith(NEVER_REFUSED):
            _count_refusal(waited or 0.0)
            response = HttpResponse(REFUSAL, status=503, content_type="text/html; charset=utf-8")
            response["Retry-After"] = str(settings.NEXUS_SHED_RETRY_AFTER)
            response["Cache-Control"] = "no-store"
            return response
        started = time.monotonic()
        response = self.get_response(request)
        if waited is not None:
            record_service(time.monotonic() - started)
        return response
