"""Search benchmark: generate a large hub in a throwaway database, time realistic queries.

    python bench/search_bench.py                     # 100,000 pages + 100,000 challenges
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nexus_bench python bench/search_bench.py

SQLite by default (a temporary file); with a PostgreSQL DATABASE_URL, the database it names
is created on that server and dropped afterwards (see Scratch). It prints p50/p95/p99 for
what the site does (the search page: count + first page of 20 with snippets; the header's
search-as-you-type: top 5 with a prefix on the last word; "similar challenges" for a title)
beside a naive icontains scan over the same rows, so the figures mean something.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOPICS = ["Python", "Django", "Django REST Framework", "GraphQL", "Docker", "CI/CD", "Celery",
          "RabbitMQ", "Redis", "PostgreSQL", "Caching", "Authentication", "Testing", "Security",
          "Observability", "Deployment", "Migrations", "Rate limiting", "API versioning",
          "System design"]  # fmt: skip
TECH = [
    "celery", "retry", "retries", "worker", "broker", "rabbitmq", "redis", "cache", "caching",
    "invalidation", "ttl", "django", "orm", "queryset", "select_related", "prefetch_related",
    "index", "indexes", "postgresql", "query", "slow", "pagination", "cursor", "offset", "api",
    "rest", "graphql", "schema", "resolver", "mutation", "docker", "container", "image",
    "compose", "dockerfile", "kubernetes", "deploy", "deployment", "gunicorn", "nginx",
    "migration", "migrations", "schema", "rollback", "jwt", "oauth2", "session", "token",
    "refresh", "authentication", "authorization", "permission", "rate", "limit", "throttle",
    "429", "upload", "memory", "stream", "chunk", "s3", "storage", "test", "pytest", "fixture",
    "mock", "coverage", "ci", "pipeline", "github", "actions", "lint", "logging", "metrics",
    "tracing", "prometheus", "grafana", "latency", "timeout", "deadlock", "transaction",
    "isolation", "serializer", "viewset", "router", "middleware", "signal", "task", "queue",
    "async", "await", "asyncio", "event", "loop", "websocket", "versioning", "header",
    "backwards", "compatibility", "deprecation", "email", "smtp", "notification", "webhook",
    "json", "payload", "validation", "error", "exception", "traceback", "debug", "profile",
    "n+1", "join", "foreign", "key", "constraint", "unique", "normalization", "denormalization",
    "replica", "sharding", "partition", "backup", "restore", "secret", "env", "configuration",
    "settings", "production", "staging", "environment", "container", "orchestration",
    "healthcheck",
]  # fmt: skip
# What documents are about: a document draws some of its words from one or two of these, so
# words that belong together (celery, retry, broker) co-occur as they do in real writing.
CLUSTER_LINES = """
celery retry retries worker broker rabbitmq task queue timeout backoff
redis cache caching invalidation ttl key eviction session
django orm queryset select_related prefetch_related n+1 join query slow index
postgresql index query slow deadlock transaction isolation replica partition
api rest pagination cursor offset slow latency versioning header deprecation
docker container image compose dockerfile deploy deployment environment production
jwt oauth2 session token refresh authentication authorization permission
rate limit 429 throttle abuse middleware header
upload memory stream chunk s3 storage file large
graphql schema resolver mutation n+1 query
migration migrations schema rollback constraint unique foreign key
test pytest fixture mock coverage ci pipeline github actions lint
logging metrics tracing prometheus grafana latency observability healthcheck
email smtp notification webhook task queue worker async
"""
CLUSTERS = [line.split() for line in CLUSTER_LINES.strip().splitlines()]
QUERIES = [
    "celery retry",
    "redis cache invalidation",
    "django migrations rollback",
    "slow api pagination",
    "docker compose",
    "jwt refresh token",
    "postgresql index",
    '"select_related"',
    "rate limit 429",
    "celer*",
    "upload memory stream",
    "graphql resolver n+1",
    "worker",
    "deadlock transaction isolation",
]
SUGGEST_QUERIES = ["cel", "celery re", "celery ret", "redis ca", "redis cac", "docker comp",
                   "migra", "rate lim"]  # fmt: skip


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--challenges", type=int, default=100_000)
    parser.add_argument(
        "--solutions", type=int, default=0, help="solutions, spread over challenges"
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query (engine)")
    parser.add_argument(
        "--baseline-repeat", type=int, default=3, help="timed runs per query (scan)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="use the data already in the database (--keep)"
    )
    return parser.parse_args()


# --- Throwaway database -----------------------------------------------------------------------


class Scratch:
    """The database to fill. By default a temporary SQLite file, deleted afterwards.

    DATABASE_URL=postgres://.../<name>: that database is created on the server and dropped
    afterwards (a name that already exists is refused, so no real database is touched);
    DATABASE_URL=sqlite:///<path>: that file, kept. With --keep the database stays; with
    --reuse an existing one made by an earlier --keep run is used as it is (no generation).
    """

    def __init__(self, keep=False, reuse=False):
        self.keep = keep
        self.reuse = reuse
        self.url = os.environ.get("DATABASE_URL", "")
        self.tmpdir = None
        self.pg_admin_url = None
        self.pg_name = None

    def __enter__(self) -> str:
        if self.url.startswith(("postgres://", "postgresql://")):
            import psycopg

            parts = urlsplit(self.url)
            name = parts.path.lstrip("/")
            if not name or name in {"postgres", "template0", "template1"}:
                name = f"nexus_bench_{os.getpid()}"
            self.pg_admin_url = urlunsplit(parts._replace(path="/postgres"))
            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [name]
                ).fetchone()
                if exists and not self.reuse:
                    sys.exit(f"Database {name!r} exists: name a new one, or pass --reuse.")
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
            if not self.keep and not self.reuse:
                self.pg_name = name  # ours: dropped at the end
            print(f"Database: PostgreSQL {name}{' (kept)' if not self.pg_name else ''}")
            return urlunsplit(parts._replace(path=f"/{name}"))
        if self.url.startswith("sqlite:///"):
            print(f"Database: {self.url} (kept)")
            return self.url
        if self.url:
            sys.exit("Only SQLite (default) and PostgreSQL are supported.")
        self.tmpdir = tempfile.mkdtemp(prefix="nexus-bench-")
        return f"sqlite:///{self.tmpdir}/bench.sqlite3"

    def __exit__(self, *exc):
        from django.db import connections

        connections.close_all()
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.pg_admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        if self.tmpdir and self.keep:
            print(f"Kept {self.tmpdir}/bench.sqlite3")
        elif self.tmpdir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)


# --- Data -------------------------------------------------------------------------------------


class Words:
    """Technical words and a long tail of filler words, drawn with a Zipf-like skew."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "si", "de", "pa", "qu", "zo"]
        filler = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(9000)})
        everyday = [
            "the", "a", "to", "of", "and", "in", "is", "it", "that", "for", "on", "with", "this",
            "we", "when", "my", "after", "our", "but", "not", "how", "why", "use", "using",
            "used", "runs", "run", "each", "every", "then", "still", "again", "before", "fails",
            "works", "request", "response", "server", "client", "user", "data", "time", "first",
            "new", "change", "page",
        ]  # fmt: skip
        # Technical words spread over ranks 60..3000 of a Zipf (s=1) vocabulary: the most
        # common appear in roughly a tenth of all documents, the rarest in well under 1%.
        rng.shuffle(filler)
        ranks = sorted(rng.sample(range(60, 3000), len(TECH)))
        words = everyday + filler
        for rank, word in zip(ranks, rng.sample(TECH, len(TECH)), strict=True):
            words.insert(rank, word)
        self.words = words
        self.cum = []
        total = 0.0
        for rank in range(len(self.words)):
            total += 1.0 / (rank + 3)
            self.cum.append(total)

    def sentence(self, n: int, cluster: list[str]) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=n)
        for i in self.rng.sample(range(n), n // 8):
            words[i] = self.rng.choice(cluster)
        return " ".join(words)

    def about(self) -> list[str]:
        return [w for c in self.rng.sample(CLUSTERS, self.rng.randint(1, 2)) for w in c]

    def title(self, cluster: list[str]) -> str:
        tech = self.rng.sample(cluster, self.rng.randint(1, 3))
        rest = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(2, 5))
        words = tech + rest
        self.rng.shuffle(words)
        return " ".join(words).capitalize()

    def body(self, cluster: list[str]) -> tuple[str, str]:
        paragraphs = [
            self.sentence(self.rng.randint(20, 45), cluster) for _ in range(self.rng.randint(2, 4))
        ]
        markdown = "\n\n".join(paragraphs)
        html = "".join(f"<p>{p}</p>" for p in paragraphs)
        return markdown, html


