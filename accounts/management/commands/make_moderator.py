from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import moderator_grant, moderator_revoke


class Command(BaseCommand):
    help = "Make a user a moderator (or, with --remove, take the role away)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--remove", action="store_true", help="Remove the moderator role.")

    def handle(self, username, remove=False, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user called {username!r}.") from None
        if remove:
            moderator_revoke(user=user)
            self.stdout.write(f"{username} is no longer a moderator.")
        else:
            moderator_grant(user=user)
            self.stdout.write(self.style.SUCCESS(f"{username} is now a moderator."))
