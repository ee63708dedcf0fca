"""Flags racing the auto-hide threshold (PostgreSQL: real row locks, real races)."""

from moderation import services
from moderation.models import FlagReason, LogAction, ModerationLogEntry
from tests.concurrency import at_once, needs_postgres
from tests.factories import SolutionFactory, UserFactory

pytestmark = needs_postgres


def _flag(target, flagger):
    return services.flag_create(flagger=flagger, target=target, reason=FlagReason.SPAM, note="")


def test_ten_flags_at_once_hide_the_item_once_with_one_log_entry(settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    solution = SolutionFactory()
    flaggers = [UserFactory(username=f"flagger{i}") for i in range(10)]

    results = at_once(lambda i: _flag(solution, flaggers[i]), 10)

    assert [r for r in results if isinstance(r, Exception)] == []
    solution.refresh_from_db()
    assert solution.hidden_at is not None
    assert ModerationLogEntry.objects.filter(action=LogAction.AUTO_HIDE).count() == 1


def test_the_flags_that_reach_the_threshold_together_still_hide_the_item(settings):
    # One flag already there, two more at once: each flagger alone sees only two flags unless
    # the count waits for the other's commit.
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    targets = [SolutionFactory() for _ in range(5)]
    for target in targets:
        _flag(target, UserFactory())
    flaggers = [UserFactory(username=f"pair{i}") for i in range(10)]

    results = at_once(lambda i: _flag(targets[i // 2], flaggers[i]), 10)

    assert [r for r in results if isinstance(r, Exception)] == []
    for target in targets:
        target.refresh_from_db()
        assert target.hidden_at is not None
    assert ModerationLogEntry.objects.filter(action=LogAction.AUTO_HIDE).count() == 5