def generate(args) -> None:
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from accounts.models import User
    from discussions.models import Challenge, Solution
    from knowledge.models import Category, Page, PageRevision, Topic

    rng = random.Random(args.seed)
    words = Words(rng)
    now = timezone.now()
    batch = 5000
    users = User.objects.bulk_create(
        [User(username=f"bench{n}", email=f"bench{n}@example.org") for n in range(50)]
    )
    category = Category.objects.create(name="Bench", slug="bench")
    topics = Topic.objects.bulk_create([Topic(name=t, slug=slugify(t)) for t in TOPICS])

    with transaction.atomic():
        for start in range(0, args.pages, batch):
            n_items = min(batch, args.pages - start)
            pages, abouts = [], []
            for n in range(start, start + n_items):
                abouts.append(words.about())
                title = f"{words.title(abouts[-1])} {n}"
                pages.append(Page(title=title, slug=slugify(title)[:190] or f"p{n}",
                                  category=category, created_by=rng.choice(users)))  # fmt: skip
            pages = Page.objects.bulk_create(pages)
            revisions = []
            for page, about in zip(pages, abouts, strict=True):
                body, body_html = words.body(about)
                revisions.append(PageRevision(page=page, number=1, author=page.created_by,
                                              title=page.title, body=body, body_html=body_html,
                                              size=len(body)))  # fmt: skip
            PageRevision.objects.bulk_create(revisions)
            Page.topics.through.objects.bulk_create(
                [Page.topics.through(page_id=p.pk, topic_id=t.pk)
                 for p in pages for t in rng.sample(topics, rng.randint(1, 3))]
            )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE knowledge_page SET current_revision_id = (SELECT r.id FROM "
                "knowledge_pagerevision r WHERE r.page_id = knowledge_page.id AND r.number = 1)"
            )
        for start in range(0, args.challenges, batch):
            challenges = []
            for _ in range(min(batch, args.challenges - start)):
                about = words.about()
                body, body_html = words.body(about)
                challenges.append(Challenge(
                    author=rng.choice(users), title=words.title(about), body=body,
                    body_html=body_html,
                    status=rng.choice(["open", "open", "solved"]),
                    is_held=rng.random() < 0.01,
                    hidden_at=now if rng.random() < 0.01 else None,
                ))  # fmt: skip
            challenges = Challenge.objects.bulk_create(challenges)
            Challenge.topics.through.objects.bulk_create(
                [Challenge.topics.through(challenge_id=c.pk, topic_id=t.pk)
                 for c in challenges for t in rng.sample(topics, rng.randint(1, 3))]
            )  # fmt: skip
        challenge_ids = list(Challenge.objects.values_list("pk", flat=True))
        for start in range(0, args.solutions, batch):
            solutions = []
            for _ in range(min(batch, args.solutions - start)):
                body, body_html = words.body(words.about())
                solutions.append(Solution(challenge_id=rng.choice(challenge_ids),
                                          author=rng.choice(users), body=body,
                                          body_html=body_html))  # fmt: skip
            Solution.objects.bulk_create(solutions)


