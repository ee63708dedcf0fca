import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from moderation import services
from moderation.models import Flag, FlagReason, LogAction, ModerationLogEntry
from tests.factories import CommentFactory, FlagFactory, PageFactory, UserFactory


def _flag(target, flagger, reason=FlagReason.SPAM):
    return services.flag_create(flagger=flagger, target=target, reason=reason, note="")


def test_a_learner_flags_once_per_item(solution, learner):
    first, created = _flag(solution, learner)
    again, created_again = _flag(solution, learner)
    assert created and not created_again
    assert first.pk == again.pk
    assert Flag.objects.count() == 1


def test_flagging_your_own_post_is_refused(solution, author):
    with pytest.raises(PermissionDenied):
        _flag(solution, author)


def test_enough_distinct_flaggers_hide_the_item_automatically(settings, solution):
    settings.NEXUS_AUTO_HIDE_FLAGS = 3
    for _ in range(2):
        _flag(solution, UserFactory())
    solution.refresh_from_db()
    assert solution.hidden_at is None
    _flag(solution, UserFactory())
    solution.refresh_from_db()
    assert solution.hidden_at is not None and solution.hidden_by is None
    entry = ModerationLogEntry.objects.get()
    assert entry.action == LogAction.AUTO_HIDE and entry.actor is None


def test_hide_then_restore_brings_the_item_back_exactly(solution, moderator):
    before = type(solution).objects.values().get(pk=solution.pk)
    assert services.content_hide(moderator=moderator, target=solution, reason="Spam link")
    solution.refresh_from_db()
    assert solution.hidden_reason == "Spam link" and solution.hidden_by == moderator
    assert services.content_restore(moderator=moderator, target=solution)
    assert type(solution).objects.values().get(pk=solution.pk) == before


def test_hiding_twice_changes_nothing(solution, moderator):
    assert services.content_hide(moderator=moderator, target=solution, reason="first")
    assert not services.content_hide(moderator=moderator, target=solution, reason="second")
    solution.refresh_from_db()
    assert solution.hidden_reason == "first"
    assert ModerationLogEntry.objects.filter(action=LogAction.HIDE).count() == 1


def test_hide_needs_a_reason(solution, moderator):
    with pytest.raises(ValueError):
        services.content_hide(moderator=moderator, target=solution, reason="   ")


def test_services_recheck_permissions(solution, learner):
    with pytest.raises(PermissionDenied):
        services.content_hide(moderator=learner, target=solution, reason="nope")


def test_hide_resolves_the_open_flags(solution, learner, moderator):
    _flag(solution, learner)
    services.content_hide(moderator=moderator, target=solution, reason="Wrong")
    assert not Flag.objects.open().exists()
    assert Flag.objects.get().resolution == "hidden"


def test_a_moderator_confirms_an_automatic_hide_with_a_reason(settings, solution, moderator):
    settings.NEXUS_AUTO_HIDE_FLAGS = 1
    _flag(solution, UserFactory())
    assert services.content_hide(moderator=moderator, target=solution, reason="Confirmed spam")
    solution.refresh_from_db()
    assert solution.hidden_by == moderator and solution.hidden_reason == "Confirmed spam"


def test_dismissing_flags_brings_back_an_automatically_hidden_item(settings, solution, moderator):
    settings.NEXUS_AUTO_HIDE_FLAGS = 1
    _flag(solution, UserFactory())
    solution.refresh_from_db()
    assert services.flags_dismiss(moderator=moderator, target=solution) == 1
    solution.refresh_from_db()
    assert solution.hidden_at is None
    actions = set(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions == {LogAction.AUTO_HIDE, LogAction.DISMISS_FLAGS, LogAction.RESTORE}


def test_dismissing_twice_changes_nothing(solution, learner, moderator):
    _flag(solution, learner)
    assert services.flags_dismiss(moderator=moderator, target=solution) == 1
    assert services.flags_dismiss(moderator=moderator, target=solution) == 0
    assert ModerationLogEntry.objects.filter(action=LogAction.DISMISS_FLAGS).count() == 1


def test_approving_a_held_post_publishes_it_and_counts_for_its_author(moderator):
    newcomer = UserFactory(approved_posts=0)
    comment = CommentFactory(author=newcomer, is_held=True)
    assert services.post_approve(moderator=moderator, post=comment)
    comment.refresh_from_db()
    newcomer.refresh_from_db()
    assert not comment.is_held and newcomer.approved_posts == 1
    assert not services.post_approve(moderator=moderator, post=comment)
    newcomer.refresh_from_db()
    assert newcomer.approved_posts == 1


def test_lock_and_protect_are_logged_once(challenge, moderator):
    page = PageFactory()
    assert services.challenge_set_locked(moderator=moderator, challenge=challenge, locked=True)
    assert not services.challenge_set_locked(moderator=moderator, challenge=challenge, locked=True)
    assert services.page_set_protected(moderator=moderator, page=page, protected=True)
    challenge.refresh_from_db()
    page.refresh_from_db()
    assert challenge.is_locked and page.is_protected
    assert sorted(ModerationLogEntry.objects.values_list("action", flat=True)) == [
        LogAction.LOCK,
        LogAction.PROTECT,
    ]


def test_suspend_and_end_early(learner, moderator):
    until = timezone.now() + timezone.timedelta(days=3)
    assert services.user_suspend(moderator=moderator, user=learner, until=until, reason="Spam")
    learner.refresh_from_db()
    assert learner.suspended_until == until
    assert services.user_unsuspend(moderator=moderator, user=learner)
    assert not services.user_unsuspend(moderator=moderator, user=learner)
    learner.refresh_from_db()
    assert learner.suspended_until is None
    actions = list(ModerationLogEntry.objects.values_list("action", flat=True))
    assert actions == [LogAction.UNSUSPEND, LogAction.SUSPEND]


def test_a_suspension_cannot_end_in_the_past(learner, moderator):
    with pytest.raises(ValueError):
        services.user_suspend(
            moderator=moderator,
            user=learner,
            until=timezone.now() - timezone.timedelta(hours=1),
            reason="Spam",
        )


def test_moderators_cannot_be_suspended(moderator):
    other = UserFactory()
    other.is_moderator = True
    with pytest.raises(PermissionDenied):
        services.user_suspend(
            moderator=moderator,
            user=other,
            until=timezone.now() + timezone.timedelta(days=1),
            reason="x",
        )


def test_log_entries_cannot_be_changed_or_deleted(solution, moderator):
    services.content_hide(moderator=moderator, target=solution, reason="Spam")
    entry = ModerationLogEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_flag_factory_targets_anything(moderator):
    flag = FlagFactory(target=PageFactory())
    assert flag.content_type.model == "page"
