"""Flagging an item, and the moderation tools included beside every post."""

from http import HTTPStatus

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from moderation.models import Flag, LogAction, ModerationLogEntry
from tests.factories import CommentFactory, FlagFactory, SolutionFactory, UserFactory

HX = {"HX-Request": "true"}


def flag_url(target):
    return f"/moderation/flag/{target._meta.model_name}/{target.pk}/"


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


def test_the_include_offers_a_flag_link_to_learners(rf, learner, solution):
    """A link, not a form per item (a big challenge page carried 300 KB of them): the flag
    page without JavaScript, the form in place with htmx."""
    html = _render_tools(rf, learner, solution)
    url = f"/moderation/flag/solution/{solution.pk}/?next=/somewhere/"
    assert f'href="{url}"' in html and f'hx-get="{url}"' in html
    assert 'name="reason"' not in html


def test_the_flag_link_brings_the_form_in_place(learner_client, solution):
    url = f"/moderation/flag/solution/{solution.pk}/?next=/challenges/"
    fragment = learner_client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div class="item-tools"')
    assert 'name="reason"' in fragment and 'name="note"' in fragment
    assert (
        'name="next" value="/challenges/"' in fragment
        and '<details class="inline-details" open>' in fragment
    )
    assert f'hx-post="/moderation/flag/solution/{solution.pk}/"' in fragment
    page = learner_client.get(url).content.decode()  # without JavaScript: the flag page
    assert "<h1>Flag" in page and 'name="reason"' in page
    response = learner_client.post(url, {"reason": "spam", "note": "", "next": "/challenges/"})
    assert response.status_code == 302 and response["Location"] == "/challenges/"


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
