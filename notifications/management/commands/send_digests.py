"""Send the daily digest email to learners who chose "a daily digest".

Run it once a day from cron or a scheduler, for example:

    0 7 * * *  cd /srv/nexus && .venv/bin/python manage.py send_digests

Each learner with digest email and notifications not yet emailed gets one email listing them
(newest first, up to 50), with a one-click unsubscribe link. Its notifications are claimed first,
then sent, then marked emailed (notifications.delivery), so running it twice sends nothing twice
and a failed digest is tried again next run. `--dry-run` only reports who would get one.
It also retries immediate emails that failed or that a stopped worker left behind: run it more
often than daily (every 15 minutes, say) if those should not wait for the next digest run.
"""

from functools import partial

from django.core.management.base import BaseCommand

from accounts.models import EmailPreference, User
from notifications import delivery, emails
from notifications.models import Notification

DIGEST_LIMIT = 50


class Command(BaseCommand):
    help = (
        "Email each digest subscriber one summary of their notifications not yet emailed, and "
        "retry immediate emails that failed or were left behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report, send nothing.")

    def handle(self, *args, dry_run=False, **options):
        pending = Notification.objects.filter(
            delivery.claimable(),
            recipient__profile__email_notifications=EmailPreference.DIGEST,
            recipient__is_active=True,
        )
        user_ids = pending.values_list("recipient_id", flat=True).distinct().order_by()
        done: list[bool] = []
        for user in User.objects.filter(pk__in=list(user_ids)).select_related("profile"):
            ids = list(pending.filter(recipient=user).values_list("pk", flat=True))
            if dry_run:
                self.stdout.write(f"{user.username}: {len(ids)} notification(s)")
                continue
            # Claimed first (only this run sends them), marked sent once the email went.
            claimed = delivery.claim(ids)
            if not claimed:
                continue
            delivery.send_claimed(claimed, partial(self._send, user), done)
        sent, failed = done.count(True), done.count(False)
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} digest email(s)."))
        if failed:
            self.stdout.write(self.style.WARNING(f"{failed} digest(s) failed; retried next run."))
        if not dry_run:
            resent, waiting = delivery.retry_immediate()
            if resent or waiting:
                self.stdout.write(f"Retried immediate emails: {resent} sent, {waiting} waiting.")

    @staticmethod
    def _send(user, rows) -> None:
        newest = sorted(rows, key=lambda n: (n.created_at, n.pk), reverse=True)[:DIGEST_LIMIT]
        emails.send_digest(user, newest)
