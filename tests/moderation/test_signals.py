"""What moderation changes elsewhere: the challenge's counters and last activity, the usual
notifications when a held post is approved, and the moderators' cached queue size."""

import pytest
from django.core.cache import cache

from discussions import services as discussions
from discussions.models import Challenge
from moderation import services
from moderation.services import QUEUE_SIZE_KEY
from notifications.models import Kind, Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(learner, other_learner):
    """ada's challenge with grace's solution (two comments on it) and one comment on it."""
    challenge = discussions.challenge_create(
        author=learner, title="Celery task retries pile up", body="Why?"
    )
    solution = discussions.solution_create(
        challenge=challenge, author=other_learner, body="Use acks_late."
    )
    discussions.comment_create(target=solution, author=learner, body="Thanks!")
    discussions.comment_create(target=solution, author=learner, body="Which broker?")
    comment = discussions.comment_create(target=challenge, author=other_learner, body="Logs?")
    return challenge, solution, comment


def counts(challenge):
    challenge = Challenge.objects.get(pk=challenge.pk)
    return challenge.solution_count, challenge.comment_count


def test_hiding_and_restoring_a_solution_recounts_the_challenge(thread, moderator):
    challenge, solution, _ = thread
    assert counts(challenge) == (1, 3)
    services.content_hide(moderator=moderator, target=solution, reason="Plagiarised")
    assert counts(challenge) == (0, 1)  # its comments went out of sight with it
    services.content_restore(moderator=moderator, target=solution)
    assert counts(challenge) == (1, 3)


def test_hiding_and_restoring_a_comment_recounts_the_challenge(thread, moderator):
    challenge, _, comment = thread
    services.content_hide(moderator=moderator, target=comment, reason="Rude")
    assert counts(challenge) == (1, 2)
    services.content_restore(moderator=moderator, target=comment)
    assert counts(challenge) == (1, 3)


def test_an_automatic_hide_and_its_dismissal_recount_the_challenge(settings, thread, moderator):
    settings.NEXUS_AUTO_HIDE_FLAGS = 2
    challenge, solution, _ = thread
    for flagger in UserFactory.create_batch(2):
        services.flag_create(flagger=flagger, target=solution, reason="spam")
    assert counts(challenge) == (0, 1)
    services.flags_dismiss(moderator=moderator, target=solution)
    assert counts(challenge) == (1, 3)


def test_a_held_post_is_not_news_until_it_is_approved(
    thread, moderator, other_learner, django_capture_on_commit_callbacks
):
    challenge, solution, _ = thread
    before = Challenge.objects.get(pk=challenge.pk).last_activity_at
    Notification.objects.all().delete()
    newcomer = UserFactory(username="newbie", approved_posts=0)

    held = discussions.comment_create(target=solution, author=newcomer, body="Same here!")

    assert held.is_held
    assert Challenge.objects.get(pk=challenge.pk).last_activity_at == before
    assert counts(challenge) == (1, 3)
    assert not Notification.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):  # notifications go after commit
        assert services.post_approve(moderator=moderator, post=held) is True

    assert Challenge.objects.get(pk=challenge.pk).last_activity_at > before
    assert counts(challenge) == (1, 4)
    notice = Notification.objects.get(recipient=other_learner)  # the solution's author
    assert notice.kind == Kind.SOLUTION_COMMENT
    assert notice.url == held.get_absolute_url()


def test_approving_twice_notifies_only_the_first_time(
    thread, moderator, django_capture_on_commit_callbacks
):
    _, solution, _ = thread
    held = discussions.comment_create(
        target=solution, author=UserFactory(approved_posts=0), body="Me too"
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):  # notifications go after commit
        services.post_approve(moderator=moderator, post=held)
    sent = Notification.objects.count()
    assert sent  # the solution's author and the challenge's watchers
    with django_capture_on_commit_callbacks(execute=True):
        assert services.post_approve(moderator=moderator, post=held) is False
    assert Notification.objects.count() == sent


def test_a_new_held_post_forgets_the_cached_queue_size(thread):
    challenge, _, _ = thread
    cache.set(QUEUE_SIZE_KEY, 0)
    discussions.comment_create(target=challenge, author=UserFactory(approved_posts=0), body="Hi")
    assert cache.get(QUEUE_SIZE_KEY) is None


def test_a_public_post_keeps_the_cached_queue_size(thread, learner):
    challenge, _, _ = thread
    cache.set(QUEUE_SIZE_KEY, 0)
    discussions.comment_create(target=challenge, author=learner, body="Any news?")
    assert cache.get(QUEUE_SIZE_KEY) == 0


def test_a_new_flag_forgets_the_cached_queue_size(thread, other_learner):
    challenge, _, _ = thread
    cache.set(QUEUE_SIZE_KEY, 0)
    services.flag_create(flagger=other_learner, target=challenge, reason="off-topic")
    assert cache.get(QUEUE_SIZE_KEY) is None
