"""gunicorn settings for Project Nexus; every value can be changed from the environment.

Web processes are stateless (sessions, cache and rate-limit counters live in the database or
Redis), so scaling out is more workers here, or more containers behind a load balancer.
"""

import multiprocessing
import os

wsgi_app = "project.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Threads suit a Django app that mostly waits on the database; workers use the cores.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never becomes an outage.
max_requests = 1000
max_requests_jitter = 100
# The app writes one JSON line per request itself (core.middleware); gunicorn's own access
# log would repeat it. Errors and lifecycle messages go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Heartbeat files in memory: a container's overlay filesystem can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (gunicorn docs)
# Trust X-Forwarded-* only from the load balancer in front (comma-separated IPs, or *).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """Load shedding (core/shedding.py): note when each request is queued for a thread, so
    the app can refuse, fast, one that waited too long."""
    if hasattr(worker, "enqueue_req") and hasattr(worker, "handle"):  # the gthread worker
        from core.shedding import watch_gthread_queue

        watch_gthread_queue(worker)
