"""The moderation log: who did what, to what, and why."""

from http import HTTPStatus

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from moderation.models import LogAction
from tests.factories import ChallengeFactory, CommentFactory, SolutionFactory, UserFactory

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
