"""Build SearchDocument rows from pages, challenges and solutions, and keep them current."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.db import connection, transaction

from search.models import SearchDocument

Kind = SearchDocument.Kind
Visibility = SearchDocument.Visibility

INLINE_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|code|del|em|i|ins|kbd|mark|s|span|strong|sub|sup)(?:\s[^>]*)?>", re.I
)
TAG_RE = re.compile(r"<[^>]*>")
# Our own highlight markers (see search/backends.py) and other controls never enter the index.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SPACE_RE = re.compile(r"\s+")
MARKDOWN_RE = re.compile(r"```[^\n]*|`|\*\*?|__?|^#{1,6}\s|^>\s?|!?\[([^\]]*)\]\([^)]*\)", re.M)

# Fields whose change alters what the index holds; counter-only saves skip reindexing.
POST_FIELDS = {"title", "body", "body_html", "hidden_at", "withdrawn_at", "is_held"}
PAGE_FIELDS = {"title", "slug", "current_revision", "hidden_at"}


def plain_text(body_html: str = "", body: str = "") -> str:
    """The words a reader sees: sanitized HTML without tags, or markdown without markup."""
    if body_html:
        # Inline tags sit inside words ("retry_<code>for</code>"); block tags separate them.
        text = html.unescape(TAG_RE.sub(" ", INLINE_TAG_RE.sub("", body_html)))
    else:
        text = MARKDOWN_RE.sub(lambda m: m.group(1) or " ", body or "")
    return SPACE_RE.sub(" ", CONTROL_RE.sub(" ", text)).strip()


def _clean_title(title: str) -> str:
    return SPACE_RE.sub(" ", CONTROL_RE.sub(" ", title or "")).strip()[:300]


def post_visibility(post) -> str:
    if post.hidden_at is not None:
        return Visibility.HIDDEN
    if post.withdrawn_at is not None:
        return Visibility.WITHDRAWN
    if post.is_held:
        return Visibility.HELD
    return Visibility.PUBLIC


# --- One document per object ------------------------------------------------------------------


def page_fields(page) -> dict:
    revision = page.current_revision
    return {
        "title": _clean_title(page.title),
        "body": plain_text(revision.body_html, revision.body) if revision else "",
        "url": page.get_absolute_url(),
        "updated_at": page.updated_at,
        "visibility": Visibility.HIDDEN if page.hidden_at else Visibility.PUBLIC,
    }


def challenge_fields(challenge) -> dict:
    return {
        "title": _clean_title(challenge.title),
        "body": plain_text(challenge.body_html, challenge.body),
        "url": challenge.get_absolute_url(),
        "updated_at": challenge.edited_at or challenge.created_at,
        "visibility": post_visibility(challenge),
    }


def solution_fields(solution, challenge) -> dict:
    visibility = post_visibility(solution)
    if visibility == Visibility.PUBLIC:
        # A solution is only as visible as the challenge it answers.
        visibility = post_visibility(challenge)
    return {
        "title": _clean_title(challenge.title),
        "body": plain_text(solution.body_html, solution.body),
        "url": f"{challenge.get_absolute_url()}#solution-{solution.pk}",
        "updated_at": solution.edited_at or solution.created_at,
        "visibility": visibility,
    }


def _store(kind: str, object_id: int, fields: dict, topic_ids: list[int]) -> SearchDocument:
    doc, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=object_id, defaults=fields
    )
    doc.topics.set(topic_ids)
    return doc


@transaction.atomic
def index_page(page) -> SearchDocument:
    return _store(Kind.PAGE, page.pk, page_fields(page), [t.pk for t in page.topics.all()])


@transaction.atomic
def index_challenge(challenge, *, with_solutions: bool = True) -> SearchDocument:
    topic_ids = [t.pk for t in challenge.topics.all()]
    doc = _store(Kind.CHALLENGE, challenge.pk, challenge_fields(challenge), topic_ids)
    if with_solutions:
        for solution in challenge.solutions.all():
            _store(Kind.SOLUTION, solution.pk, solution_fields(solution, challenge), topic_ids)
    return doc


@transaction.atomic
def index_solution(solution) -> SearchDocument:
    challenge = solution.challenge
    topic_ids = [t.pk for t in challenge.topics.all()]
    return _store(Kind.SOLUTION, solution.pk, solution_fields(solution, challenge), topic_ids)


def unindex(kind: str, object_ids: Iterable[int]) -> None:
    SearchDocument.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


# --- Rebuild ----------------------------------------------------------------------------------


def _bulk(docs: list[tuple[SearchDocument, list[int]]]) -> int:
    created = SearchDocument.objects.bulk_create([d for d, _ in docs])
    through = SearchDocument.topics.through
    links = [
        through(searchdocument_id=doc.pk, topic_id=topic_id)
        for doc, (_, topic_ids) in zip(created, docs, strict=True)
        for topic_id in topic_ids
    ]
    through.objects.bulk_create(links, batch_size=5000)
    return len(created)


def _topic_map(model, ids) -> dict[int, list[int]]:
    through = model.topics.through
    fk = f"{model._meta.model_name}_id"
    result: dict[int, list[int]] = {}
    for owner_id, topic_id in through.objects.filter(**{f"{fk}__in": ids}).values_list(
        fk, "topic_id"
    ):
        result.setdefault(owner_id, []).append(topic_id)
    return result


def rebuild_index(*, batch_size: int = 2000, stdout=None) -> int:
    """Empty the index and build it again from every page, challenge and solution."""
    from discussions.models import Challenge, Solution
    from knowledge.models import Page

    def say(msg):
        if stdout is not None:
            stdout.write(msg)

    total = 0
    with transaction.atomic():
        SearchDocument.topics.through.objects.all().delete()
        SearchDocument.objects.all().delete()

        pages = Page.objects.select_related("current_revision").order_by("pk")
        for chunk in _chunks(pages, batch_size):
            topics = _topic_map(Page, [p.pk for p in chunk])
            docs = [
                (SearchDocument(kind=Kind.PAGE, object_id=p.pk, **page_fields(p)),
                 topics.get(p.pk, []))
                for p in chunk
            ]  # fmt: skip
            total += _bulk(docs)
        say(f"Indexed {total} wiki pages.")

        count = 0
        for chunk in _chunks(Challenge.objects.order_by("pk"), batch_size):
            topics = _topic_map(Challenge, [c.pk for c in chunk])
            docs = [
                (SearchDocument(kind=Kind.CHALLENGE, object_id=c.pk, **challenge_fields(c)),
                 topics.get(c.pk, []))
                for c in chunk
            ]  # fmt: skip
            count += _bulk(docs)
        say(f"Indexed {count} challenges.")
        total += count

        count = 0
        solutions = (
            Solution.objects.select_related("challenge")
            .defer("challenge__body", "challenge__body_html")
            .order_by("pk")
        )
        for chunk in _chunks(solutions, batch_size):
            topics = _topic_map(Challenge, {s.challenge_id for s in chunk})
            docs = [
                (SearchDocument(kind=Kind.SOLUTION, object_id=s.pk,
                                **solution_fields(s, s.challenge)),
                 topics.get(s.challenge_id, []))
                for s in chunk
            ]  # fmt: skip
            count += _bulk(docs)
        say(f"Indexed {count} solutions.")
        total += count

    optimize_index()
    return total


def _chunks(queryset, size):
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk)[:size])
        if not chunk:
            return
        yield chunk
        last_pk = chunk[-1].pk


def optimize_index() -> None:
    """Merge the engine's index segments after a bulk load (cheap to skip, faster to query)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE search_searchdocument")
