from http import HTTPStatus

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from moderation.models import Flag, FlagReason, LogAction, ModerationLogEntry
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


def flag_url(target):
    return f"/moderation/flag/{target._meta.model_name}/{target.pk}/"


def url(action, target):
    return f"/moderation/{action}/{target._meta.model_name}/{target.pk}/"


# --- Flags ------------------------------------------------------------------------------------


def test_a_learner_flags_an_item(learner_client, solution):
    response = learner_client.post(flag_url(solution), {"reason": "spam", "note": "buy now"})
    assert response.status_code == HTTPStatus.FOUND
    flag = Flag.objects.get()
    assert (flag.reason, flag.note, flag.target) == ("spam", "buy now", solution)


def test_flagging_with_htmx_shows_you_flagged_it(learner_client, solution):
    response = learner_client.post(flag_url(solution), {"reason": "spam"}, headers=HX)
    assert response.status_code == HTTPStatus.OK
    assert b"You flagged this" in response.content
    assert b"<html" not in response.content


def test_flagging_twice_keeps_one_flag(learner_client, solution):
    learner_client.post(flag_url(solution), {"reason": "spam"})
    response = learner_client.post(
        flag_url(solution), {"reason": "abusive", "next": "/u/ada/"}, follow=True
    )
    assert b"You already flagged this" in response.content
    assert Flag.objects.get().reason == "spam"


def test_a_flag_on_a_missing_item_is_404(learner_client, db):
    assert (
        learner_client.post("/moderation/flag/solution/999/", {"reason": "spam"}).status_code == 404
    )
    assert learner_client.post("/moderation/flag/user/1/", {"reason": "spam"}).status_code == 404


def test_a_flag_on_a_hidden_item_is_404_for_learners(learner_client, solution, moderator):
    solution.hidden_at = timezone.now()
    solution.save()
    assert learner_client.post(flag_url(solution), {"reason": "spam"}).status_code == 404


def test_a_flag_without_a_reason_re_renders_the_form(learner_client, solution):
    response = learner_client.post(flag_url(solution), {"reason": "", "note": "my note"})
    assert response.status_code == HTTPStatus.OK
    assert b"This field is required" in response.content
    assert b"my note" in response.content
    assert not Flag.objects.exists()


def test_flagging_your_own_post_is_403(client, author, solution):
    client.force_login(author)
    assert client.post(flag_url(solution), {"reason": "spam"}).status_code == 403


