import factory

from discussions.models import Challenge, Comment, Solution
from discussions.services import render_body
from knowledge.models import Topic
from tests.factories import UserFactory


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Celery worker problem number {n}")
    body = "My tasks vanish. What should I check?"
    body_html = factory.LazyAttribute(lambda o: render_body(o.body))


class SolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Solution

    challenge = factory.SubFactory(ChallengeFactory)
    author = factory.SubFactory(UserFactory)
    body = "Add retries with exponential back-off and a time limit."
    body_html = factory.LazyAttribute(lambda o: render_body(o.body))


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    author = factory.SubFactory(UserFactory)
    body = "Which broker do you use?"
    body_html = factory.LazyAttribute(lambda o: render_body(o.body, comment=True))
