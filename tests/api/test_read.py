"""Reading over the API: what each caller sees is what the HTML site shows them."""

from http import HTTPStatus

from django.utils import timezone

from tests.api.conftest import token_client
from tests.factories import (
    ChallengeFactory,
    CommentFactory,
    SolutionFactory,
    make_page,
)


def test_a_page_has_its_markdown_and_stored_html(api, db):
    make_page("Celery", "Celery runs **tasks**.")

    response = api.get("/api/v1/pages/celery/")

    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["body"] == "Celery runs **tasks**."
    assert data["body_html"] == "<p>Celery runs <strong>tasks</strong>.</p>"
    assert data["html_url"] == "http://testserver/wiki/celery/"
    assert data["updated_at"].endswith("Z")  # ISO 8601, UTC
    assert data["current_revision"]["created_at"].endswith("Z")


def test_an_unchanged_page_answers_304_to_its_etag(api, db):
    page = make_page("Celery", "Celery runs tasks.")
    etag = api.get("/api/v1/pages/celery/")["ETag"]
    assert etag.startswith('"r1-')

    again = api.get("/api/v1/pages/celery/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == HTTPStatus.NOT_MODIFIED
    assert again.content == b""

    from tests.factories import revise_page

    revise_page(page, "Celery runs tasks in workers.")
    changed = api.get("/api/v1/pages/celery/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == HTTPStatus.OK
    assert changed["ETag"].startswith('"r2-')


def test_a_hidden_page_is_not_found_but_for_moderators(api, ada_api, mod_api, db):
    page = make_page("Spam page", "Buy now.")
    page.hidden_at = timezone.now()
    page.save()

    assert api.get("/api/v1/pages/spam-page/").status_code == HTTPStatus.NOT_FOUND
    assert ada_api.get("/api/v1/pages/spam-page/").status_code == HTTPStatus.NOT_FOUND
    assert mod_api.get("/api/v1/pages/spam-page/").json()["is_hidden"] is True
    assert [p["slug"] for p in api.get("/api/v1/pages/").json()["results"]] == []
    assert [p["slug"] for p in mod_api.get("/api/v1/pages/").json()["results"]] == ["spam-page"]


def test_the_challenge_list_shows_only_public_challenges(api, db):
    ChallengeFactory(title="Celery workers exit at start")
    ChallengeFactory(title="A held first post here", is_held=True)
    ChallengeFactory(title="A withdrawn challenge", withdrawn_at=timezone.now())
    ChallengeFactory(title="A hidden challenge", hidden_at=timezone.now())

    titles = [c["title"] for c in api.get("/api/v1/challenges/").json()["results"]]

    assert titles == ["Celery workers exit at start"]


def test_a_held_challenge_is_its_authors_and_the_moderators(api, learner, mod_api, db):
    challenge = ChallengeFactory(author=learner, is_held=True)
    url = f"/api/v1/challenges/{challenge.pk}/"

    assert api.get(url).status_code == HTTPStatus.NOT_FOUND
    assert token_client(learner).get(url).json()["is_held"] is True
    assert mod_api.get(url).status_code == HTTPStatus.OK


def test_a_hidden_solution_keeps_its_place_without_its_text(api, mod_api, db):
    challenge = ChallengeFactory()
    SolutionFactory(challenge=challenge, body="Visible answer")
    SolutionFactory(challenge=challenge, body="Rude answer", hidden_at=timezone.now())
    url = f"/api/v1/challenges/{challenge.pk}/"

    seen = api.get(url).json()["solutions"]
    assert sorted(s["body"] or "" for s in seen) == ["", "Visible answer"]
    hidden = next(s for s in seen if s["is_hidden"])
    assert hidden["author"] is None and hidden["body_html"] is None

    moderator_sees = {s["body"] for s in mod_api.get(url).json()["solutions"]}
    assert moderator_sees == {"Visible answer", "Rude answer"}


def test_a_withdrawn_comment_is_gone_for_others(api, learner, db):
    challenge = ChallengeFactory()
    comment = CommentFactory(challenge=challenge, author=learner, withdrawn_at=timezone.now())

    assert api.get(f"/api/v1/comments/{comment.pk}/").status_code == HTTPStatus.NOT_FOUND
    listed = api.get(f"/api/v1/challenges/{challenge.pk}/comments/").json()["results"]
    assert listed == []
    own = token_client(learner).get(f"/api/v1/comments/{comment.pk}/")
    assert own.json()["is_withdrawn"] is True


def test_lists_page_with_an_opaque_cursor(api, db):
    for n in range(5):
        ChallengeFactory(title=f"Challenge number {n}")

    first = api.get("/api/v1/challenges/?page_size=2").json()
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()

    titles = [c["title"] for page in (first, second, third) for c in page["results"]]
    assert titles == [f"Challenge number {n}" for n in (4, 3, 2, 1, 0)]
    assert third["next"] is None


def test_a_tampered_cursor_is_a_400_problem(api, db):
    import base64

    ChallengeFactory()
    for cursor in ("not-base64!", base64.b64encode(b"p=not-a-date").decode(), "cD0y"):
        response = api.get("/api/v1/challenges/", {"cursor": cursor})
        assert response.status_code == HTTPStatus.BAD_REQUEST, cursor
        assert response["Content-Type"] == "application/problem+json"
        assert "cursor" in response.json()["errors"]


def test_the_callers_own_notifications_only(ada_api, learner, other_learner, db):
    from notifications.models import Notification

    Notification.objects.create(recipient=learner, kind="solution", text="Mine", url="/")
    Notification.objects.create(recipient=other_learner, kind="solution", text="Hers", url="/")

    texts = [n["text"] for n in ada_api.get("/api/v1/notifications/").json()["results"]]

    assert texts == ["Mine"]


def test_search_finds_public_content(api, db):
    make_page("Celery", "Celery runs tasks.")
    ChallengeFactory(title="Celery secret thing", hidden_at=timezone.now())

    results = api.get("/api/v1/search/", {"q": "celery"}).json()["results"]

    assert [(r["kind"], r["title"]) for r in results] == [("page", "Celery")]
    assert results[0]["title_html"] == "<mark>Celery</mark>"


def test_a_profile_is_public_but_not_its_email(api, learner):
    data = api.get(f"/api/v1/users/{learner.username}/").json()

    assert data["username"] == "ada"
    assert data["track"] == "backend"
    assert "email" not in data and learner.email not in str(data)


def test_a_challenges_etag_changes_with_its_thread(api, db):
    challenge = ChallengeFactory()
    url = f"/api/v1/challenges/{challenge.pk}/"
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == HTTPStatus.NOT_MODIFIED

    CommentFactory(challenge=challenge, body="A new comment")

    fresh = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == HTTPStatus.OK
    assert fresh["ETag"] != etag
    assert [c["body"] for c in fresh.json()["comments"]] == ["A new comment"]


def test_the_challenge_list_filters_as_the_page_does(api, db):
    from discussions.models import Challenge
    from tests.factories import make_topic

    celery = make_topic("Celery")
    solved = ChallengeFactory(title="Solved one here", status=Challenge.Status.SOLVED)
    answered = ChallengeFactory(title="Answered but open", solution_count=1)
    bare = ChallengeFactory(title="Nobody answered yet")
    bare.topics.add(celery)

    def titles(**params):
        return {c["title"] for c in api.get("/api/v1/challenges/", params).json()["results"]}

    assert titles(status="solved") == {solved.title}
    assert titles(status="open") == {answered.title, bare.title}
    assert titles(status="unanswered") == {bare.title}
    assert titles(topic="celery") == {bare.title}
    assert api.get("/api/v1/challenges/", {"status": "closed"}).status_code == 400


def test_a_pages_history_one_revision_and_a_diff(api, db):
    from tests.factories import revise_page

    page = make_page("Celery", "Celery runs tasks.\nWorkers run them.")
    revise_page(page, "Celery runs tasks in workers.\nWorkers run them.")

    history = api.get("/api/v1/pages/celery/revisions/").json()["results"]
    assert [r["number"] for r in history] == [2, 1]
    first = api.get("/api/v1/pages/celery/revisions/1/").json()
    assert first["body"] == "Celery runs tasks.\nWorkers run them."
    assert first["body_html"].startswith("<p>Celery runs tasks.")

    diff = api.get("/api/v1/pages/celery/diff/").json()  # the last change, by default
    assert (diff["from_revision"], diff["to_revision"]) == (1, 2)
    assert diff["rows"][0]["kind"] == "change"
    assert "-Celery runs tasks.\n+Celery runs tasks in workers." in diff["unified"]
    assert api.get("/api/v1/pages/celery/diff/", {"from": 2, "to": 1}).json()["from_revision"] == 2
    assert api.get("/api/v1/pages/celery/diff/", {"from": 9}).status_code == 404
    assert api.get("/api/v1/pages/celery/diff/", {"from": "x"}).status_code == 400
    assert api.get("/api/v1/pages/celery/revisions/9/").status_code == 404