# --- Timing -----------------------------------------------------------------------------------


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    q = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return f"p50 {q[49]:8.1f}  p95 {q[94]:8.1f}  p99 {q[98]:8.1f}  max {ordered[-1]:8.1f} ms"


def time_search(queries, repeat, *, backend=None, limit=20, auto_prefix=False):
    from search.services import search_documents

    samples: dict[str, list[float]] = {}
    for q in queries:  # warm the caches once, untimed
        results = search_documents(q=q, auto_prefix=auto_prefix)
        results.backend = backend
        results.count()
        results[:limit]
    for _ in range(repeat):
        for q in queries:
            start = time.perf_counter()
            results = search_documents(q=q, auto_prefix=auto_prefix)
            results.backend = backend
            total = results.count()
            hits = results[:limit]
            samples.setdefault(q, []).append((time.perf_counter() - start) * 1000)
            assert total >= len(hits)
    return samples


def report(name, samples):
    flat = [s for values in samples.values() for s in values]
    print(f"  {name:<34} {percentiles(flat)}  ({len(flat)} runs)")


def time_similar(titles, repeat):
    """Before you ask: similar challenges and wiki pages for a challenge title."""
    from search.services import similar_to_text

    samples: dict[str, list[float]] = {}
    for title in titles:
        similar_to_text(title)
    for _ in range(repeat):
        for title in titles:
            start = time.perf_counter()
            similar_to_text(title)
            samples.setdefault(title, []).append((time.perf_counter() - start) * 1000)
    return samples


