"""Authors hear from the moderators: a hide (with its reason), a restore, an approval."""

import pytest

from moderation import services
from notifications.models import Kind, Notification
from tests.factories import ChallengeFactory, CommentFactory, SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notices(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.MODERATION)
        .order_by("pk")
        .values_list("text", "url")
    )


def test_the_author_hears_of_a_hide_with_its_reason_and_of_the_restore(moderator):
    bea = UserFactory(username="bea")
    solution = SolutionFactory(author=bea, challenge=ChallengeFactory(title="Workers hang"))

    services.content_hide(moderator=moderator, target=solution, reason="Contains a password")
    services.content_restore(moderator=moderator, target=solution)

    url = solution.get_absolute_url()
    assert _notices(bea) == [
        ("A moderator hid your solution to “Workers hang”: Contains a password", url),
        ("A moderator restored your solution to “Workers hang”.", url),
    ]


def test_doing_nothing_twice_tells_nobody_twice(moderator):
    bea = UserFactory(username="bea")
    challenge = ChallengeFactory(author=bea, title="Workers hang")

    services.content_hide(moderator=moderator, target=challenge, reason="Spam")
    services.content_hide(moderator=moderator, target=challenge, reason="Spam")

    assert len(_notices(bea)) == 1


def test_an_automatic_hide_tells_the_author_a_moderator_will_look(settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 2
    bea = UserFactory(username="bea")
    comment = CommentFactory(author=bea, challenge=ChallengeFactory(title="Workers hang"))

    for _ in range(2):
        services.flag_create(flagger=UserFactory(), target=comment, reason="spam")

    assert _notices(bea) == [
        (
            "Learners flagged your comment on “Workers hang”, so it is hidden until a "
            "moderator looks.",
            comment.get_absolute_url(),
        )
    ]


def test_an_approved_first_post_tells_its_author(moderator):
    newcomer = UserFactory(username="newcomer")
    solution = SolutionFactory(challenge=ChallengeFactory(title="Workers hang"))
    comment = CommentFactory(author=newcomer, challenge=None, solution=solution, is_held=True)

    services.post_approve(moderator=moderator, post=comment)

    assert _notices(newcomer) == [
        (
            "A moderator approved your comment on “Workers hang”: everyone can see it now.",
            comment.get_absolute_url(),
        )
    ]


def test_a_moderator_acting_on_their_own_post_is_not_notified(moderator):
    challenge = ChallengeFactory(author=moderator, title="Mine")

    services.content_hide(moderator=moderator, target=challenge, reason="Duplicate")

    assert _notices(moderator) == []
