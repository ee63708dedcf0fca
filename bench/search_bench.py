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
import statistics
import sys
import time
from pathlib import Path

from searchbench.data import generate
from searchbench.scratch import Scratch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
SUGGEST_QUERIES = [
    "cel",
    "celery re",
    "celery ret",
    "redis ca",
    "redis cac",
    "docker comp",
    "migra",
    "rate lim",
]


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
        print(
            f"Data: {args.pages} pages, {args.challenges} challenges, {args.solutions} "
            f"solutions -> {total} documents "
            f"({SearchDocument.objects.filter(visibility='public').count()} public)"
        )
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
