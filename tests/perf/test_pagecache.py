"""The whole-page cache for anonymous readers (core/pagecache.py): every change a reader would
notice shows on the next read, anonymous or logged in, and nothing private is ever shared.

Transactional: writes really commit, as in production, so the cache is really filled and
read (each test first proves it serves a hit), and the bump after commit is what is tested.
"""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from core import pagecache
from discussions import services as discussions
from knowledge import services as knowledge
from knowledge.models import Category
from moderation import services as moderation
from tests.factories import (
    ModeratorFactory,
    UserFactory,
    make_challenge,
    make_page,
    make_solution,
)

pytestmark = pytest.mark.django_db(transaction=True)


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def warm(url) -> Client:
    """An anonymous reader who has read `url` twice: the second answer came from the cache."""
    reader = Client()
    read(reader, url)
    assert read(reader, url)["X-Page-Cache"] == "hit"
    return reader


@pytest.fixture
def member(db):
    user = UserFactory(username="reader")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def challenge():
    author = UserFactory(username="asker")
    challenge = make_challenge("Workers will not start", "The worker exits at once.", author=author)
    return challenge


def body_of(response) -> str:
    return response.content.decode()


# --- staleness: every change shows on the next read ------------------------------------------


def test_a_page_edit_shows_at_once(member):
    page = make_page("Caching", "Cache the *old* words.")
    url = page.get_absolute_url()
    reader = warm(url)
    read(member, url)
    knowledge.page_edit(
        page=page, author=page.created_by, body="Cache the brand new words.",
        base_revision=page.current_revision.number,
    )  # fmt: skip
    for client in (reader, Client(), member):
        assert "brand new words" in body_of(read(client, url))


def test_a_new_solution_and_a_new_comment_show_at_once(challenge, member):
    url = challenge.get_absolute_url()
    reader = warm(url)
    solution = discussions.solution_create(
        challenge=challenge, author=UserFactory(), body="Pass the --app flag to the worker."
    )
    for client in (reader, member):
        assert "Pass the --app flag" in body_of(read(client, url))
    discussions.comment_create(target=solution, author=UserFactory(), body="Which broker?")
    for client in (reader, member):
        assert "Which broker?" in body_of(read(client, url))
    discussions.comment_create(target=challenge, author=UserFactory(), body="Logs, please.")
    for client in (reader, member):
        assert "Logs, please." in body_of(read(client, url))


def test_a_vote_and_an_accept_show_at_once(challenge, member):
    solution = make_solution(challenge, "Use the right broker URL.")
    url = challenge.get_absolute_url()
    reader = warm(url)
    assert "0 votes" in body_of(read(reader, url))
    discussions.solution_vote(solution=solution, user=UserFactory())
    for client in (reader, member):
        assert "1 vote<" in body_of(read(client, url))
    discussions.solution_accept(solution=solution, user=challenge.author)
    for client in (reader, member):
        assert "Accepted solution" in body_of(read(client, url))
    # The list shows it solved too.
    assert "Workers will not start" in body_of(read(reader, "/challenges/?status=solved"))


def test_hide_restore_and_approval_show_at_once(challenge, member):
    moderator = ModeratorFactory()
    solution = make_solution(challenge, "A reply to hide and bring back.")
    url = challenge.get_absolute_url()
    reader = warm(url)
    moderation.content_hide(moderator=moderator, target=solution, reason="Off-topic")
    for client in (reader, member):
        assert "A reply to hide and bring back." not in body_of(read(client, url))
    warm(url)
    moderation.content_restore(moderator=moderator, target=solution)
    for client in (reader, member):
        assert "A reply to hide and bring back." in body_of(read(client, url))
    held = make_solution(challenge, "A first post, held for review.", is_held=True)
    assert "A first post, held" not in body_of(read(reader, url))
    moderation.post_approve(moderator=moderator, post=held)
    for client in (reader, member):
        assert "A first post, held for review." in body_of(read(client, url))


