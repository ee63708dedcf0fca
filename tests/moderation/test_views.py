"""The review queue, and the actions a moderator takes from it or from the item."""

from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from moderation.models import Flag, FlagReason, ModerationLogEntry
from moderation.services import QUEUE_SIZE_KEY
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    FlagFactory,
    PageFactory,
    SolutionFactory,
    UserFactory,
)

HX = {"HX-Request": "true"}


def url(action, target):
    return f"/moderation/{action}/{target._meta.model_name}/{target.pk}/"


# --- Queue ------------------------------------------------------------------------------------


def test_the_queue_needs_a_login(client, db):
    response = client.get("/moderation/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_the_queue_is_403_for_learners(learner_client):
    assert learner_client.get("/moderation/").status_code == HTTPStatus.FORBIDDEN
    assert learner_client.get("/moderation/log/").status_code == HTTPStatus.FORBIDDEN


def test_the_queue_groups_flags_per_item_oldest_first(moderator_client, solution, challenge):
    FlagFactory(target=challenge, reason=FlagReason.SPAM, note="old one")
    FlagFactory(target=solution, reason=FlagReason.INCORRECT, note="wrong broker")
    FlagFactory(target=solution, reason=FlagReason.SPAM)
    response = moderator_client.get("/moderation/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.index(f"review-challenge-{challenge.pk}") < html.index(
        f"review-solution-{solution.pk}"
    )
    assert "2 flags" in html and "Incorrect or outdated (1)" in html and "Spam (1)" in html
    assert "wrong broker" in html


def test_queue_notes_come_from_the_items_own_flags(moderator_client, solution):
    """A model of the same name in another app (a "solution" elsewhere) lends no notes."""
    elsewhere = ContentType.objects.create(app_label="elsewhere", model="solution")
    FlagFactory(target=solution, note="wrong broker")
    Flag.objects.create(
        content_type=elsewhere,
        object_id=solution.pk,
        flagger=UserFactory(),
        reason=FlagReason.OTHER,
        note="about something else",
    )
    html = moderator_client.get("/moderation/").content.decode()
    assert "wrong broker" in html
    assert "about something else" not in html


def test_the_queue_lists_held_posts(moderator_client, db):
    held = CommentFactory(is_held=True, author=UserFactory(approved_posts=0))
    html = moderator_client.get("/moderation/").content.decode()
    assert f"review-comment-{held.pk}" in html
    assert "Awaiting review" in html


def test_a_flagged_held_post_appears_once(moderator_client, db):
    held = CommentFactory(is_held=True)
    FlagFactory(target=held)
    html = moderator_client.get("/moderation/").content.decode()
    assert html.count(f'id="review-comment-{held.pk}"') == 1


def test_the_queue_paginates_and_survives_garbage_pages(moderator_client, settings, db):
    settings.PAGINATE_BY = 2
    for solution in SolutionFactory.create_batch(3):
        FlagFactory(target=solution)
    assert b"Page 1 of 2" in moderator_client.get("/moderation/").content
    assert moderator_client.get("/moderation/?page=99999999").status_code == HTTPStatus.OK
    assert moderator_client.get("/moderation/?page=abc").status_code == HTTPStatus.OK


def test_the_queue_with_10000_open_flags_runs_in_8_queries(
    moderator_client, django_assert_max_num_queries, db
):
    flaggers = UserFactory.create_batch(50)
    targets = [
        *SolutionFactory.create_batch(80),
        *ChallengeFactory.create_batch(60),
        *CommentFactory.create_batch(60),
        *[PageFactory() for _ in range(50)],
    ]
    flags = []
    for target in targets:
        content_type = ContentType.objects.get_for_model(target)
        for flagger in flaggers[:40]:
            flags.append(
                Flag(
                    content_type=content_type,
                    object_id=target.pk,
                    flagger=flagger,
                    reason=FlagReason.SPAM,
                    note=f"note by {flagger.username}",
                )
            )
    Flag.objects.bulk_create(flags)
    CommentFactory.create_batch(5, is_held=True)
    assert Flag.objects.open().count() == 10_000
    ContentType.objects.clear_cache()  # the budget holds on a cold cache
    with django_assert_max_num_queries(8):
        response = moderator_client.get("/moderation/")
    assert response.status_code == HTTPStatus.OK
    assert b"255 items waiting" in response.content
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(8):
        response = moderator_client.get("/moderation/?page=13")
    assert response.status_code == HTTPStatus.OK
    assert b"Page 13 of 13" in response.content


def test_the_header_shows_the_queue_size_and_caches_it(moderator_client, solution):
    FlagFactory(target=solution)
    cache.delete(QUEUE_SIZE_KEY)
    html = moderator_client.get("/u/mod/").content.decode()
    assert 'class="badge"' in html and ">1</span>" in html
    assert cache.get(QUEUE_SIZE_KEY) == 1


def test_a_new_flag_updates_the_header_count(moderator_client, learner, solution, challenge):
    FlagFactory(target=solution)
    moderator_client.get("/u/mod/")
    from moderation import services

    services.flag_create(flagger=learner, target=challenge, reason="spam")
    assert ">2</span>" in moderator_client.get("/u/mod/").content.decode()


# --- Actions ----------------------------------------------------------------------------------


def test_hide_from_the_queue_with_htmx_replaces_the_row(moderator_client, solution):
    FlagFactory(target=solution)
    response = moderator_client.post(url("hide", solution), {"reason": "Spam link"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.lstrip().startswith(
        f'<li class="card review-row" id="review-solution-{solution.pk}"'
    )
    assert "Hidden." in html and "Spam link" in html
    solution.refresh_from_db()
    assert solution.hidden_reason == "Spam link"


def test_hide_without_javascript_redirects_back(moderator_client, solution):
    response = moderator_client.post(
        url("hide", solution), {"reason": "Spam", "next": "/moderation/?page=2"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/moderation/?page=2"


def test_next_must_stay_on_this_site(moderator_client, solution):
    response = moderator_client.post(
        url("hide", solution), {"reason": "Spam", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/moderation/"


def test_hide_without_a_reason_is_a_form_error(moderator_client, solution):
    response = moderator_client.post(url("hide", solution), {"reason": ""})
    assert response.status_code == HTTPStatus.OK
    assert b"Give a reason" in response.content
    response = moderator_client.post(url("hide", solution), {"reason": " "}, headers=HX)
    assert response.status_code == HTTPStatus.OK and b"Give a reason" in response.content
    solution.refresh_from_db()
    assert not solution.is_hidden


def test_hiding_twice_says_already_hidden(moderator_client, solution):
    moderator_client.post(url("hide", solution), {"reason": "Spam"})
    response = moderator_client.post(url("hide", solution), {"reason": "Again"}, headers=HX)
    assert b"Already hidden." in response.content
    assert ModerationLogEntry.objects.count() == 1


def test_restore_from_the_queue(moderator_client, solution, moderator):
    moderator_client.post(url("hide", solution), {"reason": "Spam"})
    response = moderator_client.post(url("restore", solution), headers=HX)
    assert b"Restored." in response.content
    solution.refresh_from_db()
    assert not solution.is_hidden
    response = moderator_client.post(url("restore", solution), headers=HX)
    assert b"Not hidden." in response.content


def test_approve_twice_says_already_approved(moderator_client, db):
    held = CommentFactory(is_held=True)
    assert b"Approved" in moderator_client.post(url("approve", held), headers=HX).content
    assert b"Already approved." in moderator_client.post(url("approve", held), headers=HX).content


def test_a_page_is_never_approved(moderator_client, db):
    assert moderator_client.post(url("approve", PageFactory())).status_code == 404


def test_dismiss_flags(moderator_client, solution):
    FlagFactory.create_batch(2, target=solution)
    response = moderator_client.post(url("dismiss", solution), headers=HX)
    assert b"Dismissed 2 flags." in response.content
    assert not Flag.objects.open().exists()
    assert b"No open flags." in moderator_client.post(url("dismiss", solution), headers=HX).content


def test_lock_and_protect_from_the_queue(moderator_client, challenge):
    page = PageFactory()
    moderator_client.post(f"/moderation/lock/{challenge.pk}/", headers=HX)
    response = moderator_client.post(f"/moderation/lock/{challenge.pk}/", headers=HX)
    assert b"Already locked." in response.content
    moderator_client.post(f"/moderation/protect/{page.pk}/")
    challenge.refresh_from_db()
    page.refresh_from_db()
    assert challenge.is_locked and page.is_protected
    moderator_client.post(f"/moderation/unlock/{challenge.pk}/")
    moderator_client.post(f"/moderation/unprotect/{page.pk}/")
    challenge.refresh_from_db()
    page.refresh_from_db()
    assert not challenge.is_locked and not page.is_protected


@pytest.mark.parametrize(
    ("action", "data", "already"),
    [
        ("hide", {"reason": "Spam"}, "Already hidden."),
        ("restore", {}, "Not hidden."),
        ("approve", {}, "Already approved."),
        ("dismiss", {}, "No open flags."),
        ("lock", {}, "Already locked."),
        ("unlock", {}, "Not locked."),
    ],
)
def test_acting_twice_without_javascript_changes_nothing_and_says_so(
    moderator_client, moderator, action, data, already
):
    from moderation import services

    challenge = ChallengeFactory(is_held=True)
    FlagFactory(target=challenge)
    if action == "restore":
        services.content_hide(moderator=moderator, target=challenge, reason="Spam")
    if action == "unlock":
        services.challenge_set_locked(moderator=moderator, challenge=challenge, locked=True)
    target_url = (
        f"/moderation/{action}/{challenge.pk}/"
        if action in {"lock", "unlock"}
        else url(action, challenge)
    )
    moderator_client.post(target_url, data)
    entries = ModerationLogEntry.objects.count()
    state = ChallengeFactory._meta.model.objects.filter(pk=challenge.pk).values().get()
    response = moderator_client.post(target_url, data, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert already in response.content.decode()
    assert ModerationLogEntry.objects.count() == entries
    assert ChallengeFactory._meta.model.objects.filter(pk=challenge.pk).values().get() == state


def test_protecting_twice_changes_nothing_and_says_so(moderator_client, db):
    page = PageFactory()
    moderator_client.post(f"/moderation/protect/{page.pk}/")
    response = moderator_client.post(f"/moderation/protect/{page.pk}/", follow=True)
    assert b"Already protected." in response.content
    assert ModerationLogEntry.objects.count() == 1


def test_hide_without_a_reason_keeps_the_page_and_row_usable(moderator_client, solution):
    FlagFactory(target=solution)
    response = moderator_client.post(url("hide", solution), {"reason": "   "}, headers=HX)
    html = response.content.decode()
    assert f'id="review-solution-{solution.pk}"' in html.split(">", 1)[0]
    assert 'aria-invalid="true"' in html
    assert not ModerationLogEntry.objects.exists()


def test_actions_need_post(moderator_client, solution):
    assert moderator_client.get(url("restore", solution)).status_code == 405


def test_action_on_a_missing_item_is_404(moderator_client, db):
    assert (
        moderator_client.post("/moderation/hide/challenge/404/", {"reason": "x"}).status_code == 404
    )
