"""The wiki as a folder of markdown files with front matter, so it can live in git.

Front matter values are JSON (a subset of YAML), so titles with colons or quotes survive:

    ---
    title: "Celery"
    slug: "celery"
    category: "Technologies"
    topics: ["celery", "redis"]
    revision: 3
    ---

Optional keys: `author` (the username the revision is recorded under, instead of the importer),
`summary` (the revision's summary) and `weight` (pages are imported lightest first, then by file
name). A page's later texts can follow as `<name>.2.md`, `<name>.3.md`…: each holds the whole
text of one revision, in order, and its front matter needs only what changes (`author`,
`summary`; title, category and topics are inherited). The demo content (hub/demo/wiki/) is such
a folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User
from knowledge import services
from knowledge.categories import GUIDES
from knowledge.models import Category, Page, Topic

FENCE = "---"
LATER_TEXT = re.compile(r"^(?P<stem>[^.]+)\.(?P<number>\d+)\.md$")


@dataclass
class PageFile:
    title: str
    body: str
    slug: str = ""
    category: str = GUIDES.name
    topics: list[str] = field(default_factory=list)
    revision: int | None = None
    author: str = ""
    summary: str = ""
    weight: int | None = None


def dumps(page_file: PageFile) -> str:
    meta = {
        "title": page_file.title,
        "slug": page_file.slug,
        "category": page_file.category,
        "topics": page_file.topics,
        "revision": page_file.revision,
    }
    head = "\n".join(
        f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items()
    )
    return f"{FENCE}\n{head}\n{FENCE}\n{page_file.body.rstrip()}\n"


def front_matter(text: str) -> tuple[dict, str]:
    text = text.replace("\r\n", "\n")
    if not text.startswith(FENCE + "\n"):
        raise ValueError("missing front matter (a --- line at the top)")
    try:
        head, body = text[len(FENCE) + 1 :].split(f"\n{FENCE}\n", 1)
    except ValueError:
        raise ValueError("front matter is not closed with a --- line") from None
    meta = {}
    for line in head.splitlines():
        if not line.strip():
            continue
        key, sep, raw = line.partition(":")
        if not sep:
            raise ValueError(f"front matter line without a colon: {line!r}")
        raw = raw.strip()
        try:
            meta[key.strip()] = json.loads(raw)
        except json.JSONDecodeError:
            meta[key.strip()] = raw  # plain YAML scalars written by hand
    return meta, body


def _int_or_none(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def loads(text: str, *, earlier: PageFile | None = None) -> PageFile:
    """Read one file. A later text of a page (`earlier` given) inherits what it leaves out."""
    meta, body = front_matter(text)
    if earlier is not None:
        meta = {
            "title": earlier.title,
            "slug": earlier.slug,
            "category": earlier.category,
            "topics": earlier.topics,
            **meta,
        }
    if not meta.get("title"):
        raise ValueError("front matter has no title")
    topics = meta.get("topics") or []
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(",") if t.strip()]
    return PageFile(
        title=str(meta["title"]),
        body=body,
        slug=str(meta.get("slug") or ""),
        category=str(meta.get("category") or GUIDES.name),
        topics=[str(t) for t in topics],
        revision=_int_or_none(meta.get("revision")),
        author=str(meta.get("author") or ""),
        summary=str(meta.get("summary") or ""),
        weight=_int_or_none(meta.get("weight")),
    )


@dataclass
class PageTexts:
    """One page's files: the first text (`<name>.md`) and its later ones, in order."""

    names: list[str]
    texts: list[PageFile]

    @property
    def first(self) -> PageFile:
        return self.texts[0]


def _read(path: Path, earlier: PageFile | None = None) -> PageFile:
    try:
        return loads(path.read_text(encoding="utf-8"), earlier=earlier)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path.name}: {exc}") from exc


