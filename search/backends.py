"""Two engines, one contract: `Backend.search(...)` returns ranked hits with highlights.

SQLite: FTS5 (bm25 with the title weighted, snippet() and highlight()).
PostgreSQL: the stored tsvector column (SearchRank, SearchHeadline from django.contrib.postgres;
the app itself need not be installed). Anything else: a plain icontains scan.

Highlights come back wrapped in MARK_START/MARK_END, two control characters the indexer strips
from every document, so search/highlight.py can escape the text and only then add <mark>.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from search.models import SearchDocument
from search.query import ParsedQuery

MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"
SNIPPET_WORDS = 24
TITLE_WEIGHT = 10.0  # SQLite bm25 column weight; PostgreSQL uses weights A (1.0) and B (0.4)


@dataclass(frozen=True)
class Filters:
    visibilities: tuple[str, ...] | None = (SearchDocument.Visibility.PUBLIC,)
    kinds: tuple[str, ...] | None = None
    topic_id: int | None = None
    exclude: tuple[tuple[str, int], ...] = ()


@dataclass
class RawHit:
    id: int
    kind: str
    object_id: int
    url: str
    updated_at: datetime
    visibility: str
    title: str  # with markers
    snippet: str  # with markers
    score: float


class Backend:
    def count(self, query: ParsedQuery, filters: Filters, *, match_any=False) -> int:
        raise NotImplementedError

    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, match_any=False
    ) -> list[RawHit]:
        raise NotImplementedError


def _where(filters: Filters, alias: str = "d") -> tuple[list[str], list]:
    clauses, params = [], []
    if filters.visibilities is not None:
        clauses.append(f"{alias}.visibility IN ({', '.join(['%s'] * len(filters.visibilities))})")
        params += list(filters.visibilities)
    if filters.kinds is not None:
        clauses.append(f"{alias}.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params += list(filters.kinds)
    if filters.topic_id is not None:
        clauses.append(
            f"EXISTS (SELECT 1 FROM search_searchdocument_topics t "
            f"WHERE t.searchdocument_id = {alias}.id AND t.topic_id = %s)"
        )
        params.append(filters.topic_id)
    for kind, object_id in filters.exclude:
        clauses.append(f"NOT ({alias}.kind = %s AND {alias}.object_id = %s)")
        params += [kind, object_id]
    return clauses, params


class SqliteBackend(Backend):
    # The full-text match must drive every query: joined naively, SQLite would walk the
    # document table and run the match once per document. So hidden content is excluded by
    # an anti-join against the (few, indexed) non-public ids, and the document table is only
    # joined, in a fixed CROSS JOIN order, when a kind, topic or exclusion filter needs it.

    def _match(self, query, filters, match_any):
        clauses = ["search_fts MATCH %s"]
        params: list = [query.to_fts5(match_any=match_any)]
        if filters.visibilities is not None:
            others = [v for v in SearchDocument.Visibility.values if v not in filters.visibilities]
            if others:
                clauses.append(
                    "search_fts.rowid NOT IN (SELECT id FROM search_searchdocument "
                    f"WHERE visibility IN ({', '.join(['%s'] * len(others))}))"
                )
                params += others
        join = ""
        rest = Filters(visibilities=None, kinds=filters.kinds, topic_id=filters.topic_id,
                       exclude=filters.exclude)  # fmt: skip
        extra, extra_params = _where(rest)
        if extra:
            join = "CROSS JOIN search_searchdocument d ON d.id = search_fts.rowid"
            clauses += extra
            params += extra_params
        return join, " AND ".join(clauses), params

    def count(self, query, filters, *, match_any=False):
        join, where, params = self._match(query, filters, match_any)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_fts {join} WHERE {where}", params)
            return cursor.fetchone()[0]

    def search(self, query, filters, *, offset, limit, match_any=False):
        join, where, params = self._match(query, filters, match_any)
        # Rank every match cheaply, then build snippets only for the page shown: snippet()
        # in the ranking query would run for every match before the sort.
        sql = f"""
            WITH top AS (
                SELECT search_fts.rowid AS id, bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score
                FROM search_fts {join}
                WHERE {where}
                ORDER BY score LIMIT %s OFFSET %s
            )
            SELECT d.id, d.kind, d.object_id, d.url, d.updated_at, d.visibility,
                   highlight(search_fts, 0, %s, %s),
                   snippet(search_fts, 1, %s, %s, %s, {SNIPPET_WORDS}),
                   top.score
            FROM top
            CROSS JOIN search_fts ON search_fts.rowid = top.id
            CROSS JOIN search_searchdocument d ON d.id = top.id
            WHERE search_fts MATCH %s
            ORDER BY top.score, d.id
        """
        all_params = [
            *params, limit, offset,
            MARK_START, MARK_END, MARK_START, MARK_END, ELLIPSIS,
            query.to_fts5(match_any=match_any),
        ]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(sql, all_params)
            rows = cursor.fetchall()
        field = SearchDocument._meta.get_field("updated_at")
        return [
            RawHit(
                id=r[0], kind=r[1], object_id=r[2], url=r[3],
                updated_at=_to_datetime(field, r[4]), visibility=r[5],
                title=r[6] or "", snippet=r[7] or "", score=-float(r[8]),
            )
            for r in rows
        ]  # fmt: skip


def _to_datetime(field, value):
    if isinstance(value, datetime):
        return value
    converters = connection.ops.get_db_converters(field)
    for converter in converters:
        value = converter(value, field, connection)
    return value


class PostgresBackend(Backend):
    CONFIG = "english"

    def _queryset(self, query, filters, match_any):
        from django.contrib.postgres.search import SearchQuery, SearchVectorField

        ts_query = SearchQuery(
            query.to_tsquery(match_any=match_any), search_type="raw", config=self.CONFIG
        )
        vector = RawSQL(
            '"search_searchdocument"."search_vector"', (), output_field=SearchVectorField()
        )
        qs = SearchDocument.objects.annotate(vector=vector).filter(vector=ts_query)
        if filters.visibilities is not None:
            qs = qs.filter(visibility__in=filters.visibilities)
        if filters.kinds is not None:
            qs = qs.filter(kind__in=filters.kinds)
        if filters.topic_id is not None:
            qs = qs.filter(topics=filters.topic_id)
        for kind, object_id in filters.exclude:
            qs = qs.exclude(kind=kind, object_id=object_id)
        return qs, ts_query

    def count(self, query, filters, *, match_any=False):
        qs, _ = self._queryset(query, filters, match_any)
        return qs.count()

    def search(self, query, filters, *, offset, limit, match_any=False):
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        qs, ts_query = self._queryset(query, filters, match_any)
        ranked = list(
            qs.annotate(score=SearchRank(F("vector"), ts_query))
            .order_by("-score", "id")
            .values_list("id", "score")[offset : offset + limit]
        )
        if not ranked:
            return []
        scores = dict(ranked)
        # Headlines parse the whole text, so they are made for the shown page only.
        headline = {"start_sel": MARK_START, "stop_sel": MARK_END, "config": self.CONFIG}
        docs = SearchDocument.objects.filter(pk__in=scores).annotate(
            title_hl=SearchHeadline("title", ts_query, highlight_all=True, **headline),
            snippet_hl=SearchHeadline(
                "body", ts_query, max_words=SNIPPET_WORDS, min_words=10, max_fragments=2,
                fragment_delimiter=f" {ELLIPSIS} ", **headline,
            ),
        )  # fmt: skip
        hits = [
            RawHit(
                id=d.pk, kind=d.kind, object_id=d.object_id, url=d.url,
                updated_at=d.updated_at, visibility=d.visibility,
                title=d.title_hl or d.title, snippet=d.snippet_hl or "", score=scores[d.pk],
            )
            for d in docs
        ]  # fmt: skip
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits


class ScanBackend(Backend):
    """No full-text engine: every word must appear in the title or body. Also the benchmark's
    naive baseline."""

    def _queryset(self, query, filters):
        qs = SearchDocument.objects.all()
        for word in query.words:
            qs = qs.filter(Q(title__icontains=word) | Q(body__icontains=word))
        if filters.visibilities is not None:
            qs = qs.filter(visibility__in=filters.visibilities)
        if filters.kinds is not None:
            qs = qs.filter(kind__in=filters.kinds)
        if filters.topic_id is not None:
            qs = qs.filter(topics=filters.topic_id)
        for kind, object_id in filters.exclude:
            qs = qs.exclude(kind=kind, object_id=object_id)
        return qs

    def count(self, query, filters, *, match_any=False):
        return self._queryset(query, filters).count()

    def search(self, query, filters, *, offset, limit, match_any=False):
        docs = self._queryset(query, filters).order_by("-updated_at", "id")[offset : offset + limit]
        return [
            RawHit(
                id=d.pk, kind=d.kind, object_id=d.object_id, url=d.url,
                updated_at=d.updated_at, visibility=d.visibility,
                title=d.title, snippet=d.body[:200], score=0.0,
            )
            for d in docs
        ]  # fmt: skip


def get_backend() -> Backend:
    if connection.vendor == "sqlite":
        return SqliteBackend()
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return ScanBackend()
