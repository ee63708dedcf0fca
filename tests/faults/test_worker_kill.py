"""The task worker (`manage.py db_worker`) stopped, then killed mid-batch of notification
e-mails, on a private PostgreSQL; e-mail goes to files (one per message) so the test counts
what really went out.

- Stopped (SIGTERM): it finishes the batch it is sending, then exits; every e-mail went once.
- Killed (SIGKILL) mid-batch: the e-mails sent so far stay sent, the rest of the batch stays
  claimed ("sending": the task claims its batch before sending). A restarted worker does not
  run the dead task again (it stays RUNNING), so the sweeper (`manage.py send_digests`, run
  every 15 minutes by cron; docs/operations.md) sends what is left once the claims are stale:
  every e-mail goes, none is lost, and at most the one in flight at the kill goes twice.
"""

from __future__ import annotations

import email
import signal
from collections import Counter

import psycopg
import pytest

from tests.faults import servers

BATCH = 12


@pytest.fixture
def env(migrated_database, tmp_path):
    return servers.site_env(
        migrated_database,
        NEXUS_FAULTS_MAIL_DIR=str(tmp_path / "mail"),
        NEXUS_FAULTS_MAIL_DELAY="0.25",
    )


def _recipients(mail_dir) -> Counter:
    return Counter(
        email.message_from_bytes(path.read_bytes())["To"] for path in mail_dir.glob("*.eml")
    )


def _enqueue_batch(env, prefix: str) -> None:
    """BATCH learners who want one e-mail per notification, and one notification each: one
    send_notification_emails task for the batch, queued when the transaction commits."""
    servers.django_script(
        env,
        "from accounts.models import EmailPreference, User\n"
        "from notifications.models import Kind\n"
        "from notifications.services import Recipient, notifications_create\n"
        "users = []\n"
        f"for i in range({BATCH}):\n"
        f"    u = User.objects.create_user(f'{prefix}{{i}}', f'{prefix}{{i}}@example.org')\n"
        "    u.profile.email_notifications = EmailPreference.IMMEDIATE\n"
        "    u.profile.save()\n"
        "    users.append(u)\n"
        "notifications_create(recipients=[Recipient(u.pk, Kind.MENTION, f'Hello {u.username}',"
        " '/wiki/') for u in users])\n",
    )


def _sql(env, statement: str, params=()) -> list[tuple]:
    with psycopg.connect(env["DATABASE_URL"], autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _states(env, prefix: str) -> dict:
    rows = _sql(
        env,
        "SELECT n.email_state, count(*) FROM notifications_notification n "
        "JOIN accounts_user u ON u.id = n.recipient_id WHERE u.username LIKE %s "
        "GROUP BY n.email_state",
        (prefix + "%",),
    )
    return dict(rows)


def _addresses(prefix: str) -> set[str]:
    return {f"{prefix}{i}@example.org" for i in range(BATCH)}


def _of(counter: Counter, prefix: str) -> Counter:
    return Counter({to: n for to, n in counter.items() if to.startswith(prefix)})


def test_worker_stopped_then_killed_mid_batch_loses_no_email(env, tmp_path):
    mail = tmp_path / "mail"
    worker = servers.Worker(env, tmp_path / "worker.log")
    try:
        # 1. Stopped with SIGTERM a few e-mails into a batch: it finishes the batch, exits 0.
        _enqueue_batch(env, "stop")
        worker.start()
        servers.wait_until(lambda: sum(_recipients(mail).values()) >= 3, 60, "3 e-mails")
        assert worker.signal(signal.SIGTERM) == 0
        sent = _of(_recipients(mail), "stop")
        assert set(sent) == _addresses("stop") and set(sent.values()) == {1}, sent
        assert _states(env, "stop") == {"sent": BATCH}

        # 2. Killed with SIGKILL a few e-mails into the next batch: the rest wait.
        _enqueue_batch(env, "kill")
        worker.start()
        servers.wait_until(lambda: len(_of(_recipients(mail), "kill")) >= 3, 60, "3 e-mails")
        assert worker.signal(signal.SIGKILL) == -signal.SIGKILL
        before = _of(_recipients(mail), "kill")
        assert 3 <= len(before) < BATCH, before
        states = _states(env, "kill")
        # The batch was claimed before sending: what was not marked sent stays claimed.
        assert states.get("sending", 0) >= BATCH - len(before), states
        assert sum(states.values()) == BATCH and set(states) <= {"sent", "sending"}, states

        # 3. A restarted worker runs new work but not the dead task; the sweeper, once the
        #    claims are stale (15 minutes: the clock is moved back rather than waited for),
        #    sends every e-mail that was left.
        worker.start()
        _sql(
            env,
            "UPDATE notifications_notification SET created_at = created_at - interval '20 min', "
            "email_claimed_at = email_claimed_at - interval '20 min' WHERE recipient_id IN "
            "(SELECT id FROM accounts_user WHERE username LIKE 'kill%%')",
        )
        servers.manage(env, "send_digests")
        after = _of(_recipients(mail), "kill")
        assert set(after) == _addresses("kill"), after  # none lost
        duplicates = {to: n for to, n in after.items() if n > 1}
        assert len(duplicates) <= 1 and set(duplicates.values()) <= {2}, duplicates
        assert _states(env, "kill") == {"sent": BATCH}
        # The first batch was not sent again by any of this.
        assert set(_of(_recipients(mail), "stop").values()) == {1}
    finally:
        worker.stop_if_running()