def read_folder(directory: Path) -> list[PageTexts]:
    """Every page in `directory`, lightest `weight` first, then by file name."""
    later: dict[str, list[tuple[int, Path]]] = {}
    firsts = []
    for path in sorted(directory.glob("*.md")):
        match = LATER_TEXT.match(path.name)
        if match:
            later.setdefault(match["stem"], []).append((int(match["number"]), path))
        else:
            firsts.append(path)
    stems = {path.stem for path in firsts}
    for stem, paths in later.items():
        if stem not in stems:
            raise ValueError(f"{paths[0][1].name}: a later text of {stem}.md, which is missing")
    pages = []
    for path in firsts:
        paths = [path, *(later_path for _, later_path in sorted(later.get(path.stem, [])))]
        texts = [_read(path)]
        for later_path in paths[1:]:
            texts.append(_read(later_path, earlier=texts[-1]))
        pages.append(PageTexts(names=[p.name for p in paths], texts=texts))
    return sorted(pages, key=_import_order)


def _import_order(page: PageTexts) -> tuple:
    return page.first.weight is None, page.first.weight or 0, page.names[0]


def export_pages(directory: Path) -> int:
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    pages = Page.objects.not_hidden().with_current().prefetch_related("topics").order_by("slug")
    for page in pages.iterator(chunk_size=200):
        revision = page.current_revision
        page_file = PageFile(
            title=page.title,
            slug=page.slug,
            body=revision.body if revision else "",
            category=page.category.name,
            topics=sorted(t.slug for t in page.topics.all()),
            revision=revision.number if revision else None,
        )
        (directory / f"{page.slug}.md").write_text(dumps(page_file), encoding="utf-8")
        count += 1
    return count


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _category(name: str) -> Category:
    category = Category.objects.filter(name__iexact=name).first()
    if category is None:
        category, _ = Category.objects.get_or_create(
            slug=slugify(name)[:80] or GUIDES.slug, defaults={"name": name[:80]}
        )
    return category


def _topics(names: list[str]) -> list[Topic]:
    topics = []
    for name in names:
        slug = slugify(name)[:60]
        if slug:
            topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name[:60]})
            topics.append(topic)
    return topics


class Authors:
    """The users revisions are recorded under: a file's `author`, else the importer."""

    def __init__(self, default):
        self.default = default
        self.found = {}

    def __call__(self, page_file: PageFile, file_name: str):
        username = page_file.author
        if not username:
            return self.default
        if username not in self.found:
            self.found[username] = User.objects.filter(username=username).first()
        if self.found[username] is None:
            raise ValueError(f"{file_name}: no user called {username!r}")
        return self.found[username]


@transaction.atomic
def import_pages(directory: Path, *, author, update_existing: bool = True) -> ImportReport:
    """Read every page in `directory`. A new page is created with all its texts as revisions; an
    existing one gets its newest text as a new revision if that differs (or, with
    `update_existing=False`, is left as it is)."""
    report = ImportReport()
    authors = Authors(author)
    for page_texts in read_folder(directory):
        first = page_texts.first
        slug = first.slug or services.slug_from_title(first.title)
        page = Page.objects.with_current().filter(slug=slug).first()
        if page is None:
            page = _create(page_texts, slug, authors)
            report.created.append(page.slug)
            continue
        if not update_existing:
            report.skipped.append(page.slug)
            continue
        outcome = _edit(page, page_texts.texts[-1], authors, page_texts.names[-1])
        if outcome.status == services.EditStatus.UNCHANGED:
            report.unchanged.append(page.slug)
        else:
            report.updated.append(page.slug)
    return report


def _summary(page_file: PageFile, file_name: str) -> str:
    return page_file.summary or f"Imported from {file_name}"


def _create(page_texts: PageTexts, slug: str, authors: Authors) -> Page:
    first, name = page_texts.first, page_texts.names[0]
    page = services.page_create(
        title=first.title,
        category=_category(first.category),
        body=first.body,
        author=authors(first, name),
        summary=_summary(first, name),
        topics=_topics(first.topics),
        slug=slug,
    )
    for later, later_name in zip(page_texts.texts[1:], page_texts.names[1:], strict=True):
        page = _edit(page, later, authors, later_name).page
    return page


def _edit(page: Page, page_file: PageFile, authors: Authors, file_name: str):
    return services.page_edit(
        page=page,
        author=authors(page_file, file_name),
        body=page_file.body,
        base_revision=page.current_revision.number,
        summary=_summary(page_file, file_name),
        title=page_file.title,
        category=_category(page_file.category),
        topics=_topics(page_file.topics),
    )
