"""Writes to portfolios: an import (planned, then applied) and the owner's edits.

An import goes through the content services below (discussions: challenge_create,
solution_create, solution_accept), so a new account's posts wait for review, search indexes
them and watchers hear about them, exactly as if typed in. What makes an import idempotent is
kept here: a fingerprint per imported challenge (its title's words), per note (its words), per
declared term (its key); what exists already is shown in the preview and never created again.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from core.markdown import render_markdown
from core.models import is_moderator
from discussions import services as discussion_services
from discussions.models import Challenge, Solution
from knowledge.models import Page, PageRevision, Topic
from portfolios import importer
from portfolios.importer import ChallengeEntry, ParsedReadme, Term
from portfolios.models import DeclaredTerm, ImportedChallenge, Note, Portfolio

NEW, EXISTS = "new", "exists"
MAX_TOPICS = 5000
MAX_CHALLENGES_PER_IMPORT = 50
MAX_ITEMS_PER_KIND = 200  # technologies and concepts together; takeaways


def portfolio_for(user) -> Portfolio:
    portfolio, _ = Portfolio.objects.get_or_create(user=user)
    return portfolio


def fingerprint(title: str) -> str:
    return hashlib.sha256(importer.title_key(title).encode()).hexdigest()


def _squash(text: str) -> str:
    return " ".join(re.findall(r"\w+", importer.strip_inline(text or "").casefold()))


# --- matching terms to topics and wiki pages -------------------------------------------------


@dataclass
class TermMatch:
    topic: Topic | None = None
    page: Page | None = None


def match_terms(names: list[str]) -> dict[str, TermMatch]:
    """{term key: the topic and wiki page it names}, by name, slug or a page's old slug,
    whatever the case. Two queries whatever the number of terms."""
    keys = {importer.term_key(n): n for n in names if importer.term_key(n)}
    if not keys:
        return {}
    matches = {key: TermMatch() for key in keys}
    slugs = {slugify(n) for n in keys.values()} | set(keys)
    # Topics are few (the wiki's technologies and concepts): compared in Python, by the same
    # key as the terms, so "CI/CD", "ci-cd" and "Ci / Cd" are one.
    for topic in Topic.objects.order_by("pk")[:MAX_TOPICS]:
        for key in (importer.term_key(topic.name), importer.term_key(topic.slug)):
            if key in matches and matches[key].topic is None:
                matches[key].topic = topic
    topic_slugs = {m.topic.slug for m in matches.values() if m.topic}
    lowered = {n.casefold() for n in keys.values()}
    pages = (
        Page.objects.not_hidden()
        .annotate(lower_title=Lower("title"))
        .filter(
            Q(slug__in=slugs | topic_slugs)
            | Q(aliases__slug__in=slugs)
            | Q(lower_title__in=lowered)
        )
        .prefetch_related("aliases")
        .distinct()
    )
    by_key: dict[str, Page] = {}
    for page in pages:
        for name in (page.title, page.slug, *(a.slug for a in page.aliases.all())):
            by_key.setdefault(importer.term_key(name), page)
    for key, match in matches.items():
        match.page = by_key.get(key) or (by_key.get(match.topic.slug) if match.topic else None)
    return matches


# --- what a learner has already ------------------------------------------------------------


def existing_challenge_keys(user) -> set[str]:
    """Title keys of the challenges the learner imported, wrote, or solved for someone."""
    keys = set(ImportedChallenge.objects.filter(user=user).values_list("title_key", flat=True))
    titles = Challenge.objects.filter(
        Q(author=user) | Q(pk__in=Solution.objects.filter(author=user).values("challenge_id"))
    ).values_list("title", flat=True)
    keys.update(importer.title_key(t) for t in titles)
    return keys


def derived_topics(user):
    """Topics of the learner's challenges, the challenges they solved, the pages they edited."""
    return Topic.objects.filter(
        Q(challenges__in=Challenge.objects.public().filter(author=user))
        | Q(challenges__in=Solution.objects.public().filter(author=user).values("challenge_id"))
        | Q(
            pages__in=PageRevision.objects.filter(author=user, page__hidden_at__isnull=True).values(
                "page_id"
            )
        )
    ).distinct()


def existing_term_keys(user) -> set[str]:
    keys = set(DeclaredTerm.objects.filter(user=user).values_list("key", flat=True))
    for name, slug in derived_topics(user).values_list("name", "slug"):
        keys.update({importer.term_key(name), importer.term_key(slug)})
    return keys