def test_a_suspended_learner_gets_403_with_the_message(client, solution):
    suspended = UserFactory(
        suspended_until=timezone.now() + timezone.timedelta(days=2),
        suspension_reason="Posting spam links",
    )
    client.force_login(suspended)
    response = client.post(flag_url(solution), {"reason": "spam"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"Posting spam links" in response.content
    assert b"suspended until" in response.content
    assert not Flag.objects.exists()


def test_a_suspension_in_the_past_has_ended(client, solution):
    was_suspended = UserFactory(
        suspended_until=timezone.now() - timezone.timedelta(minutes=1), suspension_reason="Old"
    )
    client.force_login(was_suspended)
    assert client.post(flag_url(solution), {"reason": "spam"}).status_code == HTTPStatus.FOUND


def test_the_flag_rate_limit_answers_429_with_a_message(settings, learner_client, db):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "flag": "2/3600"}
    solutions = SolutionFactory.create_batch(3)
    for solution in solutions[:2]:
        assert learner_client.post(flag_url(solution), {"reason": "spam"}).status_code == 302
    response = learner_client.post(flag_url(solutions[2]), {"reason": "spam"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert b"You are doing that too often" in response.content
    assert response["Retry-After"]
    assert Flag.objects.count() == 2


def test_a_repeated_flag_does_not_count_towards_the_rate_limit(settings, learner_client, db):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "flag": "2/3600"}
    first, second = SolutionFactory.create_batch(2)
    assert learner_client.post(flag_url(first), {"reason": "spam"}).status_code == 302
    for _ in range(3):
        response = learner_client.post(flag_url(first), {"reason": "spam"}, headers=HX)
        assert response.status_code == HTTPStatus.OK
        assert b"You already flagged this" in response.content
    assert learner_client.post(flag_url(second), {"reason": "spam"}).status_code == 302
    assert Flag.objects.count() == 2


def test_an_invalid_flag_does_not_count_towards_the_rate_limit(settings, learner_client, db):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "flag": "1/3600"}
    solution = SolutionFactory()
    for _ in range(3):
        assert learner_client.post(flag_url(solution), {"reason": ""}).status_code == 200
    assert learner_client.post(flag_url(solution), {"reason": "spam"}).status_code == 302


def test_the_flag_page_says_you_already_flagged_it(learner_client, solution):
    learner_client.post(flag_url(solution), {"reason": "spam"})
    response = learner_client.get(flag_url(solution))
    assert b"You already flagged this" in response.content
    assert b"Send flag" not in response.content


def test_a_rate_limited_flag_through_htmx_swaps_in_the_message(settings, learner_client, db):
    settings.NEXUS_RATE_LIMITS = {**settings.NEXUS_RATE_LIMITS, "flag": "1/3600"}
    first, second = SolutionFactory.create_batch(2)
    learner_client.post(flag_url(first), {"reason": "spam"}, headers=HX)
    response = learner_client.post(
        flag_url(second), {"reason": "abusive", "note": "insults in line 3"}, headers=HX
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK  # htmx 2 swaps only 2xx answers
    assert html.lstrip().startswith(f'<div class="item-tools" id="item-tools-solution-{second.pk}"')
    assert 'role="alert"' in html and "You are doing that too often" in html
    assert 'value="insults in line 3"' in html  # the note comes back
    assert Flag.objects.count() == 1


def test_a_suspended_learners_flag_through_htmx_swaps_in_the_suspension(client, solution):
    suspended = UserFactory(
        suspended_until=timezone.now() + timezone.timedelta(days=2),
        suspension_reason="Posting spam links",
    )
    client.force_login(suspended)
    response = client.post(flag_url(solution), {"reason": "spam"}, headers=HX)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'role="alert"' in html and "Posting spam links" in html and "suspended until" in html
    assert "<html" not in html
    assert not Flag.objects.exists()


def test_flagging_your_own_post_through_htmx_says_why(client, author, solution):
    client.force_login(author)
    response = client.post(flag_url(solution), {"reason": "spam"}, headers=HX)
    assert b"You cannot flag your own contribution" in response.content
    assert not Flag.objects.exists()


def test_enough_flags_through_the_site_hide_the_item(settings, client, solution):
    settings.NEXUS_AUTO_HIDE_FLAGS = 2
    for _ in range(2):
        client.force_login(UserFactory())
        client.post(flag_url(solution), {"reason": "abusive"})
    solution.refresh_from_db()
    assert solution.is_hidden
    assert ModerationLogEntry.objects.get().action == LogAction.AUTO_HIDE


# --- The include ------------------------------------------------------------------------------


def _render_tools(rf, user, target, **extra):
    from django.template.loader import render_to_string

    request = rf.get("/somewhere/")
    request.user = user
    return render_to_string(
        "moderation/_item_tools.html", {"target": target, **extra}, request=request
    )


def test_the_include_offers_a_flag_form_to_learners(rf, learner, solution):
    html = _render_tools(rf, learner, solution)
    assert 'name="reason"' in html and 'name="note"' in html
    assert f'action="/moderation/flag/solution/{solution.pk}/"' in html


def test_the_include_says_you_flagged_it(rf, learner, solution):
    FlagFactory(target=solution, flagger=learner)
    assert "You flagged this" in _render_tools(rf, learner, solution)


def test_the_include_shows_nothing_to_the_author_or_readers(rf, author, solution):
    from django.contrib.auth.models import AnonymousUser

    assert "<form" not in _render_tools(rf, author, solution)
    assert "<form" not in _render_tools(rf, AnonymousUser(), solution)


def test_the_include_gives_moderators_hide_restore_and_approve(rf, moderator, solution):
    html = _render_tools(rf, moderator, solution)
    assert f"/moderation/hide/solution/{solution.pk}/" in html
    solution.hidden_at, solution.is_held = timezone.now(), True
    html = _render_tools(rf, moderator, solution)
    assert f"/moderation/restore/solution/{solution.pk}/" in html
    assert f"/moderation/approve/solution/{solution.pk}/" in html


def test_the_include_costs_one_query_for_a_page_of_items(
    rf, learner, django_assert_num_queries, db
):
    comments = CommentFactory.create_batch(10)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(1):
        request = rf.get("/")
        request.user = learner
        from django.template.loader import render_to_string

        html = [
            render_to_string("moderation/_item_tools.html", {"target": c}, request=request)
            for c in comments
        ]
    # Each item got its own flag form (a learner's tools), not an empty include.
    for comment, tools in zip(comments, html, strict=True):
        assert "Flag" in tools and f"/{comment.pk}/" in tools


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


# --- Suspensions ------------------------------------------------------------------------------


def test_suspend_for_some_days(moderator_client, learner):
    response = moderator_client.post(
        "/moderation/suspend/ada/", {"days": "3", "reason": "Spam links"}
    )
    assert response.status_code == HTTPStatus.FOUND
    learner.refresh_from_db()
    assert learner.suspended_until > timezone.now() + timezone.timedelta(days=2)
    assert learner.suspension_reason == "Spam links"


def test_suspend_until_a_date(moderator_client, learner):
    until = (timezone.now() + timezone.timedelta(days=10)).date()
    moderator_client.post("/moderation/suspend/ada/", {"until": until.isoformat(), "reason": "x"})
    learner.refresh_from_db()
    assert learner.suspended_until.date() == until


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"until": "2001-01-01", "reason": "x"}, b"must be in the future"),
        ({"days": "3", "reason": ""}, b"Give a reason"),
        ({"reason": "x"}, b"Give an end date or a number of days"),
        ({"days": "0", "reason": "x"}, b"greater than or equal to 1"),
    ],
)
def test_bad_suspensions_are_form_errors(moderator_client, learner, data, error):
    response = moderator_client.post("/moderation/suspend/ada/", data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content
    learner.refresh_from_db()
    assert learner.suspended_until is None


def test_a_suspension_ending_in_the_past_keeps_what_was_typed(moderator_client, learner):
    response = moderator_client.post(
        "/moderation/suspend/ada/", {"until": "2001-01-01", "reason": "Spamming links"}
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "must be in the future" in html
    assert 'value="Spamming links"' in html and 'value="2001-01-01"' in html
    assert not ModerationLogEntry.objects.exists()


def test_ending_a_suspension_twice_says_so(moderator_client, learner):
    moderator_client.post("/moderation/suspend/ada/", {"days": "3", "reason": "Spam"})
    moderator_client.post("/moderation/unsuspend/ada/")
    response = moderator_client.post("/moderation/unsuspend/ada/", follow=True)
    assert b"ada is not suspended" in response.content
    assert ModerationLogEntry.objects.filter(action=LogAction.UNSUSPEND).count() == 1


def test_suspending_again_with_the_same_end_and_reason_logs_once(moderator_client, learner):
    until = (timezone.now() + timezone.timedelta(days=10)).date().isoformat()
    for _ in range(2):
        moderator_client.post("/moderation/suspend/ada/", {"until": until, "reason": "Spam"})
    assert ModerationLogEntry.objects.filter(action=LogAction.SUSPEND).count() == 1


def test_suspend_from_the_queue_row(moderator_client, solution, author):
    FlagFactory(target=solution)
    response = moderator_client.post(
        "/moderation/suspend/author/",
        {"days": "7", "reason": "Abuse", "item": f"solution:{solution.pk}"},
        headers=HX,
    )
    assert f'id="review-solution-{solution.pk}"'.encode() in response.content
    assert b"author is suspended until" in response.content


def test_end_a_suspension_early(moderator_client, learner):
    moderator_client.post("/moderation/suspend/ada/", {"days": "3", "reason": "Spam"})
    moderator_client.post("/moderation/unsuspend/ada/")
    learner.refresh_from_db()
    assert learner.suspended_until is None
    assert ModerationLogEntry.objects.first().action == LogAction.UNSUSPEND


def test_suspending_an_unknown_user_is_404(moderator_client):
    assert moderator_client.get("/moderation/suspend/nobody/").status_code == 404


def test_suspending_yourself_is_403(moderator_client):
    response = moderator_client.post("/moderation/suspend/mod/", {"days": 1, "reason": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- Log --------------------------------------------------------------------------------------


def _some_log(moderator, solution, challenge):
    from moderation import services

    services.content_hide(moderator=moderator, target=solution, reason="Spam link")
    services.challenge_set_locked(moderator=moderator, challenge=challenge, locked=True)


def test_the_log_shows_who_what_target_and_why(moderator_client, moderator, solution, challenge):
    _some_log(moderator, solution, challenge)
    html = moderator_client.get("/moderation/log/").content.decode()
    assert "Hid" in html and "Spam link" in html and "Locked" in html
    assert f'href="{solution.get_absolute_url()}"' in html
    assert 'href="/u/mod/"' in html


def test_the_log_names_targets_readably_and_links_them(moderator_client, moderator, db):
    challenge = ChallengeFactory(title="Celery task retries pile up after a broker restart")
    solution = SolutionFactory(challenge=challenge, author=UserFactory(username="bea"))
    comment = CommentFactory(challenge=challenge, author=UserFactory(username="cy"))
    from moderation import services

    services.content_hide(moderator=moderator, target=solution, reason="Spam link")
    services.content_hide(moderator=moderator, target=comment, reason="Rude")
    services.challenge_set_locked(moderator=moderator, challenge=challenge, locked=True)
    html = moderator_client.get("/moderation/log/").content.decode()
    title = "“Celery task retries pile up after a broker restart”"
    assert f'<a href="{solution.get_absolute_url()}">Solution by bea to {title}</a>' in html
    assert f"Comment by cy on {title}" in html
    assert f"Challenge {title} by {challenge.author.username}" in html


def test_the_log_filters_by_action_moderator_and_date(
    moderator_client, moderator, solution, challenge
):
    _some_log(moderator, solution, challenge)
    html = moderator_client.get("/moderation/log/?action=lock").content.decode()
    assert "Locked" in html and "Spam link" not in html
    html = moderator_client.get("/moderation/log/?moderator=automatic").content.decode()
    assert "No entries match" in html
    today = timezone.localdate().isoformat()
    html = moderator_client.get(f"/moderation/log/?moderator=mod&date_from={today}").content
    assert b"Spam link" in html
    html = moderator_client.get("/moderation/log/?date_to=2001-01-01").content
    assert b"No entries match" in html


def test_the_log_survives_bad_filters_and_pages(moderator_client, moderator, solution, challenge):
    _some_log(moderator, solution, challenge)
    response = moderator_client.get("/moderation/log/?date_from=yesterday&action=nuke&page=x")
    assert response.status_code == HTTPStatus.OK
    assert moderator_client.get("/moderation/log/?page=10000000").status_code == HTTPStatus.OK


def test_the_log_is_paginated_in_bounded_queries(
    moderator_client, moderator, settings, django_assert_max_num_queries, db
):
    from moderation.log import record

    for solution in SolutionFactory.create_batch(30):
        record(actor=moderator, action=LogAction.HIDE, target=solution, reason="r")
    for target in [*CommentFactory.create_batch(30), *ChallengeFactory.create_batch(30)]:
        record(actor=None, action=LogAction.AUTO_HIDE, target=target, reason="r")
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(7):
        response = moderator_client.get("/moderation/log/")
    assert response.status_code == HTTPStatus.OK
    assert b"Page 1 of 5" in response.content
    with django_assert_max_num_queries(7):
        response = moderator_client.get("/moderation/log/?moderator=mod&action=hide&page=2")
    assert response.status_code == HTTPStatus.OK
    assert b"Page 2 of 2" in response.content
