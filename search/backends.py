"""Two engines, one contract: `Backend.search(...)` returns ranked hits with highlights.

SQLite: FTS5 (bm25 with the title weighted, snippet() and highlight()).
PostgreSQL: the stored tsvector column (SearchRank, SearchHeadline from django.contrib.postgres;
the app itself need not be installed). Anything else: a plain icontains scan.

Highlights come back wrapped in MARK_START/MARK_END, two control characters the indexer strips
from every document, so search.services.highlight() can escape the text and only then add <mark>.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q

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


# Ranking reads a little of every candidate, so a query that matches half the hub must not
# rank half the hub: at most RANK_CAP candidates are ranked (on PostgreSQL, title matches
# first) and counted, and the search page says "more than 1,000" when there are more.
RANK_CAP = 1000
# A word in at least this many titles says little about what a title is about ("using",
# "error"); "similar" leaves such words out when the title has rarer ones.
COMMON_TITLE_TERM = 300


class Backend(ABC):
    """One engine's contract; each engine (SQLite FTS5, PostgreSQL, the baseline scan) has both."""

    @abstractmethod
    def count(self, query: ParsedQuery, filters: Filters, *, match_any=False) -> int:
        """How many documents match, counting no further than RANK_CAP + 1."""

    @abstractmethod
    def search(
        self, query: ParsedQuery, filters: Filters, *, offset: int, limit: int, match_any=False
    ) -> list[RawHit]:
        """The ranked page of hits, best first."""

    def similar(
        self, query: ParsedQuery, filters: Filters, *, limit: int, match_any: bool = True
    ) -> list[RawHit]:
        """Documents whose titles share the most words with `query`."""
        return self.search(query, filters, offset=0, limit=limit, match_any=match_any)

    def title_frequencies(self, query: ParsedQuery, *, cap: int) -> list[int]:
        """For each term of `query`, in how many titles it appears, counting up to `cap`."""
        return [0] * len(query.terms)

    def significant_terms(self, query: ParsedQuery) -> tuple[ParsedQuery, bool]:
        """The words of a title worth matching on: the rare ones, any of which may match. A
        title of common words only is matched on all of them. Returns (query, match_any)."""
        if len(query.terms) < 2:
            return query, True
        frequencies = self.title_frequencies(query, cap=COMMON_TITLE_TERM)
        rare = [t for t, f in zip(query.terms, frequencies, strict=True) if f < COMMON_TITLE_TERM]
        if rare:
            return ParsedQuery(rare), True
        return query, False


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
    # (Reading kind or visibility through the FTS table instead costs a row lookup per
    # match: three times slower at 200,000 documents, measured with bench/.)

    def _match(self, fts_query, filters):
        clauses = ["search_fts MATCH %s"]
        params: list = [fts_query]
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
        join, where, params = self._match(query.to_fts5(match_any=match_any), filters)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_fts {join} WHERE {where} LIMIT %s)",
                [*params, RANK_CAP + 1],
            )
            return cursor.fetchone()[0]

    def search(self, query, filters, *, offset, limit, match_any=False):
        fts_query = query.to_fts5(match_any=match_any)
        return self._ranked(fts_query, "{title} : (" + fts_query + ")", filters, offset, limit)

    def similar(self, query, filters, *, limit, match_any=True):
        # Titles only: "{title} : (a OR b)"; bm25 ranks more shared words first.
        fts_query = "{title} : (" + query.to_fts5(match_any=match_any) + ")"
        return self._ranked(fts_query, fts_query, filters, 0, limit)

    def title_frequencies(self, query, *, cap):
        one = "(SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s LIMIT %s))"
        params = []
        for term in query.terms:
            params += ["{title} : " + ParsedQuery([term]).to_fts5(), cap]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join([one] * len(query.terms))}", params)
            return list(cursor.fetchone())

    def _ranked(self, fts_query, title_query, filters, offset, limit):
        join, where, params = self._match(fts_query, filters)
        t_join, t_where, t_params = self._match(title_query, filters)
        # Candidates: at most RANK_CAP title matches and RANK_CAP matches anywhere (each
        # scan stops at its LIMIT); bm25 ranks those only (`+rowid` keeps the IN list from
        # being handed to FTS5 as one lookup per id). Snippets are made for the shown page.
        sql = f"""
            WITH candidates(id) AS MATERIALIZED (
                SELECT id FROM (SELECT search_fts.rowid AS id FROM search_fts {t_join}
                                WHERE {t_where} LIMIT %s)
                UNION
                SELECT id FROM (SELECT search_fts.rowid AS id FROM search_fts {join}
                                WHERE {where} LIMIT %s)
            ),
            top AS MATERIALIZED (
                SELECT search_fts.rowid AS id, bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS score
                FROM search_fts
                WHERE search_fts MATCH %s AND +search_fts.rowid IN (SELECT id FROM candidates)
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
            *t_params, RANK_CAP, *params, RANK_CAP,
            fts_query, limit, offset,
            MARK_START, MARK_END, MARK_START, MARK_END, ELLIPSIS,
            fts_query,
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
    """Bounded ranking, in one statement per search (see rank()): the GIN indexes find the
    first title matches, then other matches, at most RANK_CAP candidates in all, and only
    those are ranked; the same statement counts the matches up to RANK_CAP + 1. Headlines
    are made for the shown page only.

    Each match set is a MATERIALIZED CTE without a LIMIT, read through an outer LIMIT: the
    CTE is planned for all its rows (a bitmap scan of the GIN index, which never opens a
    search vector) yet stops once the outer LIMIT has enough. With the LIMIT inside, the
    planner would pick a sequential scan that reads and tests every row's vector until it
    finds enough, much slower for common words; sequential scans are also switched off for
    the statement (see _index_scans), as a planner expecting many matches picks one.
    """

    CONFIG = "english"
    TSQUERY = "to_tsquery('english'::regconfig, %s)"

    @contextmanager
    def _index_scans(self):
        # A plain SET: inside a transaction it ends with it (and with its rollback), in
        # autocommit it lasts until the finally clause puts the old value back.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), "
                "set_config('enable_seqscan', 'off', false)"
            )
            previous = cursor.fetchone()[0]
            try:
                yield cursor
            finally:
                cursor.execute("SELECT set_config('enable_seqscan', %s, false)", [previous])

    def _matches(self, name, vector, filters):
        where, params = _where(filters)
        sql = (
            f"{name} AS MATERIALIZED (SELECT d.id FROM search_searchdocument d "
            f"WHERE d.{vector} @@ {self.TSQUERY}{''.join(f' AND {w}' for w in where)})"
        )
        return sql, params

    def rank(self, query, filters, *, match_any=False, title_only=False):
        """One statement: the ranked candidates [(id, score)], best first, and how many
        documents match, counted no further than RANK_CAP + 1.

        Candidates: the first title matches, then matches anywhere, up to RANK_CAP."""
        tsquery = query.to_tsquery(match_any=match_any)
        title_cte, title_params = self._matches("title_hits", "title_vector", filters)
        if title_only:
            candidates = "SELECT id FROM title_hits LIMIT %s"
            params = [tsquery, *title_params, RANK_CAP]
            count = "(SELECT count(*) FROM (SELECT 1 FROM title_hits LIMIT %s) AS n)"
            ctes = title_cte
            vector = "d.title_vector"
        else:
            any_cte, any_params = self._matches("any_hits", "search_vector", filters)
            ctes = f"{title_cte}, {any_cte}, first_titles AS (SELECT id FROM title_hits LIMIT %s)"
            params = [tsquery, *title_params, tsquery, *any_params, RANK_CAP]
            candidates = (
                "SELECT id FROM first_titles UNION ALL (SELECT id FROM any_hits "
                "WHERE id NOT IN (SELECT id FROM first_titles) "
                "LIMIT (SELECT %s - count(*) FROM first_titles))"
            )
            params.append(RANK_CAP)
            count = "(SELECT count(*) FROM (SELECT 1 FROM any_hits LIMIT %s) AS n)"
            vector = "d.search_vector"
        sql = f"""
            WITH {ctes}, candidates AS ({candidates})
            SELECT d.id, ts_rank({vector}, {self.TSQUERY}) AS score, {count}
            FROM candidates c JOIN search_searchdocument d ON d.id = c.id
            ORDER BY score DESC, d.id
        """
        with self._index_scans() as cursor:
            cursor.execute(sql, [*params, tsquery, RANK_CAP + 1])
            rows = cursor.fetchall()
        return [(r[0], r[1]) for r in rows], (rows[0][2] if rows else 0)

    def count(self, query, filters, *, match_any=False):
        return self.rank(query, filters, match_any=match_any)[1]

    def search(self, query, filters, *, offset, limit, match_any=False):
        ranked, _ = self.rank(query, filters, match_any=match_any)
        return self.hits(ranked[offset : offset + limit], query, match_any=match_any)

    def similar(self, query, filters, *, limit, match_any=True):
        ranked, _ = self.rank(query, filters, match_any=match_any, title_only=True)
        return self.hits(ranked[:limit], query, match_any=match_any)

    def title_frequencies(self, query, *, cap):
        one = (
            "(SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d "
            f"WHERE d.title_vector @@ {self.TSQUERY} LIMIT %s) AS f)"
        )
        params = []
        for term in query.terms:
            params += [ParsedQuery([term]).to_tsquery(), cap]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join([one] * len(query.terms))}", params)
            return list(cursor.fetchone())

    def hits(self, ranked, query, *, match_any=False):
        """Documents for ranked (id, score) pairs, with highlighted titles and snippets."""
        from django.contrib.postgres.search import SearchHeadline, SearchQuery

        if not ranked:
            return []
        scores = dict(ranked)
        tsquery = query.to_tsquery(match_any=match_any)
        ts_query = SearchQuery(tsquery, search_type="raw", config=self.CONFIG)
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
