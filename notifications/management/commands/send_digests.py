"""Send the daily digest email to learners who chose "a daily digest".

Run it once a day from cron or a scheduler, for example:

    0 7 * * *  cd /srv/nexus && .venv/bin/python manage.py send_digests

Each learner with digest email and notifications not yet emailed gets one email listing them
(newest first, up to 50), with a one-click unsubscribe link; those notifications are then marked
emailed, so running it twice sends nothing twice. `--dry-run` only reports who would get one.
Each email goes once its rows are marked emailed and committed (as every email here does).
"""

from functools import partial

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.models import EmailPreference, User
from notifications import emails
from notifications.models import EmailState, Notification

DIGEST_LIMIT = 50


class Command(BaseCommand):
    help = "Email each digest subscriber one summary of their notifications not yet emailed."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report, send nothing.")

    def handle(self, *args, dry_run=False, **options):
        pending = Notification.objects.filter(
            email_state=EmailState.PENDING,
            recipient__profile__email_notifications=EmailPreference.DIGEST,
            recipient__is_active=True,
        )
        user_ids = pending.values_list("recipient_id", flat=True).distinct().order_by()
        sent = []
        for user in User.objects.filter(pk__in=list(user_ids)).select_related("profile"):
            with transaction.atomic():
                rows = list(
                    pending.select_for_update(of=("self",))
                    .filter(recipient=user)
                    .order_by("-created_at")[:DIGEST_LIMIT]
                )
                if not rows or dry_run:
                    self.stdout.write(f"{user.username}: {len(rows)} notification(s)")
                    continue
                Notification.objects.filter(recipient=user, email_state=EmailState.PENDING).update(
                    email_state=EmailState.SENT, emailed_at=timezone.now()
                )
                transaction.on_commit(partial(self._send, user, rows, sent))
        self.stdout.write(self.style.SUCCESS(f"Sent {len(sent)} digest email(s)."))

    @staticmethod
    def _send(user, rows, sent: list) -> None:
        if emails.send_digest(user, rows):
            sent.append(user.pk)
