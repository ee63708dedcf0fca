"""Demo content for a fresh install (`manage.py seed_demo`): people, wiki pages, challenges with
their solutions, comments and votes, a few flags, and two portfolios. The content is data, in
this folder: people.toml, topics.toml, wiki/*.md (read by the same importer as
`manage.py import_wiki`), challenges.toml, flags.toml and readmes/*.md (read by the portfolio
importer). Each loader goes through the apps' own services and is idempotent: what already
exists is left as it is."""

from django.db import transaction

from hub.demo import challenges, flags, pages, portfolios
from hub.demo.people import DemoAccounts, date_accounts, demo_accounts


@transaction.atomic
def seed() -> DemoAccounts:
    """Load whatever demo content is missing, in order: challenges link to wiki pages, flags go
    on challenges and solutions."""
    accounts = demo_accounts()
    pages.seed(accounts)
    challenges.seed(accounts)
    flags.seed(accounts)
    portfolios.seed(accounts)
    date_accounts(accounts)
    return accounts
