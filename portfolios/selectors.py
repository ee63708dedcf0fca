"""What the portfolio page, the export and /learnings/ read. Bounded: a fixed number of
queries whatever a learner's history, lists capped or paged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Lower, Trim

from accounts.models import Track, User
from discussions.models import Challenge, Solution
from knowledge.models import Page, Topic
from portfolios import importer, services
from portfolios.models import DeclaredTerm, ImportedChallenge, Note, Portfolio
from search import services as search_services

PEOPLE_CAP = 12
# One import's challenges (services.MAX_CHALLENGES_PER_IMPORT) fit on the first page.
CHALLENGES_PER_PAGE = 50
TERMS_CAP = 60
SOLVED_FOR_OTHERS_CAP = 200


@dataclass
class TermRow:
    name: str
    description: str = ""
    kind: str = "technology"
    topic: Topic | None = None
    page: Page | None = None
    declared: bool = False
    uses: int = 0

    @property
    def url(self) -> str:
        if self.page is not None:
            return self.page.get_absolute_url()
        if self.topic is not None:
            return f"/search/topics/{self.topic.slug}/"
        return ""


def _pages_for_topics(topics: list[Topic]) -> dict[int, Page]:
    """Each topic's own wiki page: the page at the topic's slug or titled with its name (a
    topic without one links to its topic page, which lists every page about it). One query."""
    if not topics:
        return {}
    slugs = {t.slug for t in topics}
    names = {t.name.casefold() for t in topics}
    found: dict[str, Page] = {}
    for page in (
        Page.objects.not_hidden()
        .annotate(lower_title=Lower("title"))
        .filter(Q(slug__in=slugs) | Q(lower_title__in=names))
        .only("pk", "title", "slug")
    ):
        found.setdefault(page.slug, page)
        found.setdefault(page.title.casefold(), page)
    return {t.pk: found.get(t.slug) or found.get(t.name.casefold()) for t in topics}


def term_rows(user) -> tuple[list[TermRow], list[TermRow]]:
    """(technologies, concepts): declared ones in the learner's order, then the topics of
    their work that they did not declare, most used first."""
    declared = list(
        DeclaredTerm.objects.filter(user=user).select_related("topic").order_by("position", "pk")
    )
    derived = list(services.derived_topics(user).order_by("name")[:TERMS_CAP])
    topics = {t.pk: t for t in derived}
    topics.update({d.topic.pk: d.topic for d in declared if d.topic})
    pages = _pages_for_topics(list(topics.values()))
    technologies, concepts = [], []
    seen_topics, seen_keys = set(), set()
    for term in declared:
        row = TermRow(
            term.name,
            term.description,
            term.kind,
            term.topic,
            pages.get(term.topic_id) if term.topic_id else None,
            declared=True,
        )
        (concepts if term.kind == DeclaredTerm.Kind.CONCEPT else technologies).append(row)
        seen_topics.add(term.topic_id)
        seen_keys.add(term.key)
    for topic in derived:
        if topic.pk in seen_topics or importer.term_key(topic.name) in seen_keys:
            continue
        technologies.append(
            TermRow(topic.name, topic.description, "technology", topic, pages.get(topic.pk))
        )
    return technologies, concepts


def challenges_met(user, viewer):
    """The learner's own challenges the viewer may see, solved ones first."""
    return (
        Challenge.objects.visible_to(viewer)
        .filter(author=user)
        .annotate(
            is_imported=Exists(ImportedChallenge.objects.filter(challenge=OuterRef("pk"))),
        )
        .order_by("-status", "-created_at", "-pk")
    )


def solutions_for_others(user, viewer):
    """Their solutions to other people's challenges, accepted ones first."""
    return (
        Solution.objects.visible_to(viewer)
        .filter(author=user, challenge__in=Challenge.objects.visible_to(viewer))
        .exclude(challenge__author=user)
        .select_related("challenge__author__profile")
        .order_by("-is_accepted", "-score", "-created_at", "-pk")
    )


@dataclass
class Person:
    user: User
    count: int
    across_tracks: bool


def _is_across(a: str, b: str) -> bool:
    return {a, b} == {Track.BACKEND, Track.FRONTEND}


def collaborators(user) -> dict:
    """People the learner helped (their public solutions on others' public challenges) and
    people who helped them; backend↔frontend help called out. Three queries."""
    public_challenges = Challenge.objects.public()
    helped = Counter(
        dict(
            Solution.objects.public()
            .filter(author=user, challenge__in=public_challenges)
            .exclude(challenge__author=user)
            .values_list("challenge__author")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("challenge__author", "n")[:PEOPLE_CAP]
        )
    )
    helped_by = Counter(
        dict(
            Solution.objects.public()
            .filter(challenge__author=user, challenge__in=public_challenges)
            .exclude(author=user)
            .values_list("author")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("author", "n")[:PEOPLE_CAP]
        )
    )
    people = User.objects.select_related("profile").in_bulk(set(helped) | set(helped_by))
    own_track = user.profile.track

    def rows(counter):
        out = []
        for pk, n in counter.most_common():
            person = people.get(pk)
            if person is not None:
                out.append(Person(person, n, _is_across(own_track, person.profile.track)))
        return out

    helped_rows, helped_by_rows = rows(helped), rows(helped_by)
    return {
        "helped": helped_rows,
        "helped_by": helped_by_rows,
        "across_tracks": sum(p.count for p in helped_rows + helped_by_rows if p.across_tracks),
    }


