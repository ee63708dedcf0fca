from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.permissions import MODERATORS_GROUP


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
        group = Group.objects.get(name=MODERATORS_GROUP)
        if remove:
            user.groups.remove(group)
            user.is_staff = user.is_superuser
            user.save(update_fields=["is_staff"])
            self.stdout.write(f"{username} is no longer a moderator.")
        else:
            user.groups.add(group)
            user.is_staff = True  # moderators use the Django admin too
            user.save(update_fields=["is_staff"])
            self.stdout.write(self.style.SUCCESS(f"{username} is now a moderator."))
