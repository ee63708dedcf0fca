"""`make run` delivers what production delivers: it starts the task worker beside the web server,
and that worker turns queued events into notifications and e-mails (issue: before, `make run`
started no worker and solutions, comments and mentions sat queued for ever)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from accounts.models import EmailPreference
from discussions import services
from notifications.models import Notification
from tests.factories import ChallengeFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


def _run_recipe() -> str:
    out = subprocess.run(
        ["make", "-n", "run", "PYTHON=python3"], cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout


def test_make_run_starts_the_task_worker_beside_the_web_server():
    recipe = _run_recipe()

    assert re.search(r"manage\.py db_worker --queue-name '\*'", recipe)
    assert "manage.py runserver" in recipe
    # The worker runs in the background and is stopped with the server.
    assert recipe.index("db_worker") < recipe.index("runserver")
    assert "trap" in recipe


@pytest.mark.django_db(transaction=True)  # the worker reads what was committed, as in production
def test_the_worker_make_run_starts_delivers_notifications_and_email(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    author = UserFactory(username="poster")
    author.profile.email_notifications = EmailPreference.IMMEDIATE
    author.profile.save()
    challenge = ChallengeFactory(author=author, title="Workers never start")
    helper = UserFactory(username="helper", approved_posts=5)

    services.solution_create(challenge=challenge, author=helper, body="Use --app.")
    assert not Notification.objects.filter(recipient=author).exists()  # queued, not delivered

    # The fan-out, then the e-mail it queues: the worker as make run starts it, until idle.
    for _ in range(3):
        call_command("db_worker", "--queue-name", "*", "--batch", "--no-startup-delay")

    notification = Notification.objects.get(recipient=author)
    assert "Workers never start" in notification.text
    assert [m.to for m in mail.outbox] == [[author.email]]
