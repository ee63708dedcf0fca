from pathlib import Path

from django.core.management.base import BaseCommand

from knowledge.markdown_files import export_pages


class Command(BaseCommand):
    help = "Write every wiki page's current text to DIR as markdown files with front matter."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        count = export_pages(directory)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} page(s) to {directory}."))
