"""Authors hear from the moderators: a hide (with its reason), a restore, an approval.

Moderation tells a post's author itself, with one explicit call:
`notifications.services.notifications_create(recipients=[Recipient(post.author_id,
Kind.MODERATION, text, url)], actor_id=...)`. The first tests hold that call to its contract.

The end-to-end tests after them check the texts moderation.services sends through that call.
"""

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import EmailPreference
from moderation import services
from notifications.models import EmailState, Kind, Notification
from notifications.services import Recipient, notifications_create
from tests.factories import ChallengeFactory, CommentFactory, SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notices(user):
    return list(
        Notification.objects.filter(recipient=user, kind=Kind.MODERATION)
        .order_by("pk")
        .values_list("text", "url")
    )


# --- the call moderation makes ---------------------------------------------------------------


def test_a_moderation_notice_reaches_the_author_with_its_text_and_link(moderator):
    bea = UserFactory(username="bea")

    made = notifications_create(
        recipients=[Recipient(bea.pk, Kind.MODERATION, "A moderator restored it.", "/c/1/")],
        actor_id=moderator.pk,
    )

    assert len(made) == 1
    notice = Notification.objects.get(pk=made[0])
    assert (notice.recipient, notice.actor, notice.kind) == (bea, moderator, Kind.MODERATION)
    assert _notices(bea) == [("A moderator restored it.", "/c/1/")]


def test_a_notice_with_no_actor_still_reaches_the_author():
    """Flags hide a post with nobody acting: the author still hears of it."""
    bea = UserFactory(username="bea")

    notifications_create(recipients=[Recipient(bea.pk, Kind.MODERATION, "Hidden.", "/c/1/")])

    assert _notices(bea) == [("Hidden.", "/c/1/")]


def test_a_moderator_is_not_told_of_their_own_act(moderator):
    made = notifications_create(
        recipients=[Recipient(moderator.pk, Kind.MODERATION, "Hidden.", "/c/1/")],
        actor_id=moderator.pk,
    )

    assert made == []
    assert _notices(moderator) == []


def test_the_notice_email_goes_after_commit_and_never_on_rollback(
    moderator, django_capture_on_commit_callbacks
):
    bea = UserFactory(username="bea")
    bea.profile.email_notifications = EmailPreference.IMMEDIATE
    bea.profile.save()
    notice = [Recipient(bea.pk, Kind.MODERATION, "A moderator hid it: spam", "/c/1/")]

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notifications_create(recipients=notice, actor_id=moderator.pk)
        raise RuntimeError("rolled back")
    assert _notices(bea) == []
    assert mail.outbox == []

    with django_capture_on_commit_callbacks() as on_commit:
        notifications_create(recipients=notice, actor_id=moderator.pk)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        for callback in on_commit:
            callback()
    assert [m.to for m in mail.outbox] == [[bea.email]]
    assert Notification.objects.get(recipient=bea).email_state == EmailState.SENT


# --- from the moderator's act to the author's inbox --------------------------------------------


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