# --- across every portfolio (/learnings/) ----------------------------------------------------

LEARNINGS_CAP = 15
# "Related" costs a few search queries per challenge (cached by search itself): the top few.
RELATED_FOR = 4
LEARNINGS_CACHE_SECONDS = 300


@dataclass
class CommonChallenge:
    title: str
    count: int
    challenge: Challenge | None = None  # the solved one to open first, or the latest
    related_pages: list = field(default_factory=list)
    related_challenges: list = field(default_factory=list)


def common_technologies() -> list[dict]:
    """Technologies and concepts by how many learners cite them: declared in a portfolio, or
    a topic of the public challenges they posted. Two grouped queries, merged by term key."""
    rows: dict[str, dict] = {}
    declared = (
        DeclaredTerm.objects.values("key")
        .annotate(learners=Count("user", distinct=True), name=Max("name"), topic=Max("topic"))
        .order_by("-learners", "key")[: LEARNINGS_CAP * 4]
    )
    for row in declared:
        rows[row["key"]] = {**row, "topic_obj": None, "page": None}
    used = (
        Topic.objects.annotate(
            learners=Count(
                "challenges__author",
                distinct=True,
                filter=Q(
                    challenges__hidden_at__isnull=True,
                    challenges__withdrawn_at__isnull=True,
                    challenges__is_held=False,
                ),
            )
        )
        .filter(learners__gt=0)
        .order_by("-learners", "name")[: LEARNINGS_CAP * 4]
    )
    topics = {}
    for topic in used:
        topics[topic.pk] = topic
        key = importer.term_key(topic.name)
        row = rows.setdefault(key, {"key": key, "learners": 0, "name": topic.name, "topic": None})
        row["learners"] += topic.learners
        row["topic"] = row["topic"] or topic.pk
    missing = {r["topic"] for r in rows.values() if r["topic"] and r["topic"] not in topics}
    topics.update(Topic.objects.in_bulk(missing))
    pages = _pages_for_topics(list(topics.values()))
    ranked = sorted(rows.values(), key=lambda r: (-r["learners"], r["key"]))[:LEARNINGS_CAP]
    for row in ranked:
        topic = topics.get(row["topic"])
        row["topic_obj"] = topic
        row["page"] = pages.get(topic.pk) if topic else None
    return ranked


def common_challenges() -> list[CommonChallenge]:
    """Public challenges grouped by title (case and spaces aside), most met first, each with
    the wiki pages and challenges that answer it (search's "related", cached with it)."""
    groups = list(
        Challenge.objects.public()
        .annotate(norm=Lower(Trim("title")))
        .values("norm")
        .annotate(n=Count("pk"), latest=Max("pk"))
        .filter(n__gt=0)
        .order_by("-n", "-latest")[:LEARNINGS_CAP]
    )
    norms = [g["norm"] for g in groups]
    representatives: dict[str, Challenge] = {}
    for challenge in (
        Challenge.objects.public()
        .annotate(norm=Lower(Trim("title")))
        .filter(norm__in=norms)
        .select_related("wiki_page")
        .order_by("-status", "-pk")
    ):
        representatives.setdefault(challenge.norm, challenge)
    out = []
    for group in groups:
        challenge = representatives.get(group["norm"])
        if challenge is None:
            continue
        if len(out) < RELATED_FOR:
            related = search_services.similar_to_challenge(challenge, limit=3)
        else:
            related = search_services.Similar([], [])
        out.append(
            CommonChallenge(
                challenge.title,
                group["n"],
                challenge,
                related_pages=related.pages,
                related_challenges=related.challenges,
            )
        )
    return out


def common_takeaways() -> list[dict]:
    rows = list(
        Note.objects.values("fingerprint")
        .annotate(learners=Count("user", distinct=True), first=Max("pk"))
        .order_by("-learners", "-first")[:LEARNINGS_CAP]
    )
    notes = Note.objects.in_bulk([r["first"] for r in rows])
    for row in rows:
        row["note"] = notes.get(row["first"])
    return [r for r in rows if r["note"] is not None]


def learnings() -> dict:
    """Everything /learnings/ shows, cached a few minutes: every viewer sees the same public
    aggregate."""
    key = "portfolios:learnings"
    data = cache.get(key)
    if data is None:
        data = {
            "technologies": common_technologies(),
            "challenges": common_challenges(),
            "takeaways": common_takeaways(),
            "portfolio_count": Portfolio.objects.count(),
        }
        cache.set(key, data, LEARNINGS_CACHE_SECONDS)
    return data


def forget_learnings() -> None:
    cache.delete("portfolios:learnings")
