"""Content to moderate, made straight through the ORM (the other apps' services live on their
own branches). The integrator may swap these for the apps' own factories."""

import factory
from django.contrib.contenttypes.models import ContentType

from discussions.models import Challenge, Comment, Solution
from knowledge.models import Category, Page
from moderation.models import Flag, FlagReason
from tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    category = factory.SubFactory(CategoryFactory)
    created_by = factory.SubFactory(UserFactory)


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    title = factory.Sequence(lambda n: f"Celery workers will not start ({n})")
    body = "The worker exits at once in production."
    body_html = "<p>The worker exits at once in production.</p>"
    author = factory.SubFactory(UserFactory)


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    challenge = factory.SubFactory(ChallengeFactory)
    body = "Run the worker with the right --app flag."
    body_html = "<p>Run the worker with the right --app flag.</p>"
    author = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    challenge = factory.SubFactory(ChallengeFactory)
    body = "Which broker do you use?"
    body_html = "<p>Which broker do you use?</p>"
    author = factory.SubFactory(UserFactory)


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
