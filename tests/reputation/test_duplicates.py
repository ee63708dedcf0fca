"""Close as duplicate: the notice and link, bad input kept, search ranks the original first,
members vote to reopen (or a moderator reopens), and the moderation log has it all."""

from http import HTTPStatus

import pytest

from discussions import services
from discussions.models import Challenge
from moderation.models import ModerationLogEntry
from reputation.models import Standing
from search.services import search_documents
from tests.factories import ChallengeFactory, ModeratorFactory, UserFactory, make_challenge

pytestmark = pytest.mark.django_db


def member(**kwargs):
    user = UserFactory(**kwargs)
    Standing.objects.create(user=user, level="member", level_locked=True)
    return user


def test_a_wrong_original_gives_a_clear_error_and_keeps_the_text(client):
    duplicate = ChallengeFactory()
    client.force_login(member())
    for typed, message in [
        ("not a number", "Give the original challenge"),
        (str(duplicate.pk), "cannot be a duplicate of itself"),
        ("99999999999999999999", "Give the original challenge"),
    ]:
        response = client.post(f"/challenges/{duplicate.pk}/close-duplicate/", {"original": typed})
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        assert message in html and f'value="{typed}"' in html
    assert Challenge.objects.get(pk=duplicate.pk).duplicate_of is None


def test_a_closed_duplicate_takes_no_new_solutions(client):
    original, duplicate = ChallengeFactory(), ChallengeFactory()
    services.challenge_close_duplicate(challenge=duplicate, original=original, user=member())
    client.force_login(UserFactory())
    response = client.post(f"/challenges/{duplicate.pk}/solutions/", {"body": "Try this"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"closed as a duplicate" in response.content


def test_search_ranks_the_original_first(db):
    duplicate = make_challenge(
        "Celery worker exits at once",
        "The celery worker exits at once in production with no log.",
    )
    original = make_challenge(
        "Celery worker exits at once on start",
        "My celery worker exits at once. Celery logs nothing; the worker needs --app.",
    )
    before = [h.url for h in search_documents(q="celery worker exits")[:5]]
    assert before[0] == duplicate.get_absolute_url()  # the shorter title wins on its own
    services.challenge_close_duplicate(challenge=duplicate, original=original, user=member())
    hits = [h.url for h in search_documents(q="celery worker exits")[:5]]
    assert hits[0] == original.get_absolute_url()
    assert duplicate.get_absolute_url() not in hits


def test_members_vote_to_reopen_and_every_step_is_logged(client, settings):
    settings.NEXUS_REOPEN_VOTES = 2
    original, duplicate = ChallengeFactory(), ChallengeFactory()
    closer = member(username="closer")
    services.challenge_close_duplicate(challenge=duplicate, original=original, user=closer)
    voters = [member(username="ana"), member(username="ben")]
    client.force_login(voters[0])
    assert client.post(f"/challenges/{duplicate.pk}/reopen/").status_code == HTTPStatus.FOUND
    assert Challenge.objects.get(pk=duplicate.pk).duplicate_of == original
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "You voted to reopen (1 of 2 votes)" in page
    client.force_login(voters[1])
    client.post(f"/challenges/{duplicate.pk}/reopen/")
    assert Challenge.objects.get(pk=duplicate.pk).duplicate_of is None
    reasons = list(ModerationLogEntry.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons[0].startswith(f"Closed as a duplicate of #{original.pk}")
    assert reasons[1].startswith("Reopened by 2 votes (ana, ben)")
    # Each its own action, which the log's filter finds.
    client.force_login(ModeratorFactory(username="mona"))
    log = client.get("/moderation/log/?action=duplicate").content.decode()
    assert "Closed as a duplicate" in log and "Reopened by 2 votes" not in log
    log = client.get("/moderation/log/?action=reopen").content.decode()
    assert "Reopened by 2 votes (ana, ben)" in log and "Closed as a duplicate of" not in log


def test_a_moderator_reopens_at_once(client, moderator):
    original, duplicate = ChallengeFactory(), ChallengeFactory()
    services.challenge_close_duplicate(challenge=duplicate, original=original, user=member())
    client.force_login(moderator)
    client.post(f"/challenges/{duplicate.pk}/reopen/")
    assert Challenge.objects.get(pk=duplicate.pk).duplicate_of is None


def test_a_basic_learner_cannot_vote_to_reopen(client):
    original, duplicate = ChallengeFactory(), ChallengeFactory()
    services.challenge_close_duplicate(challenge=duplicate, original=original, user=member())
    client.force_login(UserFactory())
    assert client.post(f"/challenges/{duplicate.pk}/reopen/").status_code == HTTPStatus.FORBIDDEN
