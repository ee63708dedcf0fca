from django.core.management.base import BaseCommand

from hub import demo
from hub.demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo accounts, wiki pages and challenges. Safe to run again."

    def handle(self, *args, **options):
        accounts = demo.seed()
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Log in with:"))
        for username, role in accounts.roles.items():
            self.stdout.write(f"  {role:<17} username {username:<6} password {DEMO_PASSWORD}")
        self.stdout.write("Open http://127.0.0.1:8000/")
