"""PostgreSQL: index dotted names and paths word by word, as SQLite's FTS5 does.

PostgreSQL's parser reads `django.core.cache.backends.redis.RedisCache` as one host-name
token and `/usr/local/bin/celery` as one file token, so neither `redis` nor `celery` found
them, while FTS5's unicode61 tokenizer splits them into words and the query parser
(search/query.py) always asks for words. The stored vectors now split such tokens first: a
`.`, `/`, `\\`, `:` or `@` between two word characters becomes a space. Snippets still come
from the original text. SQLite needs nothing new.
"""

from django.db import migrations

SPLIT = r"regexp_replace(coalesce({column}, ''), '(?<=\w)[./\\:@](?=\w)', ' ', 'g')"
PLAIN = "coalesce({column}, '')"


def _columns(text):
    title, body = text.format(column="title"), text.format(column="body")
    return [
        "DROP INDEX IF EXISTS search_doc_vector_gin",
        "DROP INDEX IF EXISTS search_doc_title_gin",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
        "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_vector",
        f"""ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (
                setweight(to_tsvector('english'::regconfig, {title}), 'A')
                || setweight(to_tsvector('english'::regconfig, {body}), 'B')
            ) STORED""",
        f"""ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
            GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {title})) STORED""",
        "CREATE INDEX search_doc_vector_gin ON search_searchdocument USING gin (search_vector)",
        "CREATE INDEX search_doc_title_gin ON search_searchdocument USING gin (title_vector)",
    ]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_bounded_ranking")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": _columns(SPLIT)}),
            _run({"postgresql": _columns(PLAIN)}),
        ),
    ]
