"""The issue's "Done when": a new learner starts at "new" and, by getting solutions accepted,
rises to "member", sees their posts skip review, and can close a duplicate."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from discussions.models import Challenge, Solution
from reputation.levels import level_of
from reputation.models import Standing
from tests.factories import ChallengeFactory, UserFactory

pytestmark = pytest.mark.django_db


def _post_solution(client, challenge, body):
    response = client.post(f"/challenges/{challenge.pk}/solutions/", {"body": body})
    assert response.status_code == HTTPStatus.FOUND
    return Solution.objects.filter(challenge=challenge).latest("pk")


def _accept(client, solution):
    response = client.post(f"/challenges/solutions/{solution.pk}/accept/")
    assert response.status_code == HTTPStatus.FOUND


def test_a_new_learner_rises_to_member_by_accepted_solutions(client, moderator):
    newcomer = UserFactory(
        username="nova", approved_posts=0, date_joined=timezone.now() - timedelta(days=4)
    )
    newcomer.refresh_from_db()
    assert level_of(newcomer) == "new"
    askers = [UserFactory(username=f"asker{i}") for i in range(4)]
    challenges = [ChallengeFactory(author=a, title=f"Question {i}") for i, a in enumerate(askers)]

    # New: the first solution waits for review.
    client.force_login(newcomer)
    first = _post_solution(client, challenges[0], "Use select_related.")
    assert first.is_held
    client.force_login(moderator)
    assert client.post(f"/moderation/approve/solution/{first.pk}/").status_code == HTTPStatus.FOUND
    newcomer.refresh_from_db()
    assert level_of(newcomer) == "basic"

    # Basic: posts skip review now.
    client.force_login(newcomer)
    solutions = [first] + [
        _post_solution(client, c, f"Answer {i}") for i, c in enumerate(challenges[1:], 1)
    ]
    assert not any(s.is_held for s in solutions[1:])

    # Four accepted solutions: 60 reputation, 5 accepted contributions, four days in.
    for asker, solution in zip(askers, solutions, strict=True):
        client.force_login(asker)
        _accept(client, solution)
    standing = Standing.objects.get(user=newcomer)
    assert (standing.reputation, standing.accepted_count, standing.level) == (60, 4, "member")

    # Member: close a duplicate; readers land on a notice linking to the original.
    original = challenges[0]
    duplicate = ChallengeFactory(title="Same question again")
    client.force_login(newcomer)
    page = client.get(duplicate.get_absolute_url())
    assert b"Close as a duplicate" in page.content
    response = client.post(
        f"/challenges/{duplicate.pk}/close-duplicate/", {"original": f"#{original.pk}"}
    )
    assert response.status_code == HTTPStatus.FOUND
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == original and duplicate.closed_by == newcomer
    client.logout()
    html = client.get(duplicate.get_absolute_url()).content.decode()
    assert "Closed as a duplicate" in html
    assert f'href="{original.get_absolute_url()}"' in html


def test_a_basic_learner_cannot_close_a_duplicate(client, learner):
    duplicate, original = ChallengeFactory(), ChallengeFactory()
    client.force_login(learner)  # approved posts: basic
    assert b"Close as a duplicate" not in client.get(duplicate.get_absolute_url()).content
    response = client.post(
        f"/challenges/{duplicate.pk}/close-duplicate/", {"original": str(original.pk)}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "trust level “Member”".encode() in response.content
    assert Challenge.objects.get(pk=duplicate.pk).duplicate_of is None


def test_a_demoted_learner_loses_the_privilege_at_once(client, moderator):
    member = UserFactory()
    Standing.objects.create(user=member, level="member", level_locked=True)
    duplicate, original = ChallengeFactory(), ChallengeFactory()
    client.force_login(moderator)
    response = client.post(
        f"/moderation/trust/{member.username}/", {"level": "basic", "reason": "ring voting"}
    )
    assert response.status_code == HTTPStatus.FOUND
    client.force_login(member)
    response = client.post(
        f"/challenges/{duplicate.pk}/close-duplicate/", {"original": str(original.pk)}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_a_suspended_member_keeps_reputation_but_has_no_privileges(client, moderator):
    member = UserFactory()
    Standing.objects.create(user=member, reputation=80, level="member", level_locked=True)
    member.suspended_until = timezone.now() + timedelta(days=2)
    member.suspension_reason = "spam"
    member.save()
    duplicate, original = ChallengeFactory(), ChallengeFactory()
    client.force_login(member)
    response = client.post(
        f"/challenges/{duplicate.pk}/close-duplicate/", {"original": str(original.pk)}
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert b"suspended" in response.content
    assert Standing.objects.get(user=member).reputation == 80


def test_promote_lock_and_unlock_are_logged(client, moderator):
    from moderation.models import ModerationLogEntry

    learner = UserFactory(username="lee")
    client.force_login(moderator)
    page = client.get("/moderation/trust/lee/")
    assert page.status_code == HTTPStatus.OK and b"Now at <strong>Basic" in page.content
    # No reason: a clear error, the choice kept.
    response = client.post("/moderation/trust/lee/", {"level": "leader", "reason": ""})
    assert b"Say why" in response.content and b'value="leader" selected' in response.content
    client.post("/moderation/trust/lee/", {"level": "leader", "reason": "Wrote half the wiki"})
    learner.refresh_from_db()
    assert level_of(learner) == "leader"
    client.post("/moderation/trust/lee/", {"unlock": "1"})
    learner = type(learner).objects.get(pk=learner.pk)
    assert level_of(learner) == "basic"
    reasons = list(ModerationLogEntry.objects.order_by("pk").values_list("reason", flat=True))
    assert reasons[0] == "Promoted: trust level Leader (was Basic), locked: Wrote half the wiki"
    assert reasons[1].startswith("Trust level unlocked: Basic")
    log = client.get("/moderation/log/?action=trust").content.decode()
    assert "Set the trust level of" in log and "Wrote half the wiki" in log
    assert client.get("/moderation/log/?action=edit").content.decode().count("<tr>") <= 1


def test_only_moderators_set_levels(client, learner):
    client.force_login(learner)
    response = client.post(f"/moderation/trust/{learner.username}/", {"level": "leader"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not Standing.objects.filter(user=learner, level="leader").exists()


def test_the_trust_page_reads_a_fixed_number_of_queries(
    client, moderator, django_assert_max_num_queries
):
    from discussions import services as discussions
    from tests.factories import SolutionFactory

    learner = UserFactory(username="busy")
    for _ in range(15):
        discussions.solution_vote(solution=SolutionFactory(author=learner), user=UserFactory())
    client.force_login(moderator)
    client.get("/moderation/trust/busy/")  # the header's counters, cached
    with django_assert_max_num_queries(6):
        response = client.get("/moderation/trust/busy/")
    assert response.status_code == HTTPStatus.OK
    assert b"with 150 reputation" in response.content
    assert client.get("/moderation/trust/nobody/").status_code == HTTPStatus.NOT_FOUND