def main():
    args = parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ.setdefault("TASK_BACKEND", "immediate")
    scratch = Scratch(keep=args.keep, reuse=args.reuse)
    with scratch as url:
        os.environ["DATABASE_URL"] = url
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from discussions.models import Challenge
        from search.backends import ScanBackend
        from search.indexing import rebuild_index
        from search.models import SearchDocument

        print(f"Engine: {connection.vendor} ({connection.display_name})")
        t0 = time.perf_counter()
        call_command("migrate", verbosity=0)
        t1 = time.perf_counter()
        if not (args.reuse and Challenge.objects.exists()):
            generate(args)
        t2 = time.perf_counter()
        if args.reuse and SearchDocument.objects.exists():
            total = SearchDocument.objects.count()
        else:
            total = rebuild_index(batch_size=5000)
        t3 = time.perf_counter()
        print(f"Data: {args.pages} pages, {args.challenges} challenges, {args.solutions} "
              f"solutions -> {total} documents "
              f"({SearchDocument.objects.filter(visibility='public').count()} public)")  # fmt: skip
        print(f"Setup: migrate {t1 - t0:.1f}s, generate {t2 - t1:.1f}s, index {t3 - t2:.1f}s")
        print()
        rng = random.Random(args.seed)
        last = Challenge.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ids = rng.sample(range(1, last + 1), min(12, last))
        titles = list(Challenge.objects.filter(pk__in=ids).values_list("title", flat=True))
        engine = time_search(QUERIES, args.repeat)
        suggest = time_search(SUGGEST_QUERIES, args.repeat, limit=5, auto_prefix=True)
        similar = time_similar(titles, max(1, args.repeat // 3))
        scan = time_search(QUERIES, args.baseline_repeat, backend=ScanBackend())
        print(f"{connection.vendor}, milliseconds per request (single user, warm cache):")
        report("search page (count + first 20)", engine)
        report("header suggestions (top 5, prefix)", suggest)
        report("similar challenges + pages", similar)
        report("baseline: icontains scan, page", scan)
        print()
        print("Per query: engine p95, scan p50 (ms), matches (capped count):")
        from search.services import search_documents

        for q in QUERIES:
            e95 = statistics.quantiles(engine[q], n=100, method="inclusive")[94]
            s50 = statistics.median(scan[q])
            results = search_documents(q=q)
            n = f"{'>' if results.capped else ''}{results.count()}"
            print(f"  {q:<34} {e95:8.1f}  {s50:9.1f}  {n:>7} matches")


if __name__ == "__main__":
    main()
