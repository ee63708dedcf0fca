"""Structures for bounded ranking (see search/backends.py).

PostgreSQL: a stored tsvector of the title alone with its own GIN index: title matches are
the best candidates, found without reading any body, and "similar challenges" compares
titles only. SQLite needs nothing new: FTS5 restricts a match to the title column itself.
"""

from django.db import migrations

POSTGRES_FORWARD = [
    """ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(title, ''))) STORED""",
    "CREATE INDEX search_doc_title_gin ON search_searchdocument USING gin (title_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_title_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_index")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD}),
        ),
    ]
