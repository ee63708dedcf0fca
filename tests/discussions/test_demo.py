from datetime import timedelta

import pytest
from django.utils import timezone

from discussions.models import Challenge, Comment, Solution
from hub.demo import challenges
from hub.demo.people import demo_accounts
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_complete(client):
    accounts = demo_accounts()
    challenges.seed(accounts)
    counts = (Challenge.objects.count(), Solution.objects.count(), Comment.objects.count())
    challenges.seed(accounts)
    assert (Challenge.objects.count(), Solution.objects.count(), Comment.objects.count()) == counts
    assert counts[0] >= 8
    celery = Challenge.objects.get(title__icontains="celery tasks fail silently")
    assert celery.status == Challenge.Status.SOLVED
    assert celery.wiki_page is not None
    assert celery.wiki_page.current_revision.body_html
    accepted = celery.solutions.get(is_accepted=True)
    assert "retry" in accepted.body and "time limit" in accepted.body.lower()
    assert Notification.objects.filter(recipient=accounts.backend).exists()
    assert Notification.objects.filter(recipient=accounts.frontend).exists()
    assert Challenge.objects.filter(solution_count=0).exists()  # one unanswered
    response = client.get(celery.get_absolute_url())
    assert response.status_code == 200
    assert "Turned into wiki page" in response.content.decode()


def test_demo_conversion_is_the_products_own(client):
    """The converted page is made as a learner would make it: the conversion's draft saved by
    the wiki's service (revision 1 with its summary, the challenge's topics), linked back."""
    accounts = demo_accounts()
    challenges.seed(accounts)
    celery = Challenge.objects.get(title__icontains="celery tasks fail silently")
    page = celery.wiki_page
    revision = page.current_revision
    assert revision.number == 1 and revision.author == celery.author
    assert revision.summary.startswith(f"From challenge #{celery.pk}, solution by @")
    assert f"from challenge [#{celery.pk}:" in revision.body
    assert set(page.topics.all()) == set(celery.topics.all())
    html = client.get(page.get_absolute_url()).content.decode()
    assert f"From challenge #{celery.pk}" in html


def test_seed_after_topics_exist(db):
    from knowledge.models import Topic

    Topic.objects.create(slug="celery", name="Celery (the task queue)")
    challenges.seed(demo_accounts())
    assert Topic.objects.get(slug="celery").name == "Celery (the task queue)"


def test_demo_is_dated_in_the_past_in_a_believable_order():
    challenges.seed(demo_accounts())

    now = timezone.now()
    for challenge in Challenge.objects.prefetch_related("solutions", "comments"):
        posts = [*challenge.solutions.all(), *challenge.comments.all()]
        assert all(challenge.created_at <= p.created_at <= now for p in posts), challenge.title
        latest = max([challenge.created_at, *(p.created_at for p in posts)])
        assert latest <= challenge.last_activity_at <= now, challenge.title
        for solution in challenge.solutions.all():
            if solution.is_accepted:
                assert solution.created_at < solution.accepted_at < now - timedelta(hours=6)
    celery = Challenge.objects.get(title__icontains="celery tasks fail silently")
    page = celery.wiki_page
    accepted_at = celery.solutions.get(is_accepted=True).accepted_at
    assert accepted_at < page.created_at < now - timedelta(hours=6)


def test_demo_notifications_are_as_old_as_what_they_report():
    before = Notification.objects.create(
        recipient=demo_accounts().backend, kind="mention", text="From a site in use", url="/"
    )
    challenges.seed(demo_accounts())

    now = timezone.now()
    seeded = Notification.objects.exclude(pk=before.pk)
    assert seeded.count() >= 5
    assert not seeded.filter(created_at__gt=now - timedelta(hours=6)).exists()
    before.refresh_from_db()
    assert before.created_at > now - timedelta(minutes=5)  # not re-dated
    celery = Challenge.objects.get(title__icontains="celery tasks fail silently")
    accepted = celery.solutions.get(is_accepted=True)
    told = Notification.objects.get(recipient=accepted.author, kind="accepted")
    assert told.created_at == accepted.accepted_at
    # The inbox reads like the weeks it reports: the unread ones are the newest.
    accounts = demo_accounts()
    for user in (accounts.backend, accounts.frontend, accounts.moderator):
        inbox = list(Notification.objects.filter(recipient=user).exclude(pk=before.pk))
        unread = [n for n in inbox if n.read_at is None]
        assert 0 < len(unread) <= 3 and inbox[: len(unread)] == unread
        assert all(n.read_at >= n.created_at for n in inbox if n.read_at)


def test_demo_search_results_carry_the_posts_dates():
    from search.models import SearchDocument

    challenges.seed(demo_accounts())
    recent = timezone.now() - timedelta(hours=6)
    for solution in Solution.objects.all():
        doc = SearchDocument.objects.get(kind="solution", object_id=solution.pk)
        assert doc.updated_at == solution.created_at < recent
    for challenge in Challenge.objects.all():
        doc = SearchDocument.objects.get(kind="challenge", object_id=challenge.pk)
        assert doc.updated_at == challenge.created_at < recent
