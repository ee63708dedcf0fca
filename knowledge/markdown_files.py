"""The wiki as a folder of markdown files with front matter, so it can live in git.

Front matter values are JSON (a subset of YAML), so titles with colons or quotes survive:

    ---
    title: "Celery"
    slug: "celery"
    category: "Technologies"
    topics: ["celery", "redis"]
    revision: 3
    ---
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from knowledge import services
from knowledge.models import Category, Page, Topic

FENCE = "---"


@dataclass
class PageFile:
    title: str
    body: str
    slug: str = ""
    category: str = "Guides"
    topics: list[str] = field(default_factory=list)
    revision: int | None = None


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


def loads(text: str) -> PageFile:
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
    if not meta.get("title"):
        raise ValueError("front matter has no title")
    topics = meta.get("topics") or []
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(",") if t.strip()]
    return PageFile(
        title=str(meta["title"]),
        body=body,
        slug=str(meta.get("slug") or ""),
        category=str(meta.get("category") or "Guides"),
        topics=[str(t) for t in topics],
        revision=meta.get("revision") if isinstance(meta.get("revision"), int) else None,
    )


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


def _category(name: str) -> Category:
    category = Category.objects.filter(name__iexact=name).first()
    if category is None:
        category, _ = Category.objects.get_or_create(
            slug=slugify(name)[:80] or "guides", defaults={"name": name[:80]}
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


@transaction.atomic
def import_pages(directory: Path, *, author) -> ImportReport:
    """Read every *.md file; new pages are created, changed ones get a new revision."""
    report = ImportReport()
    for path in sorted(directory.glob("*.md")):
        try:
            page_file = loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ValueError(f"{path.name}: {exc}") from exc
        slug = page_file.slug or services.slug_from_title(page_file.title)
        page = Page.objects.with_current().filter(slug=slug).first()
        summary = f"Imported from {path.name}"
        if page is None:
            page = services.page_create(
                title=page_file.title, category=_category(page_file.category),
                body=page_file.body, author=author, summary=summary,
                topics=_topics(page_file.topics), slug=slug,
            )  # fmt: skip
            report.created.append(page.slug)
            continue
        outcome = services.page_edit(
            page=page, author=author, body=page_file.body,
            base_revision=page.current_revision.number, summary=summary,
            title=page_file.title, category=_category(page_file.category),
            topics=_topics(page_file.topics),
        )  # fmt: skip
        if outcome.status == services.EditStatus.UNCHANGED:
            report.unchanged.append(page.slug)
        else:
            report.updated.append(page.slug)
    return report
