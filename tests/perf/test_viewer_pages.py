"""A logged-in reader's own pages, kept for their session alone (core/pagecache.py): the next
read of the same page is served without a render while nothing was written, and everything
that is theirs (the unread count, a flash message, their session ending) shows at once.

Transactional: writes really commit, as in production, so the bumps after commit are what
is tested.
"""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import pagecache
from discussions import services as discussions
from notifications import services as notifications
from notifications.models import Notification
from tests.factories import UserFactory, make_challenge, make_solution

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def warm(client, url):
    """Read `url` until the reader's own copy serves it (another test's login, a session
    write, may make the first read's copy out of date)."""
    for _ in range(3):
        if read(client, url).get("X-Page-Cache") == "hit":
            return
    raise AssertionError(f"{url} was never served from the reader's own copy")


@pytest.fixture
def challenge():
    return make_challenge("Workers will not start", "The worker exits.", author=UserFactory())


@pytest.fixture
def reader():
    return UserFactory(username="reader")


def test_the_second_read_runs_no_query_and_shows_the_same_page(challenge, reader):
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    first = read(client, url)
    warm(client, url)
    with CaptureQueriesContext(connection) as queries:
        again = read(client, url)
    assert again["X-Page-Cache"] == "hit"
    assert len(queries) == 0  # not even the session or the user
    strip = lambda html: re.sub(r"[A-Za-z0-9]{64}|nonce=\"[^\"]*\"", "X", html)  # noqa: E731
    assert strip(again.content.decode()) == strip(first.content.decode())
    assert 'href="/u/reader/"' in again.content.decode()


def test_a_new_notification_shows_in_the_header_at_once(challenge, reader):
    client = logged_in(reader)
    solution = make_solution(challenge, "Run it with --pool=solo.", author=reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    assert "1 unread" not in read(client, url).content.decode()
    discussions.comment_create(target=solution, author=UserFactory(), body="That worked!")
    assert Notification.objects.filter(recipient=reader, read_at__isnull=True).count() == 1
    html = read(client, url).content.decode()
    assert "That worked!" in html
    assert re.search(r'class="badge[^"]*"[^>]*>\s*1\s*<', html), "the unread count shows 1"


def test_marking_read_clears_the_count_on_the_next_page(challenge, reader):
    solution = make_solution(challenge, "Run it with --pool=solo.", author=reader)
    discussions.comment_create(target=solution, author=UserFactory(), body="That worked!")
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    before = read(client, url).content.decode()
    assert re.search(r'class="badge[^"]*"[^>]*>\s*1\s*<', before)
    # Only notification rows change (a table no shared page shows).
    notifications.notifications_mark_all_read(user=reader)
    after = read(client, url)
    assert after.get("X-Page-Cache") != "hit"
    assert not re.search(r'class="badge[^"]*"[^>]*>\s*1\s*<', after.content.decode())


def test_a_flash_message_shows_once_and_is_never_replayed(challenge, reader):
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    saved = Message(constants.SUCCESS, "Your portfolio is saved.")
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode([saved])
    shown = read(client, url)
    assert "Your portfolio is saved." in shown.content.decode()
    assert shown.get("X-Page-Cache") != "hit"
    assert "Your portfolio is saved." not in read(client, url).content.decode()
    warm(client, url)
    assert "Your portfolio is saved." not in read(client, url).content.decode()


def test_logging_out_ends_the_copy_even_for_a_replayed_cookie(challenge, reader):
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    cookie = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies["sessionid"] = cookie
    html = read(replay, url).content.decode()
    assert 'href="/u/reader/"' not in html and "Log in" in html


def test_an_expired_session_is_never_served(challenge, reader, monkeypatch):
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    expiry = client.session.get_expiry_date().timestamp()
    monkeypatch.setattr(pagecache.time, "time", lambda: expiry + 1)
    assert read(client, url).get("X-Page-Cache") != "hit"


def test_the_copy_lives_at_most_the_configured_seconds(challenge, reader, monkeypatch, settings):
    settings.NEXUS_VIEWER_PAGE_SECONDS = 60
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    now = pagecache.time.time()
    monkeypatch.setattr(pagecache.time, "time", lambda: now + 61)
    assert read(client, url).get("X-Page-Cache") != "hit"


def test_zero_seconds_turns_it_off(challenge, reader, settings):
    settings.NEXUS_VIEWER_PAGE_SECONDS = 0
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    for _ in range(3):
        assert "X-Page-Cache" not in read(client, url).headers


def test_each_read_gets_its_own_nonce_and_a_token_that_works(challenge, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    hit = read(client, url)
    nonces = set(re.findall(r'nonce="([^"]+)"', hit.content.decode()))
    assert nonces, "the htmx script carries the nonce"
    assert pagecache.NONCE_PLACEHOLDER not in hit.content.decode()
    (nonce,) = nonces
    assert f"'nonce-{nonce}'" in hit["Content-Security-Policy"]
    assert nonce not in read(client, url).content.decode()  # a fresh one every time
    token = re.search(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', hit.content.decode())
    sent = client.post(
        f"/challenges/{challenge.pk}/comments/",
        {"csrfmiddlewaretoken": token.group(1), "body": "Which broker do you use?"},
    )
    assert sent.status_code in {200, 302}
    assert "Which broker do you use?" in read(client, url).content.decode()


def test_the_request_log_names_the_reader_on_a_copy(challenge, reader, caplog):
    client = logged_in(reader)
    url = challenge.get_absolute_url()
    warm(client, url)
    with caplog.at_level("INFO", logger="nexus.request"):
        assert read(client, url)["X-Page-Cache"] == "hit"
    assert caplog.records[-1].user_id == reader.pk


def test_a_download_is_never_kept(reader):
    """Only HTML pages are kept: a learner's README export is made afresh every time."""
    client = logged_in(reader)
    url = f"/u/{reader.username}/learnings/README.md"
    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/markdown")
        assert "X-Page-Cache" not in response.headers


def test_the_per_process_store_stays_within_its_bytes():
    store = pagecache._LocalPages()
    for n in range(50):
        store.set(f"k{n}", ("entry", n), 100, limit=1000)
    assert store._bytes <= 1000
    assert store.get("k49") == ("entry", 49) and store.get("k0") is None
    store.get("k40")  # recently used: kept over older ones
    store.set("k50", ("entry", 50), 100, limit=1000)
    assert store.get("k40") is not None and store.get("k41") is None
    store.set("huge", ("entry",), 600, limit=1000)  # over a quarter of the budget: not kept
    assert store.get("huge") is None and store._bytes <= 1000
