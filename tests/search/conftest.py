import pytest

from tests.factories import make_challenge, make_page, make_solution, make_topic


@pytest.fixture
def celery_content(db):
    """A Celery page about retries, a challenge about Celery retries with a solution, noise."""
    celery = make_topic("Celery")
    redis = make_topic("Redis")
    page = make_page(
        "Celery",
        "# Celery\n\nCelery runs **tasks** in workers. Failed tasks can be retried: use "
        "`autoretry_for` with `retry_backoff` so retries wait longer each time.",
        topics=[celery],
    )
    challenge = make_challenge(
        "Celery task retry never stops",
        "My Celery task keeps retrying forever after the broker restarts. How do I cap retries?",
        topics=[celery],
    )
    solution = make_solution(challenge, "Set `max_retries=5` and use `retry_backoff=True`.")
    other = make_page(
        "Redis", "Redis is an in-memory store used for caching and as a broker.", topics=[redis]
    )
    return {"page": page, "challenge": challenge, "solution": solution, "other": other,
            "celery": celery, "redis": redis}  # fmt: skip
