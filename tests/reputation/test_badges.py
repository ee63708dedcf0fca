"""Badges: awarded by the task after commit, once each, with a notification; their pages."""

from http import HTTPStatus

import pytest

from discussions import services as discussions
from notifications.models import Notification
from reputation.models import BadgeAward
from tests.factories import ChallengeFactory, SolutionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _accept(solution, asker, capture):
    with capture(execute=True):
        discussions.solution_accept(solution=solution, user=asker)


def test_a_first_accepted_solution_earns_a_badge_after_commit(
    asker, solution, helper, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        discussions.solution_accept(solution=solution, user=asker)
    assert not BadgeAward.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    award = BadgeAward.objects.get(user=helper, badge="first-accepted")
    assert award.url == solution.get_absolute_url()
    notice = Notification.objects.get(recipient=helper, kind="badge")
    assert "First accepted solution" in notice.text and notice.url == "/badges/first-accepted/"
    assert notice.get_kind_display() == "You earned a badge"  # a kind of its own, named
    # Once only.
    other = SolutionFactory(author=helper)
    _accept(other, other.challenge.author, django_capture_on_commit_callbacks)
    assert BadgeAward.objects.filter(user=helper, badge="first-accepted").count() == 1


def test_bridge_builder_is_for_an_acceptance_across_tracks(django_capture_on_commit_callbacks):
    backend = UserFactory(track="backend")
    frontend_asker, backend_asker = UserFactory(track="frontend"), UserFactory(track="backend")
    same = SolutionFactory(author=backend, challenge=ChallengeFactory(author=backend_asker))
    _accept(same, backend_asker, django_capture_on_commit_callbacks)
    assert not BadgeAward.objects.filter(badge="bridge-builder").exists()
    across = SolutionFactory(author=backend, challenge=ChallengeFactory(author=frontend_asker))
    _accept(across, frontend_asker, django_capture_on_commit_callbacks)
    assert BadgeAward.objects.get(badge="bridge-builder").user == backend


def test_badge_pages_list_badges_and_holders_in_few_queries(client, django_assert_max_num_queries):
    holders = [UserFactory() for _ in range(30)]
    BadgeAward.objects.bulk_create(
        [BadgeAward(user=u, badge="first-accepted", url="/x/") for u in holders]
    )
    with django_assert_max_num_queries(4):
        response = client.get("/badges/")
    assert response.status_code == HTTPStatus.OK
    assert b"30 learners hold it" in response.content and b"Bridge builder" in response.content
    with django_assert_max_num_queries(5):
        response = client.get("/badges/first-accepted/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.count("since <time") == 20  # paginated
    assert "Badge holder pages" in html
    assert client.get("/badges/first-accepted/?page=2").content.decode().count("since <time") == 10
    assert client.get("/badges/no-such-badge/").status_code == HTTPStatus.NOT_FOUND


def test_a_page_linked_from_ten_others_earns_cornerstone(django_capture_on_commit_callbacks):
    from knowledge import services as wiki
    from tests.factories import CategoryFactory

    writer, linker = UserFactory(username="writer"), UserFactory(username="linker")
    category = CategoryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        page = wiki.page_create(title="Caching", category=category, body="TTL.", author=writer)
        for n in range(9):
            wiki.page_create(
                title=f"Topic {n}", category=category, body="See [[Caching]].", author=linker
            )
    assert not BadgeAward.objects.filter(badge="cornerstone").exists()
    with django_capture_on_commit_callbacks(execute=True):
        wiki.page_create(title="Topic 9", category=category, body="See [[Caching]].", author=linker)
    award = BadgeAward.objects.get(badge="cornerstone")
    assert award.user == writer and award.url == page.get_absolute_url()


def test_ten_accepted_solutions(django_capture_on_commit_callbacks):
    helper = UserFactory()
    solutions = [SolutionFactory(author=helper) for _ in range(10)]
    for solution in solutions[:9]:
        _accept(solution, solution.challenge.author, django_capture_on_commit_callbacks)
    assert not BadgeAward.objects.filter(badge="ten-accepted").exists()
    _accept(solutions[9], solutions[9].challenge.author, django_capture_on_commit_callbacks)
    award = BadgeAward.objects.get(badge="ten-accepted")
    assert award.user == helper and award.url == solutions[9].get_absolute_url()
