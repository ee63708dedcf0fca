"""Demo profiles joined before their own posts (issue 12, defect 7)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Min

from accounts.models import User
from discussions.models import Challenge, Comment, Solution
from knowledge.models import PageRevision

pytestmark = pytest.mark.django_db


def test_every_demo_account_joined_before_its_first_post():
    call_command("seed_demo", stdout=StringIO())
    for user in User.objects.all():
        firsts = [
            model.objects.filter(author=user).aggregate(at=Min("created_at"))["at"]
            for model in (Challenge, Solution, Comment, PageRevision)
        ]
        firsts = [at for at in firsts if at is not None]
        if firsts:
            assert user.date_joined < min(firsts), user.username
