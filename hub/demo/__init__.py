"""Demo content for a fresh install (`manage.py seed_demo`): people, wiki pages, challenges with
their solutions, comments and votes, and a few flags. The content is data, in this folder:
people.toml, topics.toml, wiki/*.md (read by the same importer as `manage.py import_wiki`),
challenges.toml and flags.toml. Each loader goes through the apps' own services and is
idempotent: what already exists is left as it is."""

from django.db import transaction

from hub.demo import challenges, flags, pages
from hub.demo.people import DemoAccounts, date_accounts, demo_accounts


@transaction.atomic
def seed() -> DemoAccounts:
    """Load whatever demo content is missing, in order: challenges link to wiki pages, flags go
    on challenges and solutions."""
    accounts = demo_accounts()
    pages.seed(accounts)
    challenges.seed(accounts)
    flags.seed(accounts)
    date_accounts(accounts)
    return accounts
