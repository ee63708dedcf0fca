from django.core.management.base import BaseCommand

from search.indexing import rebuild_index


class Command(BaseCommand):
    help = "Empty the search index and build it again from every page, challenge and solution."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size, **options):
        total = rebuild_index(batch_size=batch_size, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Search index rebuilt: {total} documents."))
