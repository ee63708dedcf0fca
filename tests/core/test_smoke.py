from http import HTTPStatus


def test_home_renders_for_a_reader(client, db):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert b"Skip to content" in response.content


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == HTTPStatus.OK
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == "ok"


def test_unknown_path_gives_the_styled_404(client, db):
    response = client.get("/no/such/place/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert b"We couldn't find that" in response.content


def test_profile_page_and_edit(learner_client, learner):
    response = learner_client.post(
        f"/u/{learner.username}/edit/",
        {"display_name": "Ada L.", "track": "frontend", "bio": "Hi", "github_url": "",
         "website_url": "", "email_notifications": "digest"},
    )  # fmt: skip
    assert response.status_code == HTTPStatus.FOUND
    page = learner_client.get(f"/u/{learner.username}/")
    assert b"Ada L." in page.content and b"Frontend" in page.content