# --- the plan: what an import would create -----------------------------------------------


@dataclass
class PlanItem:
    key: str  # the checkbox's value: "challenge:2", "technology:0", "overview"…
    kind: str
    label: str
    detail: str = ""
    status: str = NEW
    topic: Topic | None = None
    page: Page | None = None
    creates_topic: bool = False
    entry: object = None

    @property
    def is_new(self) -> bool:
        return self.status == NEW


@dataclass
class Plan:
    parsed: ParsedReadme
    items: list[PlanItem] = field(default_factory=list)
    later: int = 0  # new challenges past MAX_CHALLENGES_PER_IMPORT, for the next import
    later_terms: int = 0  # terms past MAX_ITEMS_PER_KIND, left out
    later_notes: int = 0  # takeaways past MAX_ITEMS_PER_KIND, left out

    def of_kind(self, *kinds: str) -> list[PlanItem]:
        return [i for i in self.items if i.kind in kinds]

    @property
    def new_items(self) -> list[PlanItem]:
        return [i for i in self.items if i.is_new]


def import_plan(*, user, parsed: ParsedReadme) -> Plan:
    plan = Plan(parsed)
    portfolio = Portfolio.objects.filter(user=user).first()
    overview = parsed.full_overview
    if overview.strip():
        have = _squash(portfolio.overview) if portfolio else ""
        plan.items.append(
            PlanItem(
                "overview",
                "overview",
                "Overview",
                overview,
                EXISTS if _squash(overview) in have and have else NEW,
            )
        )
    terms = [("technology", t) for t in parsed.technologies] + [
        ("concept", t) for t in parsed.concepts
    ]
    # A list of hundreds of terms is not a README: the first few hundred are plenty.
    plan.later_terms = max(0, len(terms) - MAX_ITEMS_PER_KIND)
    terms = terms[:MAX_ITEMS_PER_KIND]
    matches = match_terms([t.name for _, t in terms])
    have_terms = existing_term_keys(user)
    counters: dict[str, int] = {}
    for kind, term in terms:
        index = counters[kind] = counters.get(kind, -1) + 1
        match = matches.get(term.key, TermMatch())
        plan.items.append(
            PlanItem(
                f"{kind}:{index}",
                kind,
                term.name,
                term.description,
                EXISTS if term.key in have_terms else NEW,
                topic=match.topic,
                page=match.page,
                creates_topic=match.topic is None and can_create_topic(user),
                entry=term,
            )
        )
    have_challenges = existing_challenge_keys(user)
    fresh = 0
    for index, entry in enumerate(parsed.challenges):
        is_new = entry.key not in have_challenges
        if is_new and fresh >= MAX_CHALLENGES_PER_IMPORT:
            # One import posts a bounded number; the rest come with the next import of the
            # same README (what exists by then is skipped).
            plan.later += 1
            continue
        fresh += is_new
        plan.items.append(
            PlanItem(
                f"challenge:{index}",
                "challenge",
                entry.title,
                entry.solution,
                NEW if is_new else EXISTS,
                entry=entry,
            )
        )
    have_notes = set(Note.objects.filter(user=user).values_list("fingerprint", flat=True))
    plan.later_notes = max(0, len(parsed.takeaways) - MAX_ITEMS_PER_KIND)
    for index, note in enumerate(parsed.takeaways[:MAX_ITEMS_PER_KIND]):
        status = EXISTS if importer.text_key(note) in have_notes else NEW
        plan.items.append(PlanItem(f"takeaway:{index}", "takeaway", note, note, status))
    if parsed.collaboration.strip():
        have = _squash(portfolio.collaboration) if portfolio else ""
        status = EXISTS if have and _squash(parsed.collaboration) in have else NEW
        collab = PlanItem("collaboration", "collaboration", "Collaboration", parsed.collaboration)
        collab.status = status
        plan.items.append(collab)
    return plan


def can_create_topic(user) -> bool:
    """Topics are added by moderators (the admin's add_topic permission is theirs alone);
    a learner's new technology stays a declared term of their portfolio until one exists."""
    return is_moderator(user)


# --- applying it ---------------------------------------------------------------------------


