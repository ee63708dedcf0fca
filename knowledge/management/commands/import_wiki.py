from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from knowledge.markdown_files import import_pages


class Command(BaseCommand):
    help = (
        "Read DIR's markdown files (as written by export_wiki) back into the wiki: new pages are "
        "created, changed ones get a new revision, unchanged ones are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--author",
            help="Username the revisions are recorded under (default: the first superuser).",
        )

    def handle(self, *args, directory, author=None, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        if author:
            user = User.objects.filter(username=author).first()
            if user is None:
                raise CommandError(f"No user called {author!r}.")
        else:
            user = User.objects.filter(is_superuser=True).order_by("pk").first()
            if user is None:
                raise CommandError("No superuser to record the import under: pass --author.")
        try:
            report = import_pages(directory, author=user)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {len(report.created)}, updated {len(report.updated)}, "
                f"unchanged {len(report.unchanged)}."
            )
        )
