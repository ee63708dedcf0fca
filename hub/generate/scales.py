"""How much of everything each scale makes."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    learners: int
    pages: int
    revisions: int  # in all, spread over the pages (at least one each)
    challenges: int
    solutions: int
    comments: int
    notifications: int
    batch: int = 2000


SCALES = {
    # The query-budget tests' data: seconds to make.
    "tiny": Scale(learners=30, pages=60, revisions=150, challenges=40, solutions=120,
                  comments=400, notifications=100, batch=500),
    "small": Scale(learners=1_000, pages=5_000, revisions=50_000, challenges=5_000,
                   solutions=20_000, comments=100_000, notifications=10_000),
    "medium": Scale(learners=5_000, pages=25_000, revisions=250_000, challenges=25_000,
                    solutions=100_000, comments=500_000, notifications=50_000),
    "full": Scale(learners=20_000, pages=100_000, revisions=1_000_000, challenges=100_000,
                  solutions=400_000, comments=2_000_000, notifications=200_000),
}  # fmt: skip

# Every scale also has one big challenge: 50 solutions with 20 comments each.
BIG_SOLUTIONS = 50
BIG_COMMENTS = 20
BIG_TITLE = "Bench: a challenge with fifty solutions"
BENCH_USERNAME = "benchlearner"
BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 (the generated bench account, local only)
