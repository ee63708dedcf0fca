"""A generated hub at a chosen scale, for benchmarks and scale tests (see bench/README.md)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from hub.generate.scales import BENCH_PASSWORD, BENCH_USERNAME, SCALES


class Command(BaseCommand):
    help = (
        "Fill the database with a generated hub: learners, pages with revisions, challenges, "
        "solutions, comments, votes, flags, notifications. For an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--no-index", action="store_true", help="skip building the search index"
        )
        parser.add_argument(
            "--force", action="store_true", help="add to a database that already has content"
        )

    def handle(self, *args, **options):
        # With DEBUG on (the README's command), Django keeps the last 9,000 statements' SQL:
        # bulk inserts of thousands of markdown bodies each made that gigabytes at full scale.
        with override_settings(DEBUG=False):
            self._generate(**options)

    def _generate(self, *, scale, seed, no_index, force, **options):
        from discussions.models import Challenge
        from hub.generate.build import Builder

        if Challenge.objects.exists() and not force:
            raise CommandError("The database already has challenges: use an empty one (--force).")
        started = time.perf_counter()
        self.stdout.write(f"Generating the {scale} hub:")
        builder = Builder(SCALES[scale], seed=seed, out=self.stdout.write)
        builder.run()
        if not no_index:
            from search.indexing import rebuild_index

            t = time.perf_counter()
            rebuild_index(stdout=self.stdout)
            self.stdout.write(f"  search index: {time.perf_counter() - t:.1f} s")
        # Fresh statistics, as a live database has: without them SQLite's planner takes the
        # index on hidden_at (all NULL) for a selective one and sorts whole tables.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {time.perf_counter() - started:.0f} s. The big challenge is "
                f"/challenges/{builder.big_challenge_id}/; log in as {BENCH_USERNAME} "
                f"(password {BENCH_PASSWORD})."
            )
        )
