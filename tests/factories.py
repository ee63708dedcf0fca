"""Every way the tests build rows: factory_boy factories, and helpers for content with
revisions (a wiki page's live revision, search's indexed text) made the way the services do."""

from datetime import timedelta

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.services import moderator_grant
from core.markdown import render_markdown
from discussions.models import Challenge, Comment, Solution
from knowledge.models import Category, Page, Topic
from moderation.models import Flag, FlagReason

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    # Past the held-posts threshold unless a test asks for a brand-new account.
    approved_posts = 5
    # Old enough to vote (NEXUS_VOTE_MIN_ACCOUNT_HOURS) unless a test asks for a new account.
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )

    @factory.post_generation
    def track(self, create, extracted, **kwargs):
        if create and extracted:
            self.profile.track = extracted
            self.profile.save(update_fields=["track"])


class ModeratorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"moderator{n}")

    @factory.post_generation
    def moderator_role(self, create, extracted, **kwargs):
        if create:
            moderator_grant(user=self)


# --- The wiki -------------------------------------------------------------------------------


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    """A page row without revisions; `make_page` gives one with its live revision."""

    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    category = factory.SubFactory(CategoryFactory)
    created_by = factory.SubFactory(UserFactory)


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


# --- Challenges, solutions, comments --------------------------------------------------------


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Celery workers will not start ({n})")
    body = "The worker exits at once in production."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    author = factory.SubFactory(UserFactory)


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    challenge = factory.SubFactory(ChallengeFactory)
    body = "Run the worker with the right --app flag."
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body))
    author = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    challenge = factory.SubFactory(ChallengeFactory)
    body = "Which broker do you use?"
    body_html = factory.LazyAttribute(lambda o: render_markdown(o.body, comment=True))
    author = factory.SubFactory(UserFactory)


def make_challenge(title: str, body: str = "", *, topics=(), author=None, **extra) -> Challenge:
    challenge = ChallengeFactory(author=author or UserFactory(), title=title, body=body, **extra)
    if topics:
        challenge.topics.add(*topics)
    return challenge


def make_solution(challenge: Challenge, body: str, *, author=None, **extra) -> Solution:
    return SolutionFactory(challenge=challenge, author=author or UserFactory(), body=body, **extra)


# --- Moderation -----------------------------------------------------------------------------


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag
        exclude = ["target"]

    target = factory.SubFactory(SolutionFactory)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    object_id = factory.LazyAttribute(lambda o: o.target.pk)
    flagger = factory.SubFactory(UserFactory)
    reason = FlagReason.INCORRECT
    note = ""


# --- Portfolios -----------------------------------------------------------------------------


def make_declared_term(user, name: str, *, topic=None, kind: str = "technology", description=""):
    from portfolios.importer import term_key
    from portfolios.models import DeclaredTerm

    return DeclaredTerm.objects.create(
        user=user, name=name, key=term_key(name), topic=topic, kind=kind, description=description
    )


def make_note(user, body: str):
    from portfolios.importer import text_key
    from portfolios.models import Note

    return Note.objects.create(
        user=user, body=body, body_html=render_markdown(body), fingerprint=text_key(body)
    )