def test_a_rename_shows_at_once(member):
    page = make_page("Task queues", "Queues and retries.")
    url = page.get_absolute_url()
    reader = warm(url)
    warm("/wiki/")
    knowledge.page_edit(
        page=page, author=page.created_by, body="Queues and retries.", title="Background tasks",
        base_revision=page.current_revision.number,
    )  # fmt: skip
    response = reader.get(url)
    assert response.status_code in {301, 302}
    assert response["Location"].endswith("/wiki/background-tasks/")
    for client in (reader, member):
        assert "Background tasks" in body_of(read(client, "/wiki/background-tasks/"))
        assert "Background tasks" in body_of(read(client, "/wiki/"))


def test_a_new_page_turns_a_missing_link_blue(member):
    category = Category.objects.create(name="General", slug="general-perf")
    linking = knowledge.page_create(
        title="Retries", category=category, body="See [[Backoff]] for the waiting.",
        author=UserFactory(),
    )  # fmt: skip
    url = linking.get_absolute_url()
    reader = warm(url)
    assert "wikilink-missing" in body_of(read(reader, url))
    knowledge.page_create(
        title="Backoff", category=category, body="Wait longer.", author=UserFactory()
    )
    for client in (reader, member):
        html = body_of(read(client, url))
        assert 'href="/wiki/backoff/"' in html and "wikilink-missing" not in html


def test_home_lists_and_recent_changes_follow_new_content(challenge, member):
    """Anonymous: whole pages; logged in: the lists every viewer shares, cached as fragments."""
    reader = warm("/")
    for url in ("/", "/wiki/changes/", "/challenges/"):
        warm(url)
        read(member, url)
    make_page("Observability", "Logs, metrics and traces.")
    discussions.challenge_create(
        author=UserFactory(), title="Gunicorn workers time out", body="Under load.", topics=[]
    )
    for client in (reader, member):
        assert "Observability" in body_of(read(client, "/wiki/changes/"))
        home = body_of(read(client, "/"))
        assert "Observability" in home and "Gunicorn workers time out" in home
        assert "Gunicorn workers time out" in body_of(read(client, "/challenges/"))


# --- privacy: nothing of one reader reaches another ------------------------------------------


def csrf_tokens(html: str) -> set[str]:
    found = set(re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', html))
    return found | set(re.findall(r'"X-CSRFToken": "([A-Za-z0-9]{64})"', html))


def test_each_anonymous_reader_gets_their_own_csrf_token(challenge):
    url = challenge.get_absolute_url()
    first, second = Client(), Client()
    one = read(first, url)
    two = read(second, url)
    assert two["X-Page-Cache"] == "hit"
    secrets = []
    for client, response in ((first, one), (second, two)):
        tokens = csrf_tokens(body_of(response))
        assert tokens, "the page carries a CSRF token"
        secret = client.cookies["csrftoken"].value
        assert {_unmask_cipher_token(t) for t in tokens} == {secret}
        assert pagecache.PLACEHOLDER not in body_of(response)
        secrets.append(secret)
    assert secrets[0] != secrets[1]


def test_a_cached_page_still_takes_the_readers_form(challenge):
    """The token a reader got from a cached page passes the CSRF check with their own cookie
    (a comment sent while logged out goes on to the log-in page); a made-up one does not."""
    url = challenge.get_absolute_url()
    warm(url)
    reader = Client(enforce_csrf_checks=True)
    response = read(reader, url)
    assert response["X-Page-Cache"] == "hit"
    token = next(iter(csrf_tokens(body_of(response))))
    post_to = f"/challenges/{challenge.pk}/comments/"
    sent = reader.post(post_to, {"csrfmiddlewaretoken": token, "body": "Which broker?"})
    assert sent.status_code == 302 and "/accounts/login/" in sent["Location"]
    forged = reader.post(post_to, {"csrfmiddlewaretoken": "x" * 64, "body": "Which broker?"})
    assert forged.status_code == 403


def test_a_logged_in_readers_page_is_never_served_to_anyone_else(challenge, member):
    url = challenge.get_absolute_url()
    mine = body_of(read(member, url))
    assert "reader" in mine  # their own name in the header
    other = Client()
    other.force_login(UserFactory(username="someoneelse"))
    theirs = body_of(read(other, url))
    assert "someoneelse" in theirs and 'href="/u/reader/"' not in theirs
    anonymous = read(Client(), url)
    assert 'href="/u/reader/"' not in body_of(anonymous)
    assert 'href="/u/someoneelse/"' not in body_of(anonymous)
    assert "Log in" in body_of(anonymous)
    # Their own page is kept for their session alone: the next read is served from it.
    read(member, url)
    again = read(member, url)
    assert again["X-Page-Cache"] == "hit"
    assert 'href="/u/reader/"' in body_of(again) and "someoneelse" not in body_of(again)
    assert "someoneelse" in body_of(read(other, url))
    assert 'href="/u/reader/"' not in body_of(read(Client(), url))


def without_tokens(html: str) -> str:
    """The page less what is new on every render: CSRF tokens and the CSP nonce."""
    html = re.sub(r'nonce="[^"]*"', 'nonce="NONCE"', html)
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html)


