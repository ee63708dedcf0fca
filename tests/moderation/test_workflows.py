"""A moderator's decision, followed through the registry: the content kind's own hooks, the
search index and the author's notice, called in order by moderation.services."""

import dataclasses
from http import HTTPStatus

import pytest
from django.http import Http404

from core import registry
from moderation import services
from moderation.targets import get_target
from notifications.models import Kind, Notification
from search.models import SearchDocument
from tests.factories import ChallengeFactory, CommentFactory, PageFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def spy(monkeypatch):
    """Swap the registered `challenge` kind for one whose hooks record their calls."""
    calls = []
    kind = registry.get("challenge")
    spying = dataclasses.replace(
        kind,
        on_visibility_changed=lambda obj, actor: calls.append(("visibility", obj.pk, actor)),
        on_approved=lambda obj, actor: calls.append(("approved", obj.pk, actor)),
    )
    monkeypatch.setitem(registry._kinds, "challenge", spying)
    return calls


def test_an_unknown_kind_is_404(moderator_client):
    with pytest.raises(Http404):
        get_target("user", 1)
    response = moderator_client.post("/moderation/hide/user/1/", {"reason": "x"})
    assert response.status_code == HTTPStatus.NOT_FOUND


def test_hide_restore_and_approve_run_the_kinds_hooks(spy, moderator):
    challenge = ChallengeFactory(is_held=True)

    services.content_hide(moderator=moderator, target=challenge, reason="Spam")
    services.content_restore(moderator=moderator, target=challenge)
    services.post_approve(moderator=moderator, post=challenge)

    assert spy == [
        ("visibility", challenge.pk, moderator),
        ("visibility", challenge.pk, moderator),
        ("approved", challenge.pk, moderator),
    ]


def test_doing_nothing_runs_no_hook(spy, moderator):
    challenge = ChallengeFactory()
    services.content_restore(moderator=moderator, target=challenge)  # not hidden
    services.post_approve(moderator=moderator, post=challenge)  # not held
    assert spy == []


def test_an_automatic_hide_runs_the_hook_without_a_moderator(spy, settings):
    settings.NEXUS_AUTO_HIDE_FLAGS = 1
    challenge = ChallengeFactory()
    services.flag_create(flagger=UserFactory(), target=challenge, reason="spam")
    assert spy == [("visibility", challenge.pk, None)]


def _visibility(obj) -> str:
    kind = registry.kind_of(obj).name
    return SearchDocument.objects.get(kind=kind, object_id=obj.pk).visibility


def test_search_reindexes_after_hide_restore_and_approve(moderator):
    challenge = ChallengeFactory(is_held=True)
    assert _visibility(challenge) == SearchDocument.Visibility.HELD

    services.post_approve(moderator=moderator, post=challenge)
    assert _visibility(challenge) == SearchDocument.Visibility.PUBLIC
    services.content_hide(moderator=moderator, target=challenge, reason="Spam")
    assert _visibility(challenge) == SearchDocument.Visibility.HIDDEN
    services.content_restore(moderator=moderator, target=challenge)
    assert _visibility(challenge) == SearchDocument.Visibility.PUBLIC


def test_hide_notifies_the_author_with_the_reason(moderator, django_capture_on_commit_callbacks):
    bea = UserFactory(username="bea")
    comment = CommentFactory(author=bea, challenge=ChallengeFactory(title="Workers hang"))

    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(moderator=moderator, target=comment, reason="Rude")

    notice = Notification.objects.get(recipient=bea)
    assert notice.kind == Kind.MODERATION
    assert notice.text == "A moderator hid your comment on “Workers hang”: Rude"
    assert notice.url == comment.get_absolute_url()
    assert notice.actor == moderator


def test_hiding_a_wiki_page_notifies_nobody(moderator, django_capture_on_commit_callbacks):
    page = PageFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.content_hide(moderator=moderator, target=page, reason="Vandalised")
    assert not Notification.objects.exists()
