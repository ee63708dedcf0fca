"""Issue 11, finding 6: three throwaway accounts must not take a page down. A flag counts toward
the automatic hide by its flagger's trust level: new 0 (it still reaches the moderators' queue),
basic and member 1, regular and leader 2."""

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation import services
from moderation.models import Flag, FlagReason
from moderation.queue import queue_size
from reputation.models import Standing
from tests.factories import SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _brand_new():
    """A fresh sign-up: no approved posts, joined a minute ago."""
    return UserFactory(approved_posts=0, date_joined=timezone.now() - timedelta(minutes=1))


def _flag(target, flagger):
    services.flag_create(flagger=flagger, target=target, reason=FlagReason.SPAM)


def test_three_brand_new_accounts_do_not_hide_a_solution(settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    solution = SolutionFactory()
    for _ in range(3):
        _flag(solution, _brand_new())
    solution.refresh_from_db()
    assert solution.hidden_at is None
    # The moderators still see every flag.
    assert Flag.objects.open().count() == 3
    assert queue_size() >= 1


def test_three_established_learners_still_hide_it(settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    solution = SolutionFactory()
    for _ in range(3):
        _flag(solution, UserFactory())  # approved posts: trust level basic
    solution.refresh_from_db()
    assert solution.hidden_at is not None


def test_a_regular_learners_flag_counts_double(settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    solution = SolutionFactory()
    regular = UserFactory()
    Standing.objects.create(user=regular, level="regular", level_locked=True)
    _flag(solution, regular)
    solution.refresh_from_db()
    assert solution.hidden_at is None
    _flag(solution, UserFactory())
    solution.refresh_from_db()
    assert solution.hidden_at is not None