@dataclass
class ImportResult:
    challenges: list[Challenge] = field(default_factory=list)
    terms: int = 0
    topics_created: int = 0
    notes: int = 0
    overview: bool = False
    collaboration: bool = False

    @property
    def total(self) -> int:
        return (
            len(self.challenges)
            + self.terms
            + self.notes
            + int(self.overview)
            + int(self.collaboration)
        )


def import_apply(*, user, plan: Plan, selected: set[str]) -> ImportResult:
    """Create what is ticked and new. Each challenge is its own transaction (rendered by the
    discussions services first), so a long README never holds the database's write lock."""
    result = ImportResult()
    chosen = [i for i in plan.items if i.key in selected and i.is_new]
    portfolio = portfolio_for(user)
    changed = []
    for item in chosen:
        if item.kind == "overview":
            portfolio.overview = _joined(portfolio.overview, item.detail)
            portfolio.overview_html = render_markdown(portfolio.overview)
            changed += ["overview", "overview_html"]
            result.overview = True
        elif item.kind == "collaboration":
            portfolio.collaboration = _joined(portfolio.collaboration, item.detail)
            portfolio.collaboration_html = render_markdown(portfolio.collaboration)
            changed += ["collaboration", "collaboration_html"]
            result.collaboration = True
    if changed:
        portfolio.save(update_fields=[*changed, "updated_at"])
    terms = [i for i in chosen if i.kind in ("technology", "concept")]
    if terms:
        result.terms, result.topics_created = _add_terms(user, terms)
    notes = [i.detail for i in chosen if i.kind == "takeaway"]
    if notes:
        result.notes = _add_notes(user, notes)
    topics = list(Topic.objects.order_by("pk")[:MAX_TOPICS])
    for item in chosen:
        if item.kind == "challenge":
            challenge = _import_challenge(user, item.entry, topics)
            if challenge is not None:
                result.challenges.append(challenge)
    return result


def _joined(existing: str, new: str) -> str:
    existing, new = (existing or "").strip(), (new or "").strip()
    if not existing:
        return new
    if _squash(new) in _squash(existing):
        return existing
    return f"{existing}\n\n{new}"


@transaction.atomic
def _add_terms(user, items: list[PlanItem]) -> tuple[int, int]:
    position = DeclaredTerm.objects.filter(user=user).count()
    created_topics = 0
    rows = []
    for item in items:
        term: Term = item.entry
        topic = item.topic
        if topic is None and item.creates_topic:
            topic, made = topic_get_or_create(name=term.name, description=term.description)
            created_topics += made
        rows.append(
            DeclaredTerm(
                user=user,
                kind=item.kind,
                name=term.name[:60],
                key=term.key,
                description=term.description[:500],
                topic=topic,
                position=position,
            )
        )
        position += 1
    made = DeclaredTerm.objects.bulk_create(rows, ignore_conflicts=True)
    return len(made), created_topics


def topic_get_or_create(*, name: str, description: str = "") -> tuple[Topic | None, bool]:
    """A topic by this name (or slug), made if missing. Callers check can_create_topic."""
    slug = slugify(name)[:60]
    if not slug:
        return None, False
    existing = Topic.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return Topic.objects.create(
                name=name[:60], slug=slug, description=description[:300]
            ), True
    except IntegrityError:
        return Topic.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first(), False


@transaction.atomic
def _add_notes(user, bodies: list[str]) -> int:
    position = Note.objects.filter(user=user).count()
    rows = []
    for body in bodies:
        rows.append(
            Note(
                user=user,
                body=body,
                body_html=render_markdown(body),
                fingerprint=importer.text_key(body),
                position=position,
            )
        )
        position += 1
    return len(Note.objects.bulk_create(rows, ignore_conflicts=True))


def _topics_in(text: str, topics: list[Topic]) -> list[Topic]:
    """The topics a challenge names (whole words, any case): at most five."""
    found = []
    lowered = f" {importer.strip_inline(text).casefold()} "
    for topic in topics:
        name = topic.name.casefold()
        if re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", lowered):
            found.append(topic)
        if len(found) == 5:
            break
    return found


