"""`manage.py recompute_reputation`: the stored totals equal the events, drift is reported and
fixed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from discussions import services as discussions
from reputation.models import Standing
from tests.factories import SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_recompute_matches_stored_then_reports_and_fixes_drift(asker, solution, helper):
    for _ in range(3):
        discussions.solution_vote(solution=solution, user=UserFactory())
    discussions.solution_accept(solution=solution, user=asker)
    out = StringIO()
    call_command("recompute_reputation", stdout=out)
    assert "Every stored total matches its events." in out.getvalue()

    Standing.objects.filter(user=helper).update(reputation=7, accepted_count=0)
    out = StringIO()
    with pytest.raises(CommandError, match="1 learner\\(s\\) drifted"):
        call_command("recompute_reputation", stdout=out)
    assert f"user {helper.pk}: stored 7 (accepted 0), events say 45 (accepted 1)" in out.getvalue()
    call_command("recompute_reputation", "--fix", stdout=StringIO())
    standing = Standing.objects.get(user=helper)
    assert (standing.reputation, standing.accepted_count) == (45, 1)


def test_levels_move_on_with_days_since_joining(settings):
    from datetime import timedelta

    from django.utils import timezone

    learner = UserFactory(date_joined=timezone.now() - timedelta(days=1))
    discussions.solution_vote(solution=SolutionFactory(author=learner), user=UserFactory())
    settings.NEXUS_TRUST_THRESHOLDS = {
        **settings.NEXUS_TRUST_THRESHOLDS,
        "member": {"reputation": 10, "accepted": 0, "days": 3},
    }
    assert Standing.objects.get(user=learner).level == "basic"
    type(learner).objects.filter(pk=learner.pk).update(
        date_joined=timezone.now() - timedelta(days=5)
    )
    call_command("recompute_reputation", stdout=StringIO())
    assert Standing.objects.get(user=learner).level == "member"
