"""Demo wiki pages: concepts. Same shape as demo_pages_tech."""

CONCEPTS = [
    {
        "title": "Database design",
        "topics": ["databases", "postgresql"],
        "author": "backend",
        "body": """\
Good database design makes correct data easy and wrong data impossible. Start on paper with an
**entity-relationship (ER) model**: the things (users, challenges, solutions), their attributes
and how they relate.

## Relationships

- **One-to-many**: a challenge has many solutions → a foreign key on `solution`.
- **Many-to-many**: challenges have many topics and topics many challenges → a join table
  (Django's `ManyToManyField` makes it for you).
- **One-to-one**: a user has one profile.

## Normalisation

Store each fact once. If a user's name is copied into every post, renaming them means updating
every post, and sooner or later the copies disagree. The normal forms formalise this: no
repeating groups (1NF), every column depends on the whole key (2NF) and on nothing but the key
(3NF). Denormalise on purpose, for speed, and keep the copy in step in one place (a counter
column updated in the same transaction, for example).

## Constraints

Let the database guard invariants:

```python
class Vote(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE)
    solution = models.ForeignKey(Solution, on_delete=models.CASCADE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "solution"], name="one_vote_each"),
        ]
```

A unique constraint survives race conditions that an `if not exists()` check in Python does not.
Schema changes go through [[Migrations]]; the database itself is [[PostgreSQL]].
""",
        "edits": [
            (
                "frontend",
                "Naming tip",
                "Schema changes go through",
                "Name tables and columns for what they mean to the business, not for the screen "
                "that shows them: screens change faster than data.\n\nSchema changes go through",
            ),
        ],
    },
    {
        "title": "Migrations",
        "topics": ["databases", "django"],
        "author": "backend",
        "body": """\
Migrations are versioned, reviewable changes to the database schema. In [[Django]],
`makemigrations` compares your models with the last migration and writes a new one;
`migrate` applies the ones not yet applied.

```bash
python manage.py makemigrations knowledge
python manage.py migrate
python manage.py makemigrations --check --dry-run   # in CI: fail if one is missing
```

## Rules that save you

- Commit migrations with the model change that needs them, and review them like code.
- Never edit a migration that already ran somewhere else; add a new one.
- Data migrations (`RunPython`) use `apps.get_model(...)`, never direct imports of models.

## Zero-downtime changes

During a deploy, old and new code run side by side for a moment. So change the schema in steps:

1. Add the new column as nullable (old code ignores it).
2. Deploy code that writes both old and new.
3. Backfill in batches.
4. Deploy code that reads the new column; later drop the old one.

Renaming a column in one step breaks the old code still running. See [[Deployment]] and
[[Database design]].
""",
    },
    {
        "title": "Query optimization",
        "topics": ["databases", "django", "performance", "postgresql"],
        "author": "backend",
        "body": """\
Most slow Django pages are slow because of the database: too many queries, or queries without
an index. Measure first: **Django Debug Toolbar** shows every query a page runs, with timings
and duplicates.

## The N+1 problem

```python
# 1 query for challenges + 1 per challenge for its author = N+1
for c in Challenge.objects.all()[:50]:
    print(c.author.username)
```

Fix it by fetching related rows up front:

- `select_related("author")`: a SQL join, for foreign keys and one-to-one.
- `prefetch_related("topics")`: one extra query for many-to-many and reverse relations.

```python
Challenge.objects.select_related("author").prefetch_related("topics")[:50]  # 2 queries
```

## Indexes

Add an index for columns you filter or sort on, and check with `EXPLAIN ANALYZE` in
[[PostgreSQL]]. Composite indexes match the order of your `WHERE` and `ORDER BY`.

## Less data, fewer trips

- Paginate every list; never load "all rows".
- `only()`/`values()` when you need a few columns; `count()` and `exists()` instead of loading.
- Keep counters (solution count) in a column instead of counting rows on every page view.

## Beyond one database

Connection pooling (PgBouncer) keeps connection setup cheap; read replicas take read traffic;
a cache takes repeated reads entirely (see [[Caching strategies]]). In one demo challenge, an API
went from 2.3 s to 180 ms on average with pagination, two indexes and caching.
""",
        "edits": [
            (
                "frontend",
                "Test for query counts",
                "## Beyond one database",
                "## Keep it fixed\n\nA test with `django_assert_max_num_queries` on a page with "
                "lots of data stops an N+1 from coming back (see [[Testing]]).\n\n"
                "## Beyond one database",
            ),
        ],
    },
    {
        "title": "Asynchronous programming",
        "topics": ["async", "python"],
        "author": "backend",
        "body": """\
"Asynchronous" means not waiting idly. While one piece of work waits on the network or disk,
something else runs. [[Python]] offers three ways to do several things at once.

## Threads, processes, async

- **Threads**: share memory; good for I/O-bound work; the GIL stops them from running Python
  code in parallel on several cores.
- **Processes**: separate memory, real parallelism; good for CPU-bound work (image processing).
- **async/await**: one thread, many tasks, switching whenever one awaits I/O. Very cheap per
  task, ideal for many slow network calls.

```python
import asyncio
import httpx


async def fetch_all(urls):
    async with httpx.AsyncClient(timeout=10) as client:
        responses = await asyncio.gather(*(client.get(u) for u in urls))
    return [r.status_code for r in responses]
```

Ten requests of one second each take about one second instead of ten.

## Non-blocking I/O and Django

Django supports async views, but the ORM is still mostly synchronous, and a blocking call inside
async code stalls everything. For most "this request is slow" problems the answer is not async
views but moving the work to a background worker: see [[Task queues and retries]] and [[Celery]].
""",
    },
    {
        "title": "Task queues and retries",
        "topics": ["celery", "rabbitmq", "redis", "async"],
        "author": "backend",
        "body": """\
A task queue lets a web request say "do this later" and return immediately. A **producer** (the
web process) puts a message on a **broker** ([[RabbitMQ]] or [[Redis]]); **workers** take
messages and run the task. In our stack that is [[Celery]].

## When to use one

Anything slow or unreliable that the user does not need to wait for: sending email, generating
reports, calling third-party APIs, resizing uploads. Emails sent inside the request made pages
hang in one demo challenge; moving them to a worker fixed it.

## Retry policies

External calls fail. Decide per task:

- **Which errors** are worth a retry (timeouts, 503s) and which are not (validation errors).
- **How long to wait**: exponential back-off with jitter (2 s, 4 s, 8 s…) avoids hammering a
  service that is already struggling.
- **When to give up**: a maximum number of retries, then record the failure somewhere a human
  will see it (a dead-letter queue, an error tracker).

## Timeouts

Every network call needs a timeout, and every task a time limit. A task without one can hang
forever and quietly take a worker out of service.

## Idempotency

Retries and redeliveries mean a task may run twice. Design it so running twice is harmless:
check whether the email was already sent, use unique constraints, upsert instead of insert.
""",
        "edits": [
            (
                "moderator",
                "Visibility",
                "## Idempotency",
                "## Make failures visible\n\nTasks that fail silently are worse than tasks that "
                "fail loudly. Log every final failure and alert on a growing queue; see "
                "[[Observability]].\n\n## Idempotency",
            ),
        ],
    },
    {
        "title": "Caching strategies",
        "topics": ["caching", "redis", "performance"],
        "author": "backend",
        "body": """\
A cache keeps the result of expensive work so the next request can reuse it. It is the
biggest single speed-up available, and the easiest way to show users stale data.

## Levels in Django

- **Per-view**: `@cache_page(60)` caches a whole response. Great for public pages.
- **Template fragments**: `{% cache 300 sidebar %}` for an expensive part of a page.
- **Low level**: `cache.get_or_set(key, compute, timeout)` for any value, for example the
  result of a heavy queryset.

## Cache-aside

The usual pattern: look in the cache; on a miss, compute, store with a TTL, return.

```python
def open_challenge_count():
    return cache.get_or_set("stats:open-challenges",
                            lambda: Challenge.objects.filter(status="open").count(), 300)
```

## Invalidation

"There are only two hard things in computer science: cache invalidation and naming things."
Options, from simplest:

1. **Short TTLs**: accept data up to N seconds old.
2. **Delete on write**: when a challenge changes, delete its keys.
3. **Versioned keys**: include a version or `updated_at` in the key, so a change simply misses.

## Measure

Track the **hit ratio**. A cache that is rarely hit only adds latency and complexity. The
backend is usually [[Redis]]; see also [[Query optimization]], which you should do first.
""",
    },
    {
        "title": "System design",
        "topics": ["system-design", "performance"],
        "author": "moderator",
        "body": """\
System design is deciding how the parts of an application fit together so it stays fast,
available and changeable as it grows.

## Scaling out

Keep web processes **stateless** (sessions, cache and uploads live elsewhere), then run more of
them behind a **load balancer**. This is horizontal scaling, and it is how one demo project grew
to about ten times the concurrent users. The database becomes the bottleneck next: read
replicas for reads, and eventually **sharding** (splitting data across databases by a key such
as the tenant).

## Fault tolerance

Assume every part fails. Timeouts and retries for calls ([[Task queues and retries]]), health
checks so the load balancer stops sending traffic to a dead process, backups you have restored,
and graceful degradation (serve the page without the recommendations box rather than an error).

## Monolith or microservices?

A **modular monolith** (one deployable, well-separated apps; see
[[Modular apps and separation of concerns]]) is the right start for almost every team.
Microservices buy independent deployment and scaling at the price of network calls, distributed
failures and operational load. Split a service out when a real need appears, not before.

## Event-driven design

Instead of calling each other directly, parts publish events ("solution accepted") and others
react (notify watchers, update statistics). Queues decouple them in time; see [[RabbitMQ]].
""",
    },
    {
        "title": "Authentication and authorization",
        "topics": ["authentication", "security"],
        "author": "backend",
        "body": """\
**Authentication** answers "who are you?"; **authorization** answers "what may you do?". Mixing
them up is a classic source of security bugs.

## Sessions

The server stores a session and gives the browser a cookie holding its id. Django does this by
default; it is the simplest and safest choice for server-rendered sites like this hub. Mark
cookies `Secure` and `HttpOnly`.

## JWT

A JSON Web Token is a signed token the client sends with each request
(`Authorization: Bearer ...`). The server verifies the signature instead of looking anything up,
which suits APIs and mobile clients. The catch: a token cannot be revoked before it expires, so
keep access tokens short-lived and use refresh tokens.

## OAuth2

OAuth2 lets users sign in with another provider (GitHub, Google) or lets one app act on a user's
behalf in another, without sharing passwords. Use a maintained library; never write the flow by
hand.

## Role-based access

Give permissions to roles (learner, moderator), roles to users, and check permissions in one
place in code:

```python
def can_edit_page(user, page):
    return user.is_authenticated and (not page.is_protected or user.is_moderator)
```

Check on the server for every request; hiding a button is not authorization. See [[Security]].
""",
    },
    {
        "title": "API design",
        "topics": ["api-design", "django-rest-framework", "graphql"],
        "author": "frontend",
        "body": """\
An API is a promise to its clients. Designing it well means the frontend team can build without
guessing, and the backend can change its internals without breaking anyone.

## REST basics

Resources are nouns with URLs (`/api/challenges/42/`), HTTP methods are the verbs (GET reads,
POST creates, PATCH updates, DELETE removes) and status codes mean what they say: 201 created,
400 invalid input (with field errors), 401 not logged in, 403 not allowed, 404 not found, 429
too many requests.

## Contract first

Write the contract before the code: an **OpenAPI** (Swagger) document listing endpoints,
parameters, response shapes and errors. Frontend and backend review it together (see
[[Agreeing on API contracts]]), then both build against it; the frontend can even mock it.

## Consistency beats cleverness

- One naming style (`snake_case` fields everywhere).
- One error format: `{"errors": {"title": ["This field is required."]}}`.
- One pagination style, with `next`/`previous` links.
- Timestamps in ISO 8601 with a time zone.

## REST or GraphQL

[[GraphQL]] lets clients choose fields; [[Django REST Framework]] keeps things simple and
cacheable. Whichever you pick, plan for change from day one: [[API versioning]].
""",
    },
    {
        "title": "API versioning",
        "topics": ["api-design", "django-rest-framework"],
        "author": "frontend",
        "body": """\
Sooner or later an API must change in a way old clients do not expect. Versioning lets the old
behaviour live on while new clients get the new one.

## Breaking and non-breaking

Adding an optional field or a new endpoint is safe. Renaming or removing a field, changing a
type, or making an optional parameter required breaks clients. A breaking change needs a new
version.

## Ways to version

- **URL path**: `/api/v1/challenges/` and `/api/v2/challenges/`. Obvious and easy to test.
- **Header**: `Accept: application/json; version=2`. Cleaner URLs, harder to try in a browser.
- **Query parameter**: `?version=2`. Simple but easy to forget.

[[Django REST Framework]] supports all three through its versioning classes:

```python
class ChallengeSerializer(serializers.ModelSerializer):
    ...

class ChallengeViewSet(viewsets.ModelViewSet):
    def get_serializer_class(self):
        if self.request.version == "v1":
            return ChallengeSerializerV1
        return ChallengeSerializer
```

## Retiring a version

Announce a deprecation date, send a `Deprecation` header, watch the logs until traffic on the
old version drops, then remove it. Breaking changes that hurt the frontend in one demo challenge
stopped once the team versioned the API and agreed on this process; see
[[Backend and frontend collaboration]].
""",
    },
    {
        "title": "Rate limiting",
        "topics": ["rate-limiting", "security", "redis"],
        "author": "backend",
        "body": """\
Rate limiting caps how many requests a client can make in a window of time. It protects the
service from abusive bursts, runaway scripts and brute-force login attempts, and keeps one
heavy user from slowing everyone else down.

## Algorithms

- **Fixed window**: count requests per minute; reset at the minute boundary. Simple, allows a
  burst at the edges.
- **Sliding window**: smooths those edges at a little more cost.
- **Token bucket**: tokens refill at a steady rate; each request spends one. Allows short bursts,
  caps the average.

## Where to keep the counters

In a shared store, usually [[Redis]], so every web process sees the same count. Counters in
process memory reset on every deploy and differ per process.

## In Django and DRF

[[Django REST Framework]] has throttles built in:

```python
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "100/min"},
}
```

Answer with **429 Too Many Requests** and a `Retry-After` header, and tell a human what to do.
This hub limits posting per learner the same way. Per-user limits stopped abusive traffic in one
demo challenge; for sensitive operations, add logging of IPs and anomaly detection
([[Security]], [[Observability]]).
""",
    },
    {
        "title": "Security",
        "topics": ["security"],
        "author": "moderator",
        "body": """\
Security is mostly a list of boring habits applied every time. The ones that matter most for a
Django project:

## Never trust input

- **SQL injection**: use the ORM or parameterised queries; never build SQL with f-strings.
- **XSS**: Django templates escape output by default. Never mark user input `|safe`; when users
  write Markdown, render it and sanitise the HTML with an allow-list (this hub uses nh3).
- Validate on the server, even when the browser validates too.

## Browser protections

- **CSRF**: keep `{% csrf_token %}` in every form; never `csrf_exempt` a view to make an error go
  away.
- **CORS**: allow only the origins that need your API, not `*` with credentials.
- **CSP**: a Content Security Policy limits where scripts may come from.

## Configuration

- `DEBUG = False` in production: debug pages leak settings and code.
- `ALLOWED_HOSTS` set to your real domains.
- Secrets (`SECRET_KEY`, database passwords, API keys) come from environment variables, never
  from the repository; see [[Settings and secrets from the environment]].
- HTTPS everywhere, with secure cookies and HSTS.

Run `python manage.py check --deploy` before every release. Authentication and permissions have
their own page: [[Authentication and authorization]]. Keep dependencies updated; most real-world
breaches use known, already-fixed bugs.
""",
        "edits": [
            (
                "backend",
                "Uploads",
                "Run `python manage.py check --deploy`",
                "Treat uploads as hostile: check type and size, re-encode images, and serve user "
                "files from a separate domain or bucket.\n\nRun `python manage.py check --deploy`",
            ),
        ],
    },
    {
        "title": "Testing",
        "topics": ["testing", "python", "django"],
        "author": "backend",
        "body": """\
Tests let you change code without fear. The goal is not coverage numbers but confidence: when
the suite is green, you ship.

## Kinds of tests

- **Unit tests**: one function or class, fast, no network.
- **Integration tests**: several parts together: a view with the database, a task with the ORM.
- **End-to-end tests**: a real browser clicking through the site (Playwright).
- **Load tests**: many simulated users, to find the breaking point before users do (Locust).

Most tests should be the fast kinds; a few end-to-end tests cover the journeys that matter.

## pytest and Django

```python
from http import HTTPStatus

import pytest


@pytest.mark.django_db
def test_reader_cannot_post_a_challenge(client):
    response = client.post("/challenges/new/", {"title": "x", "body": "y"})
    assert response.status_code == HTTPStatus.FOUND  # sent to log in
```

`pytest-django` provides `client`, `db`, `settings` and `django_assert_num_queries`, which turns
[[Query optimization]] into something a test can keep. Django's own `TestCase` works too.

## Good habits

One behaviour per test, named for that behaviour. Build data with factories (factory_boy), not
giant fixtures. Test the unhappy paths: invalid forms, missing objects, forbidden actions. Run
everything in CI on every push: [[Automated tests in CI from day one]].
""",
    },
    {
        "title": "Observability",
        "topics": ["observability", "deployment"],
        "author": "moderator",
        "body": """\
Observability is being able to answer "what is the system doing, and why?" from the outside,
without adding code during an incident.

## Structured logs

Log events as JSON with fields (`path`, `status`, `duration_ms`, `user_id`), not free text.
Structured logs can be searched and aggregated: "all 500s for `/api/challenges/` in the last hour".
Never log passwords, tokens or personal data you do not need.

## Metrics

Numbers over time: request rate, error rate, latency percentiles (p50, p95, p99), queue length,
cache hit ratio. Dashboards show trends; alerts fire on symptoms users feel (error rate, slow
responses), not on every CPU spike.

## Error tracking

A service such as Sentry groups exceptions, keeps the stack trace and request context, and tells
you when a new error appears after a deploy.

## Health checks

A `/healthz` endpoint that checks the database lets the load balancer and the orchestrator take
a broken process out of rotation. Keep it cheap and unauthenticated.

Together these make [[Deployment]] safer and [[Task queues and retries]] debuggable.
""",
    },
    {
        "title": "Deployment",
        "topics": ["deployment", "docker", "ci-cd"],
        "author": "backend",
        "body": """\
Deployment is getting a tested version of the code running for users, repeatably.

## A typical production set-up

- The app in a [[Docker]] image, run by **gunicorn** with several workers.
- A reverse proxy or load balancer in front, terminating HTTPS.
- [[PostgreSQL]] for data, [[Redis]] for cache and broker, [[Celery]] workers for background work.
- Static files served by WhiteNoise or a CDN, uploads in S3-compatible object storage.

## Configuration

Everything that differs between environments comes from environment variables:
`DATABASE_URL`, `REDIS_URL`, `SECRET_KEY`, `ALLOWED_HOSTS`. The same image runs everywhere. See
[[Settings and secrets from the environment]].

## Release steps

1. CI builds the image and runs the tests ([[CI/CD]]).
2. Run [[Migrations]] (backwards compatible with the code still running).
3. Roll out new processes gradually; the load balancer uses health checks.
4. Watch errors and latency ([[Observability]]); roll back if they rise.

## Large files

Do not read whole uploads into memory. Stream them to object storage and stream downloads
back; one demo challenge ran out of memory until it did exactly that.
""",
    },
]
