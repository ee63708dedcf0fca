"""Content for search tests, made through the ORM the way the wiki and challenge services do."""

from django.utils.text import slugify

from core.markdown import render_markdown
from discussions.models import Challenge, Solution
from knowledge.models import Category, Page, Topic
from tests.factories import UserFactory


def make_topic(name: str) -> Topic:
    topic, _ = Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    return topic


def make_page(title: str, body: str = "", *, topics=(), author=None) -> Page:
    author = author or UserFactory()
    category, _ = Category.objects.get_or_create(slug="general", defaults={"name": "General"})
    page = Page.objects.create(
        title=title, slug=slugify(title)[:200], category=category, created_by=author
    )
    revise_page(page, body, author=author)
    if topics:
        page.topics.add(*topics)
    return page


def revise_page(page: Page, body: str, *, author=None, title: str | None = None) -> Page:
    author = author or page.created_by
    number = page.current_revision.number + 1 if page.current_revision else 1
    revision = page.revisions.create(
        number=number, author=author, title=title or page.title, body=body,
        body_html=render_markdown(body), size=len(body),
    )  # fmt: skip
    page.current_revision = revision
    if title:
        page.title = title
    page.save()
    return page


def make_challenge(title: str, body: str = "", *, topics=(), author=None, **extra) -> Challenge:
    challenge = Challenge.objects.create(
        author=author or UserFactory(), title=title, body=body,
        body_html=render_markdown(body), **extra,
    )  # fmt: skip
    if topics:
        challenge.topics.add(*topics)
    return challenge


def make_solution(challenge: Challenge, body: str, *, author=None, **extra) -> Solution:
    return Solution.objects.create(
        challenge=challenge, author=author or UserFactory(), body=body,
        body_html=render_markdown(body), **extra,
    )  # fmt: skip
