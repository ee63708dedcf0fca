"""Markdown bodies as learners write them (headings, code, lists, [[wiki links]], mentions),
rendered once per distinct template through the site's renderers, then varied cheaply: a
last paragraph with the item's own words, added to both the markdown and its HTML, and the
link placeholders swapped for real page slugs."""

from __future__ import annotations

import random
from html import escape

from django.utils.text import slugify

WORDS = [
    "celery",
    "retry",
    "worker",
    "broker",
    "rabbitmq",
    "redis",
    "cache",
    "invalidation",
    "ttl",
    "django",
    "orm",
    "queryset",
    "select_related",
    "prefetch_related",
    "index",
    "postgresql",
    "query",
    "pagination",
    "cursor",
    "api",
    "rest",
    "graphql",
    "docker",
    "container",
    "compose",
    "deploy",
    "gunicorn",
    "migration",
    "rollback",
    "jwt",
    "oauth2",
    "session",
    "token",
    "permission",
    "throttle",
    "upload",
    "stream",
    "storage",
    "pytest",
    "fixture",
    "coverage",
    "pipeline",
    "logging",
    "metrics",
    "tracing",
    "latency",
    "timeout",
    "deadlock",
    "transaction",
    "serializer",
    "middleware",
    "signal",
    "queue",
    "async",
    "versioning",
    "header",
    "webhook",
    "json",
    "validation",
    "traceback",
    "profile",
    "constraint",
    "replica",
    "backup",
]
FILLER = [
    "the",
    "a",
    "to",
    "of",
    "and",
    "in",
    "is",
    "it",
    "that",
    "for",
    "on",
    "with",
    "this",
    "we",
    "when",
    "my",
    "after",
    "our",
    "but",
    "not",
    "how",
    "why",
    "use",
    "runs",
    "each",
    "every",
    "then",
    "still",
    "again",
    "before",
    "fails",
    "works",
    "request",
    "response",
    "server",
    "client",
    "user",
    "data",
    "time",
    "first",
    "new",
    "change",
    "page",
    "production",
    "local",
    "slow",
    "fast",
    "once",
    "twice",
]
LINK_A, LINK_B, LINK_MISSING = "Zqlinkaq", "Zqlinkbq", "Zqlinkmissingq"
TEMPLATES = 40


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.3 else rng.choice(FILLER) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def wiki_markdown(rng: random.Random) -> str:
    return "\n\n".join(
        [
            paragraph(rng, 3),
            f"## {sentence(rng, 3)[:-1]}",
            paragraph(rng, 2) + f" See [[{LINK_A}]] and [[{LINK_B}]].",
            "```python\n"
            + "\n".join(f"result = {rng.choice(WORDS)}({i})" for i in range(4))
            + "\n```",
            "\n".join(f"- {sentence(rng, 5)}" for _ in range(4)),
            f"## {sentence(rng, 2)[:-1]}",
            paragraph(rng, 3) + f" Nobody wrote [[{LINK_MISSING}]] yet.",
            "| setting | value |\n|---|---|\n| timeout | 30 |\n| retries | 5 |",
        ]
    )


def post_markdown(rng: random.Random, paragraphs: int) -> str:
    parts = [paragraph(rng, 2) for _ in range(paragraphs)]
    if rng.random() < 0.5:
        parts.append("```\n" + "\n".join(rng.choice(WORDS) for _ in range(3)) + "\n```")
    return "\n\n".join(parts)


class Bodies:
    """Rendered templates: (markdown, html, toc) for pages; (markdown, html) for posts."""

    def __init__(self, rng: random.Random):
        from discussions.services import render_body
        from knowledge.rendering import render_wiki

        self.rng = rng
        existing = {slugify(LINK_A): slugify(LINK_A), slugify(LINK_B): slugify(LINK_B)}
        self.pages = []
        for _ in range(TEMPLATES):
            md = wiki_markdown(rng)
            rendered = render_wiki(md, existing=existing)
            self.pages.append((md, rendered.html, rendered.toc_html))
        self.challenges = [self._post(render_body, 3) for _ in range(TEMPLATES)]
        self.solutions = [self._post(render_body, 2) for _ in range(TEMPLATES)]
        self.comments = [
            (md, render_body(md, comment=True))
            for md in (paragraph(rng, 1) for _ in range(TEMPLATES))
        ]

    def _post(self, render_body, paragraphs):
        md = post_markdown(self.rng, paragraphs)
        return md, render_body(md)

    def _tail(self, label: str) -> tuple[str, str]:
        words = sentence(self.rng, 12)
        return f"\n\n{words} ({label})", f"\n<p>{escape(words)} ({escape(label)})</p>"

    def page(self, label: str, link_a: tuple[str, str], link_b: tuple[str, str]):
        """(markdown, html, toc, linked slugs) linking to two pages given as (title, slug)."""
        md, html, toc = self.rng.choice(self.pages)
        tail_md, tail_html = self._tail(label)
        for placeholder, (title, slug) in ((LINK_A, link_a), (LINK_B, link_b)):
            md = md.replace(placeholder, title)
            html = html.replace(slugify(placeholder), slug).replace(placeholder, escape(title))
        return md + tail_md, html + tail_html, toc, [link_a[1], link_b[1]]

    def post(self, kind: str, label: str) -> tuple[str, str]:
        md, html = self.rng.choice(getattr(self, kind))
        tail_md, tail_html = self._tail(label)
        return md + tail_md, html + tail_html
