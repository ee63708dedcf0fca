"""Demo wiki pages: the program's technologies. Written for the hub, in its own words."""

# Each page: title, category, topics (slugs), author ("backend", "frontend" or "moderator"),
# body, and optional edits [(author, summary, old, new)] applied as later revisions.

TECHNOLOGIES = [
    {
        "title": "Python",
        "topics": ["python"],
        "author": "backend",
        "body": """\
Python is the language everything else in the program is built on. It reads almost like
pseudo-code, ships with a large standard library ("batteries included") and has a package for
nearly every job on PyPI. [[Django]], [[Celery]] and most of our tooling are Python.

## What to get comfortable with

- **Data structures**: lists, dicts, sets and tuples, and when each is the right tool.
- **Functions and modules**: keyword arguments, `*args`/`**kwargs`, importing your own code.
- **Classes**: enough to read Django's models and views; dataclasses for plain records.
- **Exceptions**: raise specific ones, catch narrowly, never `except: pass`.
- **Virtual environments**: one per project, so versions never collide.

```python
from dataclasses import dataclass


@dataclass
class Challenge:
    title: str
    solved: bool = False

    def solve(self) -> None:
        self.solved = True
```

## Tooling we use

Create a virtual environment with `python -m venv .venv`, install with `pip`, format and lint
with `ruff`, and test with `pytest` (see [[Testing]]). Following [[PEP 8 and self-documenting code]]
keeps code reviews about behaviour instead of whitespace.

## Where Python is slow, and why it rarely matters

Python is not the fastest language, but a web request mostly waits on the database and the
network. Fixing queries (see [[Query optimization]]) nearly always beats rewriting code.
For truly concurrent I/O, read [[Asynchronous programming]].
""",
        "edits": [
            (
                "frontend",
                "Add type hints section",
                "## Tooling we use",
                "## Type hints\n\nType hints (`def total(prices: list[float]) -> float`) do not "
                "change how code runs, but editors and checkers use them to catch mistakes early, "
                "and they document what a function expects.\n\n## Tooling we use",
            ),
        ],
    },
    {
        "title": "Django",
        "topics": ["django", "python"],
        "author": "backend",
        "body": """\
Django is a high-level [[Python]] web framework: it gives you an ORM, URL routing, views,
templates, forms, authentication, an admin site and database [[Migrations]] out of the box. This
hub itself is a Django project.

## The request cycle

A request comes in, the URL configuration picks a **view**, the view talks to **models**
(through the ORM) and renders a **template** into a response. Middleware wraps the whole thing
(sessions, CSRF protection, security headers).

```python
# urls.py
path("challenges/<int:pk>/", views.challenge_detail, name="challenge_detail")

# views.py
def challenge_detail(request, pk):
    challenge = get_object_or_404(Challenge, pk=pk)
    return render(request, "challenge_detail.html", {"challenge": challenge})
```

## Models and the ORM

Models are Python classes mapped to tables. The ORM builds SQL for you, which is convenient
and also the easiest way to write slow code by accident: a loop that touches a related object
runs one query per row. Learn `select_related` and `prefetch_related` early; the
[[Query optimization]] page shows how.

## The admin

Register a model in `admin.py` and you get a working back office for free. It is perfect for
staff and moderators; it is not a replacement for a user-facing interface.

## Where to go next

- Build an API on top of Django with [[Django REST Framework]].
- Move slow work out of the request with [[Celery]].
- Read [[Modular apps and separation of concerns]] before your project grows past a few apps.
""",
        "edits": [
            (
                "frontend",
                "Mention settings",
                "## Where to go next",
                "## Settings\n\nOne `settings.py` reads its secrets and hosts from the "
                "environment; see [[Settings and secrets from the environment]]. Never commit "
                "`SECRET_KEY`, and never run production with `DEBUG = True`.\n\n"
                "## Where to go next",
            ),
            (
                "backend",
                "Forms and validation",
                "## The admin",
                "## Forms\n\nDjango forms validate input on the server and re-render with errors. "
                "Even when a JavaScript front end validates too, the server-side check is the one "
                "that counts (see [[Security]]).\n\n## The admin",
            ),
        ],
    },
    {
        "title": "Django REST Framework",
        "topics": ["django-rest-framework", "django", "api-design"],
        "author": "backend",
        "body": """\
Django REST Framework (DRF) turns [[Django]] models into JSON APIs. It is what the backend
learners use to serve the frontend learners (see [[Backend and frontend collaboration]]).

## Serializers

A serializer converts model instances to JSON and validates incoming data.

```python
from rest_framework import serializers


class ChallengeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Challenge
        fields = ["id", "title", "status", "created_at"]
        read_only_fields = ["status", "created_at"]
```

## Viewsets and routers

A `ModelViewSet` gives list, detail, create, update and delete in a few lines; a router builds
the URLs. Restrict the queryset to what the user may see, and add `select_related` so the list
does not run one query per row.

## Pagination, throttling, versioning

- **Pagination**: never return an unbounded list. Set `DEFAULT_PAGINATION_CLASS` and a
  `PAGE_SIZE` so responses stay small as data grows.
- **Throttling**: `UserRateThrottle` and `AnonRateThrottle` cap requests per user or IP; see
  [[Rate limiting]].
- **Versioning**: `URLPathVersioning` or `AcceptHeaderVersioning` let old clients keep working
  while the API changes; see [[API versioning]].

```python
REST_FRAMEWORK = {
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
}
```

The browsable API DRF renders in a browser is a great way for frontend colleagues to explore
endpoints before writing any code.
""",
        "edits": [
            (
                "frontend",
                "Link to API docs",
                "The browsable API",
                "Generate an OpenAPI schema (for example with drf-spectacular) so the docs never "
                "drift from the code; see [[API documentation for frontend colleagues]].\n\n"
                "The browsable API",
            ),
        ],
    },
    {
        "title": "GraphQL",
        "topics": ["graphql", "api-design"],
        "author": "frontend",
        "body": """\
GraphQL is a query language for APIs. Instead of many fixed endpoints, there is one endpoint
and a **schema** that describes every type and field; the client asks for exactly the fields it
needs, and gets them in one round trip.

## Queries and mutations

```graphql
query {
  challenge(id: 42) {
    title
    solutions(first: 3) { body author { username } }
  }
}

mutation {
  postSolution(challengeId: 42, body: "Add an index") { id }
}
```

Queries read, mutations write. The response has the same shape as the query, which makes
front-end code pleasant to write.

## GraphQL in Django: Graphene

Graphene-Django maps [[Django]] models to GraphQL types. Resolvers are plain functions, so the
usual ORM advice applies: a nested query can trigger an N+1 storm unless resolvers use
`select_related`/`prefetch_related` or a DataLoader (see [[Query optimization]]).

## The playground

GraphiQL (or another playground) lets you explore the schema with autocompletion and run
queries in the browser. It is the fastest way for a frontend learner to see what the backend
offers.

## REST or GraphQL?

Neither wins everywhere. GraphQL shines when clients need different slices of the same data;
REST with [[Django REST Framework]] is simpler to cache and rate limit. See [[API design]].
""",
    },
    {
        "title": "Docker",
        "topics": ["docker", "deployment"],
        "author": "backend",
        "body": """\
Docker packages an application with everything it needs (interpreter, libraries, system
packages) into an **image**, and runs images as isolated **containers**. The same image runs on
a laptop, in [[CI/CD]] and in production, which ends most "works on my machine" problems.

## A Dockerfile for a Django app

```dockerfile
FROM python:3.13-slim
WORKDIR /app
COPY pyproject.toml .
RUN pip install --no-cache-dir .
COPY . .
USER 1000
CMD ["gunicorn", "project.wsgi", "--bind", "0.0.0.0:8000"]
```

Copy the dependency list before the code so the install layer is cached between builds, and
run as a non-root user.

## docker-compose: several containers together

A real app needs a web process, a database, a cache and a worker. `docker-compose.yml`
describes them and puts them on one network, where each service is reachable by its name
(`db`, `redis`):

```yaml
services:
  web:
    build: .
    environment:
      DATABASE_URL: postgres://nexus:nexus@db/nexus
      REDIS_URL: redis://redis:6379/0
    depends_on: [db, redis]
  worker:
    build: .
    command: celery --app project worker
  db:
    image: postgres:17
  redis:
    image: redis:7
```

## Parity

Using the same images locally and in production ("dev/prod parity") is what fixed the
deployment problems many of us had. Configuration differs only through environment variables
(see [[Settings and secrets from the environment]]). See also [[Deployment]].
""",
        "edits": [
            (
                "moderator",
                "Networking note",
                "## Parity",
                "## Networking gotcha\n\nInside a container `localhost` is the container itself. "
                "To reach the database, use the service name (`db`), not `localhost`.\n\n## Parity",
            ),
        ],
    },
    {
        "title": "CI/CD",
        "topics": ["ci-cd", "testing", "deployment"],
        "author": "backend",
        "body": """\
Continuous integration (CI) runs the tests on every push; continuous delivery/deployment (CD)
ships the result automatically when they pass. Tools: GitHub Actions, GitLab CI, Jenkins.

## A minimal GitHub Actions workflow

```yaml
name: tests
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with: {python-version: "3.13"}
      - run: pip install -e '.[dev]'
      - run: ruff check . && pytest
```

## What a pipeline should do

1. Lint and format check (cheap, fails fast).
2. Run the test suite, including migrations checks ([[Testing]], [[Migrations]]).
3. Build the [[Docker]] image once and reuse it for every later stage.
4. Deploy to staging, smoke test, then production.

## Why bother

Teams in the program who set up a pipeline early saw deployments succeed far more often
(around 95% of the time) and take about 70% less time than hand-run deploys. The main effect is
psychological: when shipping is boring and reversible, you ship small changes often. See
[[Automated tests in CI from day one]].
""",
    },
    {
        "title": "Celery",
        "topics": ["celery", "python", "rabbitmq", "redis"],
        "author": "backend",
        "body": """\
Celery runs Python functions as **background tasks** in separate worker processes, so a web
request can hand off slow work (sending email, resizing images, calling a slow API) and answer
at once. Tasks travel through a message broker: [[RabbitMQ]] or [[Redis]]. See
[[Task queues and retries]] for the concepts.

## A task

```python
from celery import shared_task


@shared_task(bind=True, autoretry_for=(ConnectionError,), retry_backoff=True,
             retry_kwargs={"max_retries": 5}, time_limit=60, soft_time_limit=50)
def send_welcome_email(self, user_id):
    user = User.objects.get(pk=user_id)
    mailer.send(user.email, "Welcome!")
```

Call it with `send_welcome_email.delay(user.pk)`. Pass ids, not model instances: the worker
loads fresh data, and arguments must be serialisable.

## Retries

Networks fail. A task should **retry** with back-off instead of failing silently:

- `autoretry_for=(...)` retries on the listed exceptions automatically;
- `retry_backoff=True` waits longer after each failure (1 s, 2 s, 4 s…), with jitter;
- `max_retries` stops eventually, so a broken task does not loop forever;
- inside a task, `raise self.retry(exc=exc, countdown=30)` retries by hand.

Make tasks **idempotent** (safe to run twice), because a retry after a timeout may repeat work
that actually succeeded.

## Time limits

`soft_time_limit` raises an exception inside the task so it can clean up; `time_limit` kills the
worker process. Without limits a hung task blocks a worker forever.

## Running workers

```bash
celery --app project worker --loglevel=info --concurrency=4
```

The `--app` flag must point at the module that creates the Celery app; getting it wrong is the
most common reason a worker "will not start" in production. Run workers under a process
manager or as their own container ([[Docker]]).
""",
        "edits": [
            (
                "frontend",
                "Explain acks_late",
                "## Time limits",
                "## Not losing tasks\n\nWith `acks_late=True` a task is acknowledged only after it "
                "finishes, so if a worker dies mid-task the broker hands it to another worker. "
                "Combine it with idempotent tasks.\n\n## Time limits",
            ),
            (
                "backend",
                "Monitoring",
                "The `--app` flag",
                "Watch the queue length and failed-task count (Flower, or metrics; see "
                "[[Observability]]).\n\nThe `--app` flag",
            ),
        ],
    },
    {
        "title": "RabbitMQ",
        "topics": ["rabbitmq", "celery"],
        "author": "backend",
        "body": """\
RabbitMQ is a message broker: producers publish messages, RabbitMQ stores and routes them, and
consumers receive them. It is the classic broker for [[Celery]].

## Core ideas

- **Exchange**: where messages are published. It routes them to queues by rules (direct,
  topic, fanout).
- **Queue**: holds messages until a consumer takes them.
- **Acknowledgement**: a consumer acks a message when done; unacked messages are redelivered
  if the consumer dies.
- **Durability**: durable queues and persistent messages survive a broker restart.

## With Celery

```python
CELERY_BROKER_URL = "amqp://nexus:secret@rabbitmq:5672//"
```

Celery declares its queues for you. Route heavy tasks to their own queue so a flood of image
processing cannot delay password-reset emails.

## RabbitMQ or Redis?

RabbitMQ is built for messaging: acknowledgements, routing and durability are first-class.
[[Redis]] is simpler to run and often already there as a cache; it is a fine broker for many
projects. In one of our demo challenges, moving email sending to Celery workers with RabbitMQ
fixed pages that hung for seconds.

The management UI (port 15672) shows queues, rates and unacked messages: the first place to
look when tasks pile up. See [[Task queues and retries]].
""",
    },
    {
        "title": "Redis",
        "topics": ["redis", "caching", "celery", "rate-limiting"],
        "author": "backend",
        "body": """\
Redis is an in-memory data store: very fast reads and writes of strings, hashes, lists, sets
and sorted sets, with optional persistence. In our stack it does three jobs.

## 1. Cache

Django's cache framework speaks Redis natively:

```python
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis:6379/1",
    }
}
```

Cache expensive results with a TTL and invalidate on writes; see [[Caching strategies]].

## 2. Message broker

[[Celery]] can use Redis as its broker (`redis://redis:6379/0`). It is easy to run, and one
team's production workers finally started once they pointed Celery at the Redis instance on the
host and ran the workers with the right `--app` flag.

## 3. Counters for rate limits

`INCR` with an expiry is a textbook fixed-window rate limiter, shared by every web process:

```python
key = f"rl:{user_id}:{int(time.time() // 60)}"
count = redis.incr(key)
redis.expire(key, 60)
if count > 100:
    raise TooManyRequests
```

See [[Rate limiting]].

## Things to know

Redis keeps data in RAM: set `maxmemory` and an eviction policy (`allkeys-lru` for a pure
cache). Use separate databases or instances for cache and broker so evicting cache keys never
drops queued tasks.
""",
    },
    {
        "title": "PostgreSQL",
        "topics": ["postgresql", "databases"],
        "author": "backend",
        "body": """\
PostgreSQL is the relational database we use in production: reliable, standards-compliant and
rich in features (JSONB, full-text search, partial indexes, window functions).

## Normalised schemas

Model each fact once, in one table, and connect tables with foreign keys. See
[[Database design]] for normalisation and constraints, and let the database enforce them:
`NOT NULL`, `UNIQUE`, `CHECK` and foreign keys catch bugs the application misses.

## Indexes

An index turns a full table scan into a quick lookup. Index the columns you filter, join and
sort on; check with `EXPLAIN ANALYZE`:

```sql
EXPLAIN ANALYZE
SELECT * FROM discussions_challenge WHERE status = 'open' ORDER BY created_at DESC LIMIT 20;
```

In Django: `models.Index(fields=["status", "-created_at"])`. More in [[Query optimization]].

## Transactions

A transaction makes several statements all-or-nothing. Django's `transaction.atomic()` wraps a
block in one; `select_for_update()` locks rows so two requests cannot update the same data at
once. Race conditions that corrupted data in one demo challenge were fixed exactly this way
(plus optimistic locking with a version column).

## Running it

Use `DATABASE_URL` to configure Django, a connection pooler (PgBouncer) when many processes
connect, and read replicas when reads outgrow one server ([[System design]]).
""",
        "edits": [
            (
                "frontend",
                "Backups",
                "## Running it",
                "## Backups\n\nA backup you have never restored is a hope, not a backup. "
                "Schedule `pg_dump` (or continuous archiving) and practise a restore.\n\n"
                "## Running it",
            ),
        ],
    },
]