def test_a_logged_in_readers_vote_is_theirs_alone(challenge):
    solution = make_solution(challenge, "A solution to vote for.")
    url = challenge.get_absolute_url()
    voter, other = UserFactory(), UserFactory()
    discussions.solution_vote(solution=solution, user=voter)
    voter_client, other_client = Client(), Client()
    voter_client.force_login(voter)
    other_client.force_login(other)
    voted = without_tokens(body_of(read(voter_client, url)))
    not_voted = without_tokens(body_of(read(other_client, url)))
    assert voted != not_voted
    assert without_tokens(body_of(read(other_client, url))) == not_voted
    assert without_tokens(body_of(read(voter_client, url))) == voted


def test_messages_and_sessions_are_never_stored(challenge):
    """A reader with a session (kept text, a flash message) is never served nor stored."""
    url = challenge.get_absolute_url()
    with_session = Client()
    session = with_session.session
    session["anything"] = 1
    session.save()
    with_session.cookies["sessionid"] = session.session_key
    assert "X-Page-Cache" not in read(with_session, url).headers
    assert read(Client(), url)["X-Page-Cache"] == "miss"


def test_a_write_bumps_the_generation_but_a_session_does_not(challenge):
    before = pagecache.generation()
    Client().get("/")
    Client().get("/search/?q=workers")  # full-text search reads through a WITH … query
    assert pagecache.generation() == before
    client = Client()
    client.force_login(UserFactory())  # a session row, and last_login
    after_login = pagecache.generation()
    client.get("/")
    assert pagecache.generation() == after_login
    make_solution(challenge, "New.")
    assert pagecache.generation() != after_login


def test_what_counts_as_a_write():
    assert pagecache._is_content_write('UPDATE "discussions_solution" SET "score" = 1')
    assert pagecache._is_content_write('INSERT INTO "knowledge_page" ("title") VALUES (%s)')
    assert pagecache._is_content_write("WITH x AS (SELECT 1) DELETE FROM knowledge_page")
    assert pagecache._is_content_write("VACUUM")  # unknown: when unsure, bump
    assert not pagecache._is_content_write('SELECT * FROM "knowledge_page" FOR UPDATE')
    assert not pagecache._is_content_write("WITH c(id) AS MATERIALIZED (SELECT 1) SELECT id FROM c")
    assert not pagecache._is_content_write('UPDATE "django_session" SET "expire_date" = %s')
    assert not pagecache._is_content_write('INSERT INTO "notifications_notification" VALUES (1)')
