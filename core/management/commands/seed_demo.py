from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from core.demo import DEMO_PASSWORD, demo_accounts

# Each app that has demo content exposes `<app>.demo.seed(accounts)`, idempotent, in this order
# (challenges link to wiki pages; notifications follow the posts).
DEMO_MODULES = ["knowledge.demo", "discussions.demo", "moderation.demo"]


class Command(BaseCommand):
    help = "Load the demo accounts, wiki pages and challenges. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = demo_accounts()
            for name in DEMO_MODULES:
                try:
                    module = import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                module.seed(accounts)
        self.stdout.write(self.style.SUCCESS("Demo content is ready. Log in with:"))
        rows = [
            ("backend learner", accounts.backend.username),
            ("frontend learner", accounts.frontend.username),
            ("moderator", accounts.moderator.username),
        ]
        for role, username in rows:
            self.stdout.write(f"  {role:<17} username {username:<6} password {DEMO_PASSWORD}")
        self.stdout.write("Open http://127.0.0.1:8000/")