def _import_challenge(user, entry: ChallengeEntry, topics: list[Topic]) -> Challenge | None:
    """The learner's own challenge, their solution accepted, marked imported. Nothing if the
    same title was imported meanwhile (a second tab, a double click)."""
    mark = fingerprint(entry.title)
    if ImportedChallenge.objects.filter(user=user, fingerprint=mark).exists():
        return None
    text = f"{entry.title} {entry.description} {entry.solution}"
    try:
        with transaction.atomic():
            challenge = discussion_services.challenge_create(
                author=user,
                title=entry.title[:200],
                body=entry.challenge_body(),
                topics=_topics_in(text, topics),
            )
            ImportedChallenge.objects.create(
                user=user, challenge=challenge, fingerprint=mark, title_key=entry.key
            )
            if entry.solution_body():
                solution = discussion_services.solution_create(
                    challenge=challenge, author=user, body=entry.solution_body()
                )
                discussion_services.solution_accept(solution=solution, user=user)
    except IntegrityError:
        return None
    return challenge


# --- the owner's edits ---------------------------------------------------------------------


def terms_text(terms) -> str:
    return "\n".join(
        f"- **{t.name}** – {t.description}" if t.description else f"- **{t.name}**" for t in terms
    )


def notes_text(notes) -> str:
    return "\n".join("- " + n.body.replace("\n", "\n  ") for n in notes)


def parse_terms(text: str) -> list[Term]:
    terms, _rest = importer.read_terms(importer.blocks(importer.repair(text)))
    return terms


def parse_notes(text: str) -> list[str]:
    return importer.read_takeaways(importer.blocks(importer.repair(text)))


@transaction.atomic
def portfolio_update(
    *,
    user,
    overview: str,
    collaboration: str,
    technologies: str,
    concepts: str,
    takeaways: str,
) -> Portfolio:
    portfolio = portfolio_for(user)
    portfolio.overview = overview.strip()
    portfolio.overview_html = render_markdown(portfolio.overview)
    portfolio.collaboration = collaboration.strip()
    portfolio.collaboration_html = render_markdown(portfolio.collaboration)
    portfolio.save()
    _replace_terms(user, "technology", parse_terms(technologies))
    concept_terms = [t for t in parse_terms(concepts)]
    tech_keys = set(DeclaredTerm.objects.filter(user=user).values_list("key", flat=True))
    _replace_terms(user, "concept", [t for t in concept_terms if t.key not in tech_keys])
    _replace_notes(user, parse_notes(takeaways))
    return portfolio


def _replace_terms(user, kind: str, terms: list[Term]) -> None:
    existing = {t.key: t for t in DeclaredTerm.objects.filter(user=user, kind=kind)}
    wanted = {t.key: t for t in terms if t.key}
    DeclaredTerm.objects.filter(user=user, kind=kind).exclude(key__in=wanted).delete()
    matches = match_terms([t.name for t in wanted.values()])
    for position, (key, term) in enumerate(wanted.items()):
        row = existing.get(key)
        topic = matches.get(key, TermMatch()).topic
        if row is None:
            DeclaredTerm.objects.filter(user=user, key=key).delete()  # moved between kinds
            DeclaredTerm.objects.create(
                user=user,
                kind=kind,
                name=term.name[:60],
                key=key,
                description=term.description[:500],
                topic=topic,
                position=position,
            )
        else:
            row.name, row.description = term.name[:60], term.description[:500]
            row.topic, row.position = topic or row.topic, position
            row.save(update_fields=["name", "description", "topic", "position"])


def _replace_notes(user, bodies: list[str]) -> None:
    wanted = {importer.text_key(b): b for b in bodies}
    Note.objects.filter(user=user).exclude(fingerprint__in=wanted).delete()
    existing = {n.fingerprint: n for n in Note.objects.filter(user=user)}
    for position, (key, body) in enumerate(wanted.items()):
        note = existing.get(key)
        if note is None:
            Note.objects.create(
                user=user,
                body=body,
                body_html=render_markdown(body),
                fingerprint=key,
                position=position,
            )
        elif note.position != position or note.body != body:
            note.position, note.body, note.body_html = position, body, render_markdown(body)
            note.save(update_fields=["position", "body", "body_html"])


def term_promote(*, key: str) -> Topic | None:
    """A moderator makes a declared term a topic: every learner's term with that key links to
    it."""
    term = DeclaredTerm.objects.filter(key=key).order_by("pk").first()
    if term is None:
        return None
    topic, _ = topic_get_or_create(name=term.name, description=term.description)
    if topic is not None:
        DeclaredTerm.objects.filter(key=key, topic__isnull=True).update(topic=topic)
    return topic
