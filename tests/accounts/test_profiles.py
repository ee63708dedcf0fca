from http import HTTPStatus

from accounts.models import Profile, Track
from tests.factories import UserFactory

PROFILE = {
    "display_name": "Ada Lovelace",
    "track": "backend",
    "bio": "Learning <b>Django</b> and PostgreSQL.",
    "github_url": "https://github.com/ada",
    "website_url": "https://ada.example.org/",
    "email_notifications": "digest",
}


def test_every_new_user_gets_a_profile(db):
    user = UserFactory(username="fresh")
    assert Profile.objects.filter(user=user).exists()
    assert user.display_name == "fresh"  # the username until a display name is set


def test_public_profile_shows_display_name_track_bio_and_links(client, learner):
    Profile.objects.filter(user=learner).update(**{**PROFILE, "track": Track.FULL_STACK})
    response = client.get("/u/ada/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Ada Lovelace" in html and "@ada" in html
    assert "Full-stack" in html
    assert "Learning &lt;b&gt;Django&lt;/b&gt; and PostgreSQL." in html  # escaped, never raw
    assert 'href="https://github.com/ada"' in html
    assert 'href="https://ada.example.org/"' in html


def test_unknown_profile_is_404(client, db):
    assert client.get("/u/nobody-here/").status_code == HTTPStatus.NOT_FOUND


def test_edit_link_only_for_the_owner(client, learner, other_learner):
    client.force_login(other_learner)
    assert b"Edit profile" not in client.get("/u/ada/").content
    assert b"Edit profile" in client.get("/u/grace/").content


def test_learner_edits_their_own_profile(learner_client, learner):
    response = learner_client.post("/u/ada/edit/", PROFILE)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/u/ada/"
    learner.profile.refresh_from_db()
    assert learner.profile.display_name == "Ada Lovelace"
    assert learner.profile.email_notifications == "digest"


def test_editing_someone_elses_profile_is_403(learner_client, other_learner):
    assert learner_client.get("/u/grace/edit/").status_code == HTTPStatus.FORBIDDEN
    response = learner_client.post("/u/grace/edit/", PROFILE)
    assert response.status_code == HTTPStatus.FORBIDDEN
    other_learner.profile.refresh_from_db()
    assert other_learner.profile.display_name == ""


def test_anonymous_edit_goes_to_login(client, learner):
    response = client.get("/u/ada/edit/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=")


def test_moderator_may_edit_a_learners_profile(moderator_client, learner):
    response = moderator_client.post("/u/ada/edit/", {**PROFILE, "bio": "Tidied."})
    assert response.status_code == HTTPStatus.FOUND
    learner.profile.refresh_from_db()
    assert learner.profile.bio == "Tidied."


def test_invalid_profile_re_renders_with_input_and_inline_error(learner_client, learner):
    response = learner_client.post("/u/ada/edit/", {**PROFILE, "github_url": "https://x.org/a"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Give a github.com address" in html
    assert 'value="Ada Lovelace"' in html
    learner.profile.refresh_from_db()
    assert learner.profile.display_name == ""


def test_profile_edit_fields_have_labels(learner_client):
    html = learner_client.get("/u/ada/edit/").content.decode()
    for name in ["display_name", "track", "bio", "github_url", "website_url"]:
        assert f'for="id_{name}"' in html
