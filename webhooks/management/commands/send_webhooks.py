from django.core.management.base import BaseCommand

from webhooks.services import deliveries_send_due


class Command(BaseCommand):
    help = (
        "Send webhook deliveries that are due: retries the task backend could not schedule "
        "(TASK_BACKEND=immediate) and deliveries whose worker died. Run it every minute or so."
    )

    def handle(self, *args, **options):
        sent = deliveries_send_due()
        self.stdout.write(f"{sent} deliver{'y' if sent == 1 else 'ies'} attempted.")
